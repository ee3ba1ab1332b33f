/**
 * Personal data never reaches logs or analytics unredacted. `redact` masks 身份证号, 手机号 and
 * 医保卡/社保卡号-like digit runs, keeping only their first and last characters.
 */
const PATTERNS: Array<{ name: string; re: RegExp }> = [
  // 18-digit resident ID (last character may be X) and the old 15-digit form.
  { name: 'id-card', re: /(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{3}[\dXx]|\d{1})(?![0-9A-Za-z])/g },
  // Mainland mobile numbers, optionally with +86 and separators.
  { name: 'mobile', re: /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g },
  // Long card numbers (社会保障卡, 医保卡, bank cards): 9 or more digits, possibly letter-prefixed.
  { name: 'card', re: /(?<![0-9A-Za-z])([A-Za-z]{0,2}\d{2})\d{5,}(\d{2})(?![0-9A-Za-z])/g },
];

export function redact(text: string): string {
  let out = text;
  for (const { name, re } of PATTERNS) {
    out = out.replace(re, (match) => `${match.slice(0, 2)}[${name}]${match.slice(-1)}`);
  }
  return out;
}

/** True when `text` contains something `redact` would mask. */
export function hasPersonalData(text: string): boolean {
  return PATTERNS.some(({ re }) => new RegExp(re.source).test(text));
}
