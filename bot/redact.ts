/**
 * Personal data never reaches logs or stored state unredacted. `redact` masks 身份证号, 手机号,
 * 医保卡/社保卡/bank card numbers and passport / 通行证 numbers, keeping only their first two and
 * last characters: `11[id-card]4`.
 *
 * Numbers are found however they are typed: full-width (１３８…), with spaces or dashes between
 * digit groups (138-1234-5678, 1234 5678 9012 3, 110101 19900307 1234). Ordinary policy numbers stay:
 * years (2021年), amounts (3000元), shares (70%), 文号 (医保发〔2021〕36号), dates, 12345.
 *
 * How: the text is folded to ASCII character by character (same length, so positions carry over);
 * every run of digit groups is then split, left to right, into the longest pieces that look like
 * one of the numbers below. A piece of several groups must have that number's usual grouping (or,
 * for a 身份证号, a plausible birth date), so that lists of amounts or years are not mistaken for one.
 */
import { fold } from './fold';

type Kind = 'mobile' | 'id-card' | 'passport' | 'card';

/** A candidate piece of a run: its folded text, where it was broken, and what follows it. */
interface Piece {
  text: string;
  /** Where the separators are, counted in digits from the piece's start (none when typed without). */
  breaks: number[];
  /** The character right after the piece ('' at the end of the text). */
  next: string;
}

/**
 * A run of digit groups, each separated by one space or dash, ended by an X (身份证号) or not, and
 * led by `+` or by one or two letters at the start of a word (E12345678, H12345678901). It never
 * starts or ends inside a longer number, nor inside an identifier of letters and digits joined by
 * dashes: the 551574785 of …-a1d551574785 and the 9761-4691-8094-0 of d6b6136b-9761-4691-8094-0ac9…
 * (a conversation id) are no card numbers.
 */
const RUN = /(?:(?<![0-9A-Za-z+]|[0-9A-Za-z]-)[A-Za-z]{1,2}|(?<![0-9A-Za-z+]|[0-9A-Za-z]-)\+?)\d+(?:[ -]\d+)*[Xx]?(?![0-9A-Za-z]|-[0-9A-Za-z])/g;
const GROUP = /\+?[A-Za-z]{0,2}\d+[Xx]?/g;

/** Most groups tried as one piece (the longest number, a bank card in fours, has five). */
const MAX_GROUPS_PER_PIECE = 6;

/** Mainland mobile numbers: 1[3-9] and nine digits, optionally after +86 / 86. */
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
/** Where a mobile number may be broken: 139-1234-5678. */
const MOBILE_BREAKS = new Set([3, 7]);
/** 18-digit resident ID (last character may be X) and the old 15-digit form. */
const ID_CARD = /^(?:\d{17}[\dX]|\d{15})$/i;
/**
 * Passports (E12345678, EA1234567, G/D/S/P + 8 digits), 往来港澳通行证 (C12345678, CA1234567,
 * old W12345678), 港澳居民来往内地通行证 (H/M + 8 or 10 digits), 台湾居民来往大陆通行证 (T + 8 digits).
 */
const PASSPORT = /^(?:[CDEGHMPSTW]\d{8}|[CE][A-Z]\d{7}|[HM]\d{10})$/i;
/** Long card numbers (社会保障卡, 医保卡, bank cards): 9 or more digits, possibly letter-prefixed. */
const CARD = /^[A-Z]{0,2}\d{9,}X?$/i;
/** A card number typed in groups: fours, the last group 1 to 4 digits (6222 0212 3456 7890 123). */
const CARD_GROUP_DIGITS = 4;
const MIN_CARD_GROUPS = 4;
/** A digit run followed by one of these is a quantity (3000000000元, 2000000000人次), never a card. */
const UNIT_AFTER = /^[元角分年月日号%万亿人次岁天个位名家所台条项]/;

/** Birth dates a 身份证号 can hold: 1900-01-01 to 2099-12-31 (only checked for a grouped number). */
const BIRTH_DATE_18 = /^\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/i;
const BIRTH_DATE_15 = /^\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;

/** A year of this or the last century: a list of them (2020 2021 2022 2023) is no card number. */
const YEAR = /^(?:19|20)\d{2}$/;

function isCardGrouping(groups: string[]): boolean {
  const last = groups.at(-1) ?? '';
  return groups.length >= MIN_CARD_GROUPS && last.length <= CARD_GROUP_DIGITS
    && groups.slice(0, -1).every((g) => g.length === CARD_GROUP_DIGITS) && !groups.every((g) => YEAR.test(g));
}

/** What `piece` is, or null when it is an ordinary number. */
function classify(piece: Piece): Kind | null {
  const compact = piece.text.replace(/[ -]/g, '');
  const separated = piece.breaks.length > 0;
  const mobile = MOBILE.exec(compact);
  if (mobile) {
    const prefix = compact.replace(/\D/g, '').length - (mobile[1] as string).length;
    if (piece.breaks.every((b) => b === prefix || MOBILE_BREAKS.has(b - prefix))) return 'mobile';
  }
  if (ID_CARD.test(compact) && (!separated || BIRTH_DATE_18.test(compact) || BIRTH_DATE_15.test(compact))) return 'id-card';
  if (!separated && PASSPORT.test(compact)) return 'passport';
  if (CARD.test(compact) && !UNIT_AFTER.test(piece.next)) {
    if (!separated) return 'card';
    if (isCardGrouping(digitGroups(compact.replace(/\D/g, ''), piece.breaks))) return 'card';
  }
  return null;
}

/** The digit groups of a piece, from its digits and break offsets. */
function digitGroups(digits: string, breaks: number[]): string[] {
  const bounds = [0, ...breaks, digits.length];
  return bounds.slice(1).map((b, i) => digits.slice(bounds[i], b));
}

/** A stretch of the text to mask, and what it is. */
interface Mask {
  start: number;
  end: number;
  kind: Kind;
}

interface Group {
  start: number;
  end: number;
  digits: number;
}

/** Fewest digits of a personal number (EA1234567); shorter pieces are not even looked at. */
const MIN_PERSONAL_DIGITS = 7;
/** Most digits of a personal number typed in groups (a 19-digit card, +86 and a mobile: 13). */
const MAX_GROUPED_DIGITS = 24;

/** The piece of `run` from group `first` to group `last`; `after` is what follows the run. */
function pieceOf(run: string, groups: Group[], first: number, last: number, after: string): Piece & Group {
  const { start } = groups[first] as Group;
  const { end } = groups[last] as Group;
  const breaks: number[] = [];
  let digits = 0;
  for (let g = first; g <= last; g++) {
    if (g > first) breaks.push(digits);
    digits += (groups[g] as Group).digits;
  }
  return { start, end, digits, text: run.slice(start, end), breaks, next: last === groups.length - 1 ? after : run.charAt(end) };
}

/** Digits in `text`. */
function digitCount(text: string): number {
  let n = 0;
  for (const ch of text) if (ch >= '0' && ch <= '9') n += 1;
  return n;
}

/**
 * The masks of one run of digit groups found at `offset`: longest recognised pieces, left to right.
 * Only pieces with a plausible number of digits are classified, so a long run costs little.
 */
function maskRun(run: string, offset: number, after: string): Mask[] {
  const groups: Group[] = [...run.matchAll(GROUP)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: digitCount(m[0]) }));
  const masks: Mask[] = [];
  let first = 0;
  while (first < groups.length) {
    let last = Math.min(groups.length, first + MAX_GROUPS_PER_PIECE) - 1;
    for (; last >= first; last--) {
      let digits = 0;
      for (let g = first; g <= last; g++) digits += (groups[g] as Group).digits;
      if (digits < MIN_PERSONAL_DIGITS || (last > first && digits > MAX_GROUPED_DIGITS)) continue;
      const piece = pieceOf(run, groups, first, last, after);
      const kind = classify(piece);
      if (kind) {
        masks.push({ start: offset + piece.start, end: offset + piece.end, kind });
        break;
      }
    }
    first = Math.max(last, first) + 1;
  }
  return masks;
}

/** Where `text` holds personal numbers, left to right. */
function masksOf(text: string): Mask[] {
  const folded = fold(text);
  const masks: Mask[] = [];
  for (const m of folded.matchAll(RUN)) {
    masks.push(...maskRun(m[0], m.index, folded.charAt(m.index + m[0].length)));
  }
  return masks;
}

/** `text` with each personal number replaced by what `render` makes of it. */
function replaceNumbers(text: string, render: (original: string, kind: Kind) => string): string {
  const masks = masksOf(text);
  if (masks.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end, kind } of masks) {
    out += text.slice(at, start) + render(text.slice(start, end), kind);
    at = end;
  }
  return out + text.slice(at);
}

/** For logs: each personal number masked, its kind named (`11[id-card]4`). */
export function redact(text: string): string {
  return replaceNumbers(text, (original, kind) => `${original.slice(0, 2)}[${kind}]${original.slice(-1)}`);
}

/**
 * For the answer engine and conversation memory: personal numbers left out altogether. No policy
 * answer needs them, and their digits only dilute the question (我的身份证号…，灵活就业人员能参保吗).
 */
export function withoutPersonalNumbers(text: string): string {
  return replaceNumbers(text, () => '');
}

/** What stands in a log line for message text found in it. */
export const TEXT_PLACEHOLDER = '[text]';
/** Texts shorter than this are not searched for (a one-character message would blank every line). */
const MIN_SCRUBBED_CHARS = 2;

/**
 * `line` (an error message or stack, for a log) with every occurrence of the given message texts
 * replaced by `[text]`, and what is left masked: an error that quotes the question it failed on
 * must not carry it into the log.
 */
export function withoutText(line: string, ...texts: Array<string | undefined>): string {
  let out = line;
  for (const text of texts) {
    const needle = text?.trim();
    if (needle && needle.length >= MIN_SCRUBBED_CHARS) out = out.split(needle).join(TEXT_PLACEHOLDER);
  }
  return redact(out);
}
