/** The public JSON shape of one search hit (flat, so the console and other tools read it easily). */
import type { SearchHit } from '../../knowledge/types';

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
  headings: string[];
  /** The clause's verbatim text. */
  quote: string;
  /** [start, end) character ranges of query terms in `quote`, for highlighting. */
  matches: Array<[number, number]>;
  score: number;
}

export function toSearchResult(hit: SearchHit): SearchResult {
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
    headings: clause.headings,
    quote: clause.text,
    matches: hit.matches,
    score: hit.score,
  };
}
