import type { Lexicon } from './lexicon';

/**
 * Which core topic a text is about: the topic whose signal words it mentions most
 * (ties go to the first topic in topics.txt); null when it mentions none.
 */
export function detectTopic(normalizedText: string, topics: Lexicon['topics']): string | null {
  let best: { topic: string; hits: number } | null = null;
  for (const { topic, words } of topics) {
    const hits = words.filter((w) => normalizedText.includes(w)).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { topic, hits };
  }
  return best?.topic ?? null;
}
