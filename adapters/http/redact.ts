/**
 * Masks personal numbers before anything is logged: 身份证号 (15 or 18 characters), 手机号 and
 * 医保卡号/社保卡号 are all long digit runs, so every run of digits this long (with an optional
 * trailing X of an ID number) is replaced by asterisks of the same length.
 */

/** Shortest digit run treated as personal: shorter runs are years, amounts, article numbers. */
export const MIN_PERSONAL_DIGITS = 6;

const PERSONAL_NUMBER = new RegExp(`[0-9０-９]{${MIN_PERSONAL_DIGITS},}[XxＸｘ]?`, 'g');

/** `text` with every personal-looking number masked. */
export function redact(text: string): string {
  return text.replace(PERSONAL_NUMBER, (run) => '*'.repeat(run.length));
}
