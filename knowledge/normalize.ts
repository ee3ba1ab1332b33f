/**
 * Text normalisation for matching (never for quoting: quotes stay verbatim).
 * NFKC folds full-width letters and digits (ＤＲＧ → DRG, ２０２５ → 2025); case is folded too.
 */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Emoji, pictographs and their joiners/variation selectors. */
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu;

/** Removes emoji; keeps every other character. */
export function stripEmoji(text: string): string {
  return text.replace(EMOJI, '');
}

/** A token that carries a word: letters (any script) or digits, not only punctuation, symbols or spaces. */
export function isWordToken(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/** Han characters. */
export const HAN = /\p{Script=Han}/u;
