import type { Ranked } from '../knowledge/knowledgeBase';
import { alternateGrams, questionGrams } from './alternateGrams';
import { jaccard } from './similarity';

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

/** How alike `question` is to the most alike of `alternates` (0 when there are none). */
export function bestAlternateSimilarity(alternates: readonly string[], question: string): number {
  if (!alternates.length) return 0;
  const asked = questionGrams(question);
  let best = 0;
  for (const grams of alternateGrams(alternates)) best = Math.max(best, jaccard(grams, asked));
  return best;
}

/** `r` with another score; everything else (relevance, coverage, the lazily worked-out matches) is `r`'s. */
function rescored(r: Ranked, score: number): Ranked {
  return {
    entry: r.entry,
    relevance: r.relevance,
    coverage: r.coverage,
    score,
    get matches() {
      return r.matches;
    },
  };
}

/** `ranked` (best first) with the close candidates reordered by their alternate questions. */
export function boostByAlternates(ranked: readonly Ranked[], question: string, params: AlternateBoostParams = DEFAULT_ALTERNATE_BOOST): Ranked[] {
  const top = ranked[0];
  if (!top || params.boost <= 0) return [...ranked];
  const floor = top.score * params.minShare;
  let changed = false;
  const out = ranked.map((r) => {
    if (r.score < floor) return r;
    const above = bestAlternateSimilarity(r.entry.alternates, question) - params.minSimilarity;
    if (above <= 0) return r;
    changed = true;
    return rescored(r, r.score * (1 + params.boost * above));
  });
  // A stable sort: equal scores keep the ranking's own tie order.
  return changed ? out.sort((a, b) => b.score - a.score) : out;
}
