/** Chinese numerals as used in heading and article numbers (一 … 九千九百九十九). */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters a Chinese numeral is written with. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Value of a Chinese numeral (`二十三` → 23, `一百零五` → 105, `十` → 10), or null when `s`
 * is not one.
 */
export function parseChineseNumeral(s: string): number | null {
  if (s === '') return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch] ?? 0;
    } else if (ch in UNITS) {
      total += (digit ?? 1) * (UNITS[ch] ?? 1);
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

/** The Chinese numeral of 1 … 99 (`4` → 四, `12` → 十二, `20` → 二十), as heading numbers are written. */
export function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${ones === 0 ? '' : (digits[ones] ?? '')}`;
}
