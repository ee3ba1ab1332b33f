import type { Ranked } from '../knowledge/knowledgeBase';
import { questionKey } from '../knowledge/questions';
import { closestAlternate } from './understood';

/** At most this many suggested questions on a decline (chips the user can tap). */
export const MAX_SUGGESTIONS = 3;

/** Candidates looked at for suggestions: the best ranked ones, whatever their score. */
export const SUGGESTION_CANDIDATES = 12;

/** A clause is suggested only when it matches at least this share of the question (ranker coverage). */
export const SUGGESTION_MIN_COVERAGE = 0.3;

/** A clause title longer than this is no question a user would tap. */
export const MAX_SUGGESTION_TITLE_CHARS = 24;

/** The last heading of a clause, when it is short enough to offer as a question. */
function title(candidate: Ranked): string | null {
  const heading = candidate.entry.clause.headings.at(-1)?.trim();
  return heading && [...heading].length <= MAX_SUGGESTION_TITLE_CHARS ? heading : null;
}

/**
 * What to offer instead of an answer: for the nearest clauses (best ranked first, each one
 * matching some of the question), the alternate question closest to the user's, or the clause's
 * title when it has none. Distinct, never the user's own question, at most MAX_SUGGESTIONS.
 */
export function suggestions(question: string, ranked: readonly Ranked[]): string[] {
  const own = questionKey(question);
  const seen = new Set<string>([own]);
  const out: string[] = [];
  for (const candidate of ranked.slice(0, SUGGESTION_CANDIDATES)) {
    if (out.length >= MAX_SUGGESTIONS) break;
    if (candidate.coverage < SUGGESTION_MIN_COVERAGE) continue;
    const text = closestAlternate(candidate.entry.alternates, question)?.question ?? title(candidate);
    if (!text) continue;
    const key = questionKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}
