import type { Segmenter } from './segmenter';
import { HAN, isWordToken, normalizeForMatch } from './normalize';

/** One word of a question, with its position and the sub-words search mode finds inside it. */
export interface QueryToken {
  token: string;
  start: number;
  end: number;
  /** Dictionary sub-words of a long token (城乡居民医保 → 城乡, 居民, 医保), without the token itself. */
  subwords: string[];
}

/**
 * Turns text into terms. The same normalisation and segmentation serve the index and the query,
 * so both sides agree on what a term is.
 */
export interface Analyzer {
  /** Terms of a clause for the index, in order, repeats kept (term frequency counts them). */
  indexTerms(text: string): string[];
  /** Content words of a question, in order, with positions in the normalised text. */
  queryTokens(normalizedText: string): QueryToken[];
  /** True when `term` is a stop word. */
  isStopWord(term: string): boolean;
  /** Part of speech of a dictionary word (jieba's tag set), `x` when the dictionary lacks it. */
  partOfSpeech(word: string): string;
}

/** The word that joins the options of an either-or question. */
const OR = '还是';

/**
 * jieba reads 交还是 as 交还 (to hand back) followed by 是; in a question it is 交 followed by 还是
 * (在西宁交还是回老家交): a word ending in 还 right before a word starting with 是 gives its 还
 * to 还是.
 */
export function splitBeforeOr(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    const next = words[i + 1];
    if (word.length >= 2 && word.endsWith(OR[0] as string) && next?.startsWith(OR[1] as string)) {
      out.push(word.slice(0, -1), OR);
      if (next.length > 1) out.push(next.slice(1));
      i += 1;
    } else out.push(word);
  }
  return out;
}

export function createAnalyzer(segmenter: Segmenter, stopWords: Set<string>): Analyzer {
  // jieba sometimes merges stop characters into a pseudo-word (我人 from 我人在): a Han token made
  // only of single-character stop words is a stop word too (digits are not: 2020 stays).
  const onlyStopChars = (t: string) => {
    if (t.length <= 1) return false;
    // Character by character, the set first: most characters are no stop word, and the scan ends there.
    for (const ch of t) if (!stopWords.has(ch) || !HAN.test(ch)) return false;
    return true;
  };
  const keep = (t: string) => isWordToken(t) && !stopWords.has(t) && !onlyStopChars(t);
  return {
    indexTerms(text) {
      return segmenter.cutForSearch(normalizeForMatch(text)).map((t) => t.trim()).filter(keep);
    },
    queryTokens(normalizedText) {
      const tokens: QueryToken[] = [];
      let at = 0;
      for (const raw of splitBeforeOr(segmenter.cut(normalizedText))) {
        const start = normalizedText.indexOf(raw, at);
        const end = start + raw.length;
        at = start >= 0 ? end : at;
        const token = raw.trim();
        if (!keep(token) || start < 0) continue;
        const subwords = token.length > 2
          ? [...new Set(segmenter.cutForSearch(token).filter((s) => s !== token && keep(s)))]
          : [];
        tokens.push({ token, start, end, subwords });
      }
      return tokens;
    },
    isStopWord: (term) => stopWords.has(term),
    partOfSpeech: (word) => segmenter.tag(word),
  };
}
