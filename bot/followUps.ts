import type { Ranked } from '../knowledge/knowledgeBase';
import { NATIONAL } from '../knowledge/regions';
import { questionKey } from '../knowledge/questions';
import { closestAlternate } from './understood';

/** The follow-up that shows the whole clause when the quote was shortened. */
export const FULL_TEXT = '全文';

/** At most this many of the related clauses' questions are offered as follow-ups. */
export const MAX_RELATED_FOLLOW_UPS = 2;

/** A related clause's question is offered only when at least this alike to the user's (similarity.ts). */
export const RELATED_FOLLOW_UP_MIN_SIMILARITY = 0.15;

/** The related clauses' alternate questions closest to the user's (one each, not the user's own). */
export function relatedQuestions(related: readonly Ranked[], question: string): string[] {
  const seen = new Set<string>([questionKey(question)]);
  const out: string[] = [];
  for (const r of related) {
    const closest = closestAlternate(r.entry.alternates, question);
    if (!closest || closest.similarity < RELATED_FOLLOW_UP_MIN_SIMILARITY || seen.has(questionKey(closest.question))) continue;
    seen.add(questionKey(closest.question));
    out.push(closest.question);
    if (out.length >= MAX_RELATED_FOLLOW_UPS) break;
  }
  return out;
}

/**
 * "那青海呢" for regions whose own documents answer the question nearly as well as the best
 * clause (at least `minShare` of its score, covering enough of the question): only then does the
 * answer depend on the region. At most `max`.
 */
export function regionalFollowUps(ranked: readonly Ranked[], best: Ranked, minShare: number, minCoverage: number, max: number): string[] {
  const seen = new Set<string>();
  for (const r of ranked) {
    if (r.entry.region === NATIONAL || r.coverage < minCoverage || r.score < best.score * minShare) continue;
    seen.add(r.entry.region);
  }
  return [...seen].slice(0, max).map((region) => `那${region}呢`);
}
