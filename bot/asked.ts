import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import { NATIONAL } from '../knowledge/regions';
import { quoteTerms, type AnswerabilityParams, type Decision } from './answerability';
import { selectQuote } from './quote';

/**
 * A question asked exactly as one of a clause's alternate questions (shipped in
 * `knowledge/questions/`, or attached by staff in the review console) is answered from that
 * clause: a person read the clause and said it answers this question, which outweighs what the
 * ranking and the fit checks can guess. "Exactly" is up to case, width, spaces and punctuation
 * (questions.ts `questionKey`). Among several such clauses, the best ranked one answers.
 * A question that names no place of a regional clause's region (长期护理保险是啥, written for 鄂州's
 * clause) is one region's way of asking a general question: a national clause ranked above that
 * clause answers it, through the usual decision.
 * Null when the question is no clause's alternate question (the usual decision applies).
 */
export function askedDecision(
  kb: Retriever, question: string, ranked: readonly Ranked[], params: AnswerabilityParams, region: string | null = null,
): Decision | null {
  const ids = kb.clausesForQuestion(question);
  if (ids.length === 0) return null;
  const best = ranked.find((r) => ids.includes(r.entry.clause.id));
  if (!best) return null;
  const regional = best.entry.region !== NATIONAL && best.entry.region !== region;
  if (regional && ranked.slice(0, ranked.indexOf(best)).some((r) => r.entry.region === NATIONAL)) return null;
  const { quote, complete } = selectQuote(best.entry.clause.text, quoteTerms(best), params.maxQuoteChars);
  return { answer: true, best, quote, complete };
}
