/**
 * Folds the ways a number can be typed on a Chinese keyboard to ASCII, one character for one
 * character (so that positions in the folded text are positions in the original): full-width
 * digits and letters (１３８, Ｅ, Ｘ), the ideographic and no-break spaces, full-width plus and
 * the dashes and hyphens (－ ‐ ‑ ‒ – — ―, minus sign).
 */
const FULL_WIDTH_OFFSET = 0xfee0;
/** Full-width ０–９, Ａ–Ｚ, ａ–ｚ and ＋ map to ASCII by this offset. */
const FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0b]/g;
const SPACES = /[\u3000\u00a0]/g;
const DASHES = /[\uff0d\u2010-\u2015\u2212]/g;

export function fold(text: string): string {
  return text
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(SPACES, ' ')
    .replace(DASHES, '-');
}
