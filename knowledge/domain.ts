import { existsSync, readFileSync } from 'node:fs';

/**
 * Words of this domain, told apart from general words by the corpus itself: a word is
 * *domain-specific* when clauses use it far more often than general Chinese text does (its
 * "lift"). 征缴, 滞纳金, 门诊 and 骗取 are; 时间, 工作, 国家 and 银行 occur in the documents too but no
 * more than anywhere else, and 天气 or 快递 not at all. A question with a domain-specific word is
 * an insurance question even when it uses none of the words of `domain.txt`.
 *
 * General frequency comes from jieba's IDF table (`exp(-idf)` is about the share of general
 * documents with the word); `knowledge/data/general-idf.txt` keeps its lines for the corpus's
 * words (`npm run general-idf` rewrites it after documents are added). A corpus word missing from
 * it counts as rare in general text.
 */

/** The file of `knowledge/data/` with the general IDF of the corpus's words. */
export const GENERAL_IDF_FILE = 'general-idf.txt';

/** A word is domain-specific when its share of clauses is at least this many times its general share. */
export const MIN_DOMAIN_LIFT = 30;
/** …and it occurs in at least this many clauses (one clause's odd word says nothing about the domain). */
export const MIN_DOMAIN_CLAUSES = 2;
/** The IDF assumed for a corpus word jieba's table does not have (about its rarest words). */
export const UNLISTED_GENERAL_IDF = 12;

/** `word idf` lines, as in jieba's table. */
export function readGeneralIdf(path: string): Map<string, number> {
  const idf = new Map<string, number>();
  if (!existsSync(path)) return idf;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space <= 0 || line.startsWith('#')) continue;
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) idf.set(line.slice(0, space), value);
  }
  return idf;
}

/** How many times more often clauses use `word` than general text does (0 for a word no clause uses). */
export function domainLift(clausesWithWord: number, clauses: number, generalIdf: number | undefined): number {
  if (clausesWithWord <= 0 || clauses <= 0) return 0;
  return clausesWithWord / clauses / Math.exp(-(generalIdf ?? UNLISTED_GENERAL_IDF));
}

export function isDomainSpecific(clausesWithWord: number, clauses: number, generalIdf: number | undefined): boolean {
  return clausesWithWord >= MIN_DOMAIN_CLAUSES && domainLift(clausesWithWord, clauses, generalIdf) >= MIN_DOMAIN_LIFT;
}
