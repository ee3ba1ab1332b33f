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

/**
 * The A-not-A question form folded to its verb (罚不罚 → 罚, 能不能报销 → 能报销, 可不可以 → 可以,
 * 有没有 → 有), for matching only. Left as written, jieba reads 能不能报销 as 能 + 不能报销 (a
 * negation) and 罚不罚 as one unknown word.
 */
export function foldAnotA(text: string): string {
  return text.replace(A_NOT_A, '$1');
}

const A_NOT_A = /(\p{Script=Han})(?:不|没)\1/gu;
