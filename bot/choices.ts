import type { Ranked } from '../knowledge/knowledgeBase';
import { alternateSimilarities } from './alternateGrams';
import type { Choice } from './types';

/**
 * "您想问的是": when the clause an answer rests on and the next best candidate score this close
 * (the lower at least this share of the higher), the ranking cannot tell which one the user
 * means, so both are offered as choices and the user's pick is recorded for staff review. At 0.9,
 * 11 of the 81 answered questions of ../shared/eval/dev.jsonl offer choices (0.8: 23, 0.95: 6,
 * measured when this was set): often enough to learn from, rarely enough not to nag.
 */
export const CLOSE_CANDIDATES_SHARE = 0.9;

/** What a choice says: the clause's alternate question closest to the user's, else its source. */
function label(candidate: Ranked, question: string): string {
  const { alternates, clause, doc } = candidate.entry;
  let best: string | null = null;
  let bestSimilarity = -1;
  // bigramSimilarity(q, question) for every alternate q (alternateGrams.ts).
  const similarities = alternateSimilarities(alternates, question);
  alternates.forEach((q, i) => {
    const s = similarities[i] as number;
    if (s > bestSimilarity) [best, bestSimilarity] = [q, s];
  });
  return best ?? source(candidate.entry.clause.path, doc.title, clause.text);
}

function source(path: string, title: string, text: string): string {
  return path ? `《${title}》${path}` : `《${title}》${text.slice(0, 20)}`;
}

/**
 * The choices for an answer resting on `best`: `best` and the best other candidate that covers
 * enough of the question, when their scores are close; none otherwise.
 */
export function closeChoices(question: string, best: Ranked, ranked: readonly Ranked[], minCoverage: number): Choice[] {
  const other = ranked.find((r) => r !== best && r.entry.clause.id !== best.entry.clause.id && r.coverage >= minCoverage);
  if (!other) return [];
  const [low, high] = best.score < other.score ? [best.score, other.score] : [other.score, best.score];
  if (high <= 0 || low < high * CLOSE_CANDIDATES_SHARE) return [];
  const choices = [best, other].map((r) => ({ clauseId: r.entry.clause.id, label: label(r, question) }));
  if (choices[0]?.label === choices[1]?.label) {
    return [best, other].map((r) => ({ clauseId: r.entry.clause.id, label: source(r.entry.clause.path, r.entry.doc.title, r.entry.clause.text) }));
  }
  return choices;
}
