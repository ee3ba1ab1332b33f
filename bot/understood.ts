import type { Ranked } from '../knowledge/knowledgeBase';
import { questionKey } from '../knowledge/questions';
import { alternateSimilarities } from './alternateGrams';
import { alternativesOf } from './fit';

/**
 * "您问的是": an alternate question of the answering clause is shown above the quote only when it
 * is at least this alike to the user's question (character bigrams, similarity.ts). Below it the
 * alternate is about something else the clause also answers, and would confuse more than help:
 * with ten thousand alternate questions, those at 0.25–0.35 often read differently (医疗救助 对象
 * 有哪些 → 医疗救助对象能及时精准识别吗); from 0.4 on they say the same (举报骗保有奖励吗 →
 * 举报骗保查实了有奖励吗, 0.55).
 */
export const UNDERSTOOD_MIN_SIMILARITY = 0.4;

/** Alternate questions written as search words (`医保 基准费率 缴费基数`) are not shown as questions. */
const KEYWORD_STYLE = /\s/u;

/**
 * The alternate question of a clause closest to `question` (as a person would ask it, not the
 * keyword-style ones), and how close; null when there is none.
 */
export function closestAlternate(
  alternates: readonly string[],
  question: string,
  /** Alternates this rules out are not considered. */
  excluded: (alternate: string) => boolean = () => false,
): { question: string; similarity: number } | null {
  let best: { question: string; similarity: number } | null = null;
  let similarities: Float64Array | null = null;
  alternates.forEach((q, i) => {
    if (KEYWORD_STYLE.test(q.trim()) || excluded(q)) return;
    // bigramSimilarity(q, question) for every alternate, worked out once (alternateGrams.ts).
    similarities ??= alternateSimilarities(alternates, question);
    const similarity = similarities[i] as number;
    if (!best || similarity > best.similarity) best = { question: q, similarity };
  });
  return best;
}

/**
 * How the bot understood the question: the answering clause's alternate question closest to the
 * user's, when it is close enough and is not just the user's own text. Null otherwise. An
 * alternate naming only the alternative of something the question names (居民医保 for a question
 * about 职工医保: `contrasts`, lexicon contrasts.txt) is never how the question was understood.
 */
export function understoodAs(best: Ranked, question: string, contrasts: readonly string[][] = []): string | null {
  const closest = closestAlternate(best.entry.alternates, question, alternativesOf(question, contrasts));
  if (!closest || closest.similarity < UNDERSTOOD_MIN_SIMILARITY) return null;
  if (questionKey(closest.question) === questionKey(question)) return null;
  return closest.question;
}
