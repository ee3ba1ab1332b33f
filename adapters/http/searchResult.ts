/** The public JSON shape of one search hit (flat, so the console and other tools read it easily). */
import { DEFAULT_ANSWERABILITY } from '../../bot/answerability';
import type { SearchHit } from '../../knowledge/types';

/**
 * The relevance floor of a search hit, on the answer gate's two measures (bot/answerability.ts
 * `weak_match`): the gate's own minimum relevance, and a higher share of the query matched. The gate
 * lets a clause covering a quarter of a question through to its fit checks; a search list has no
 * such checks, so a hit must match most of what was typed (医保卡余额: clauses on 医保卡 alone fall
 * under the floor). The console lists hits under it as 相关度较低.
 */
export const RELEVANCE_FLOOR = {
  /** Share of the query's concept weight the clause must match. */
  minCoverage: 0.75,
  minRelevance: DEFAULT_ANSWERABILITY.minRelevance,
} as const;

/** Whether a hit clears RELEVANCE_FLOOR. */
export function isRelevant(hit: Pick<SearchHit, 'coverage' | 'relevance'>): boolean {
  return hit.coverage >= RELEVANCE_FLOOR.minCoverage && hit.relevance >= RELEVANCE_FLOOR.minRelevance;
}

export interface SearchResult {
  clauseId: string;
  docId: string;
  title: string;
  docNumber: string | null;
  issuer: string;
  date: string | null;
  /** Region as in the manifest (`全国`, `甘肃省` …). */
  region: string;
  kind: string;
  /** Human clause path, e.g. `第二十三条第二款`. */
  path: string;
  /** The path as a reader says it (knowledge/pathLabel.ts), e.g. `三、（四）` for a lone `三、（四）第1段`. */
  label: string;
  headings: string[];
  /** The clause's verbatim text. */
  quote: string;
  /** [start, end) character ranges of query terms in `quote`, for highlighting. */
  matches: Array<[number, number]>;
  score: number;
  /** Whether the clause clears RELEVANCE_FLOOR (the answer gate's): false marks a weak match. */
  relevant: boolean;
}

export function toSearchResult(hit: SearchHit, label: string): SearchResult {
  const { clause, doc } = hit;
  return {
    clauseId: clause.id,
    docId: doc.id,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    date: doc.date,
    region: doc.region,
    kind: doc.kind,
    path: clause.path,
    label,
    headings: clause.headings,
    quote: clause.text,
    matches: hit.matches,
    score: hit.score,
    relevant: isRelevant(hit),
  };
}
