/**
 * Personal data never reaches logs or analytics unredacted. `redact` masks 身份证号, 手机号 and
 * 医保卡/社保卡号-like digit runs, keeping only their first and last characters.
 */
const PATTERNS: Array<{ name: string; re: RegExp }> = [
  // Mainland mobile numbers, optionally with +86 and separators (before the ID pattern: a mobile
  // number with its country code is 13 digits).
  { name: 'mobile', re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g },
  // 18-digit resident ID (last character may be X) and the old 15-digit form.
  { name: 'id-card', re: /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g },
  // Long card numbers (社会保障卡, 医保卡, bank cards): 9 or more digits, possibly letter-prefixed.
  { name: 'card', re: /(?<![0-9A-Za-z])[A-Za-z]{0,2}\d{9,}(?![0-9A-Za-z])/g },
];

export function redact(text: string): string {
  let out = text;
  for (const { name, re } of PATTERNS) {
    out = out.replace(re, (match) => `${match.slice(0, 2)}[${name}]${match.slice(-1)}`);
  }
  return out;
}
