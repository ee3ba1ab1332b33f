import type { Ranked } from '../knowledge/knowledgeBase';
import { bestAlternateSimilarity } from './alternateGrams';
import { Rescored } from './rescored';

/**
 * The second ranking stage: the close candidates reordered by how alike the user's question is,
 * as written, to one of each clause's alternate questions (character bigrams, similarity.ts).
 * BM25F scores the question's words one by one; an alternate question that reads like the user's
 * (换工作去别的城市了 职工医保怎么转 for 换了工作医保怎么转) says the clause answers this way of
 * asking as a whole. Only the order changes: relevance, coverage and every answerability gate stay
 * as ranked.
 */
export interface AlternateBoostParams {
  /**
   * A candidate's score is multiplied by `1 + boost × (similarity − minSimilarity)` for its most
   * alike alternate question. 0 turns the stage off.
   */
  boost: number;
  /** Similarity at or below which an alternate question says nothing (shared fillers such as 怎么 or 医保). */
  minSimilarity: number;
  /** Only candidates scoring at least this share of the best are reordered; the rest keep their place below. */
  minShare: number;
}

/** Chosen from a sweep over the development, validation and FAQ-style sets (`npm run eval`). */
export const DEFAULT_ALTERNATE_BOOST: AlternateBoostParams = { boost: 2, minSimilarity: 0, minShare: 0.5 };

/**
 * `ranked` (best first) with the close candidates reordered by their alternate questions. When the
 * question names a document (`document`, 征缴条例 适用范围), only that document's clauses are
 * raised: what is left once the title is taken out (适用范围) reads like many documents' questions,
 * and the one named is where the user looks.
 */
export function boostByAlternates(
  ranked: readonly Ranked[], question: string, params: AlternateBoostParams = DEFAULT_ALTERNATE_BOOST, document: string | null = null,
): Ranked[] {
  const top = ranked[0];
  if (!top || params.boost <= 0) return [...ranked];
  const floor = top.score * params.minShare;
  // `ranked` is best first: the close candidates are a prefix, and a raised score stays above the rest.
  let close = 0;
  while (close < ranked.length && (ranked[close] as Ranked).score >= floor) close += 1;
  let changed = false;
  const reordered = ranked.slice(0, close).map((r) => {
    if (document !== null && r.entry.doc.id !== document) return r;
    const above = bestAlternateSimilarity(r.entry.alternates, question) - params.minSimilarity;
    if (above <= 0) return r;
    changed = true;
    return new Rescored(r, r.score * (1 + params.boost * above));
  });
  // A stable sort: equal scores keep the ranking's own tie order.
  if (changed) reordered.sort((a, b) => b.score - a.score);
  return [...reordered, ...ranked.slice(close)];
}
