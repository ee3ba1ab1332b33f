import { questionKey } from '../knowledge/questions';
import { bigrams } from './similarity';

/**
 * The character bigrams (similarity.ts) of a clause's alternate questions, worked out once per
 * list of alternates instead of on every answer that compares the user's question with them
 * (您问的是, the related questions, the suggestions, the choices). A clause given a question at
 * run time gets a new list (knowledgeBase.ts `addQuestion`), and with it new bigrams.
 */
const byList = new WeakMap<readonly string[], readonly Set<string>[]>();

/** The bigrams of `alternates[i]`'s folded form (questions.ts `questionKey`), for every i. */
export function alternateGrams(alternates: readonly string[]): readonly Set<string>[] {
  let grams = byList.get(alternates);
  if (!grams) byList.set(alternates, (grams = alternates.map((q) => bigrams(questionKey(q)))));
  return grams;
}

/** The last question's bigrams: one answer compares the same question with several clauses. */
let last: { question: string; grams: Set<string> } | null = null;

/** The bigrams of a question's folded form, as `bigrams(questionKey(question))`. */
export function questionGrams(question: string): Set<string> {
  if (last?.question !== question) last = { question, grams: bigrams(questionKey(question)) };
  return last.grams;
}
