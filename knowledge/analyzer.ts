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

export function createAnalyzer(segmenter: Segmenter, stopWords: Set<string>): Analyzer {
  // jieba sometimes merges stop characters into a pseudo-word (我人 from 我人在): a Han token made
  // only of single-character stop words is a stop word too (digits are not: 2020 stays).
  const onlyStopChars = (t: string) => t.length > 1 && [...t].every((ch) => HAN.test(ch) && stopWords.has(ch));
  const keep = (t: string) => isWordToken(t) && !stopWords.has(t) && !onlyStopChars(t);
  return {
    indexTerms(text) {
      return segmenter.cutForSearch(normalizeForMatch(text)).map((t) => t.trim()).filter(keep);
    },
    queryTokens(normalizedText) {
      const tokens: QueryToken[] = [];
      let at = 0;
      for (const raw of segmenter.cut(normalizedText)) {
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
