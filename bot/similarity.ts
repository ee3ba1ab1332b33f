import { questionKey } from '../knowledge/questions';

/**
 * How alike two questions are as written: the Jaccard index of their character bigrams, after
 * folding case, width, spaces and punctuation (questions.ts `questionKey`). 1 for the same
 * question, 0 for questions sharing no two adjacent characters. Word order matters little
 * (怎么办理异地就医备案 / 异地就医备案怎么办理: 0.8), a different subject a lot
 * (异地就医备案 / 异地就医报销比例: 0.33).
 */
export function bigramSimilarity(a: string, b: string): number {
  return jaccard(bigrams(questionKey(a)), bigrams(questionKey(b)));
}

/** Shared members over all members of two sets; 0 when both are empty. */
export function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 && y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/** The character bigrams of a folded question (a one-character question is its own bigram). */
export function bigrams(key: string): Set<string> {
  const chars = [...key];
  if (chars.length === 1) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}
