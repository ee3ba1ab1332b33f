/**
 * Where a list of phrases occurs in a text, without trying every phrase: the phrases are indexed by
 * their first character, so a text of n characters costs n look-ups plus a comparison for each
 * phrase that starts with a character of the text (the synonym map has about a thousand phrases; a
 * question has a few dozen characters).
 */

/** One occurrence: the phrase's place in the list and where it starts in the text. */
export interface PhraseOccurrence {
  phrase: number;
  at: number;
}

export interface PhraseIndex {
  /**
   * Every occurrence of every phrase, overlapping ones included, in the order a scan of the list
   * finds them (phrase by phrase in list order, each from left to right): what
   * `for (phrase of list) for (at = text.indexOf(phrase); …)` visits.
   */
  occurrences(text: string): PhraseOccurrence[];
}

export function createPhraseIndex(phrases: readonly string[]): PhraseIndex {
  /**
   * First UTF-16 unit of a phrase (its code: a number key, where a one-character string of a Han
   * character would be a new string for every character of every text) → the places in the list
   * of the phrases that start with it, ascending.
   */
  const byFirst = new Map<number, number[]>();
  phrases.forEach((phrase, i) => {
    if (!phrase) return; // an empty phrase names nothing (lexicon.ts rejects it)
    const first = phrase.charCodeAt(0);
    const list = byFirst.get(first);
    if (list) list.push(i);
    else byFirst.set(first, [i]);
  });
  return {
    occurrences(text) {
      const found: PhraseOccurrence[] = [];
      for (let at = 0; at < text.length; at += 1) {
        const candidates = byFirst.get(text.charCodeAt(at));
        if (!candidates) continue;
        for (const i of candidates) if (text.startsWith(phrases[i] as string, at)) found.push({ phrase: i, at });
      }
      return found.sort((a, b) => a.phrase - b.phrase || a.at - b.at);
    },
  };
}

const indexes = new WeakMap<readonly { phrase: string }[], PhraseIndex>();

/** The phrase index of a list of entries with a `phrase` (the lexicon's synonyms), built once per list. */
export function phraseIndexOf(list: readonly { phrase: string }[]): PhraseIndex {
  let index = indexes.get(list);
  if (!index) indexes.set(list, (index = createPhraseIndex(list.map((s) => s.phrase))));
  return index;
}
