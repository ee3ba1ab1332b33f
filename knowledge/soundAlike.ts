import { createRequire } from 'node:module';

/** pinyin-pro, loaded on the first reading (its dictionary is about a tenth of a second of start-up that most runs never need). */
type Pinyin = typeof import('pinyin-pro').pinyin;
let loaded: Pinyin | null = null;
const pinyin: Pinyin = ((...args: Parameters<Pinyin>) => (loaded ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin)(...args)) as Pinyin;

/**
 * Sound-alike typos read as the documents' word. Voice input and pinyin keyboards put a
 * character of the same sound in place of the right one: 被案 for 备案, 节算 for 结算, 集财 for
 * 集采, 报险 for 保险. Jieba then cuts them into pieces no clause has, and the question is
 * misread or declined. A span of the question is read as a domain term when:
 *
 * - it sounds the same, tones aside, as exactly one domain term of its length (2–4 Han characters
 *   that clauses use far more than general text does, knowledge/domain.ts);
 * - it differs from that term in at most `maxDiffering` characters (one for two or three
 *   characters, two for four), so that the rest of the word confirms the reading;
 * - it is no word of its own: neither a jieba dictionary word (共计, 一包) nor a word of the
 *   documents; and not every pair of its characters is written in a clause or an alternate
 *   question (`writtenIn`), so that characters that only meet across two words (我是 in
 *   我是公司会计) are never read as one;
 * - it cuts no dictionary word of the question and changes no particle, pronoun or conjunction
 *   standing alone (`words`);
 * - no longer span holding it was read first.
 *
 * Only a question with a suspect word (one jieba does not know, or two lone characters side by
 * side) is looked at. pinyin-pro and the table (a few thousand terms, each read once) are loaded
 * on the first such question or on `prepare`, not at start-up.
 */
export interface SoundAlikeOptions {
  /** The domain terms a span may be read as. */
  terms: () => Iterable<string>;
  /** Words people type for them (the thesaurus's phrases: 集采, 新农合), read only where no domain term sounds the same. */
  spoken?: () => Iterable<string>;
  /** True for a word of its own that must not be read as another (a dictionary or corpus word). */
  isWord: (span: string) => boolean;
  /**
   * True when the span is written somewhere people or documents write (a clause, an alternate
   * question; `writtenIn`): 我是, 时能 and 分之 are, across the words of 我是公司会计, 出院时能, 百分之几; a typo is not.
   */
  written: (span: string) => boolean;
  /** Builds what `written` puts off until its first call (`prepare` of the corrector calls it). */
  prepareWritten?: () => void;
  /**
   * The question's words (jieba's cut) and whether each is a dictionary word. A span never starts
   * or ends inside a dictionary word of two or more characters (诊直 of 门诊直接, 公时 of 办公时间),
   * and never changes a particle, pronoun or conjunction standing alone (吗 of 刷吗, 了 of 到账了,
   * 她 of 给她用): those are typed on purpose.
   */
  words: (text: string) => ReadonlyArray<{ word: string; known: boolean; tag: string }>;
  /** Most characters a span may differ from its term in, by the term's length. */
  maxDiffering?: Readonly<Record<number, number>>;
  /** Toneless readings of one character (all of them for a character read several ways). */
  readings?: (char: string) => readonly string[];
  /** Toneless reading of a whole term, read as a word (医疗保险 → yi liao bao xian). */
  termReading?: (term: string) => string;
}

/** A span read as a term. */
export interface SoundAlikeReading {
  typed: string;
  read: string;
}

export interface SoundAlikeCorrector {
  (text: string): { text: string; readings: SoundAlikeReading[] };
  /** Builds the table (and what `written` needs) now instead of on the first question. */
  prepare(): void;
}

/** One for a two- or three-character term, two for a four-character one. */
export const DEFAULT_MAX_DIFFERING: Readonly<Record<number, number>> = { 2: 1, 3: 1, 4: 2 };

/** Shortest and longest term read; longer spans are tried first. */
const MIN_LENGTH = 2;
const MAX_LENGTH = 4;
/** A span with more combined readings than this (many polyphones) is not looked up. */
const MAX_KEYS = 16;
/** Spans whose look-ups (a word? written?) are remembered; then forgotten all at once. */
const MAX_REMEMBERED = 10_000;

/** jieba's tags of words that are typed on purpose, never for another word's sound: particles, pronouns, conjunctions, interjections. */
const FUNCTION_TAG = /^(?:u[a-z]?|y|r[a-z]?|c|e|o)$/;

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN_ONLY = /^\p{Script=Han}+$/u;

function pinyinReadings(char: string): readonly string[] {
  return pinyin(char, { toneType: 'none', type: 'array', multiple: true });
}

function pinyinOfTerm(term: string): string {
  return pinyin(term, { toneType: 'none', type: 'array' }).join(' ');
}

/** Whether any of `length` places from `i` is taken. */
function takenWithin(taken: Uint8Array, i: number, length: number): boolean {
  for (let j = i; j < i + length; j += 1) if (taken[j]) return true;
  return false;
}

/** `ask(span)`, remembered in `answers` (forgotten all at once when it holds MAX_REMEMBERED). */
function remembered(answers: Map<string, boolean>, span: string, ask: (span: string) => boolean): boolean {
  let a = answers.get(span);
  if (a === undefined) {
    if (answers.size >= MAX_REMEMBERED) answers.clear();
    answers.set(span, (a = ask(span)));
  }
  return a;
}

function differing(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) n += 1;
  return n;
}

/** More than the toneless syllables of Mandarin (about 410): a reading of up to four is one number in this base. */
const SYLLABLE_BASE = 1024;

export function createSoundAlikeCorrector(options: SoundAlikeOptions): SoundAlikeCorrector {
  const maxDiffering = options.maxDiffering ?? DEFAULT_MAX_DIFFERING;
  const readings = options.readings ?? pinyinReadings;
  const termReading = options.termReading ?? pinyinOfTerm;
  /** Syllable → its number, from 1 (a reading is its syllables' numbers in SYLLABLE_BASE). */
  const syllables = new Map<string, number>();
  const syllable = (s: string) => {
    let n = syllables.get(s);
    if (n === undefined) syllables.set(s, (n = syllables.size + 1));
    return n;
  };
  /** Reading → the one term of that sound; null when two terms sound alike (ambiguous: none is read). */
  let table: Map<number, string | null> | null = null;
  /** Per character, the numbers of its readings. */
  const charReadings = new Map<string, readonly number[]>();

  /** Per character, whether jieba tags it, standing alone, as a particle, pronoun or conjunction. */
  const functionChars = new Map<string, boolean>();
  const isFunctionChar = (ch: string) => remembered(functionChars, ch, (c) => FUNCTION_TAG.test(options.words(c)[0]?.tag ?? ''));

  const build = () => {
    const t = new Map<number, string | null>();
    const add = (words: Iterable<string>, taken: ReadonlySet<number>) => {
      for (const term of words) {
        if (term.length < MIN_LENGTH || term.length > MAX_LENGTH || !HAN_ONLY.test(term)) continue;
        // A term holding a particle or pronoun (涨了, 我市) is how a sentence goes on, not a word typed wrong.
        if ([...term].some(isFunctionChar)) continue;
        const parts = termReading(term).split(' ');
        if (parts.length !== term.length) continue;
        const key = parts.reduce((k, p) => k * SYLLABLE_BASE + syllable(p), 0);
        if (taken.has(key)) continue;
        const had = t.get(key);
        t.set(key, had === undefined || had === term ? term : null);
      }
    };
    add(options.terms(), new Set());
    add(options.spoken?.() ?? [], new Set(t.keys()));
    return t;
  };

  const readingsOf = (char: string) => {
    let r = charReadings.get(char);
    if (!r) charReadings.set(char, (r = readings(char).slice(0, MAX_KEYS).map(syllable)));
    return r;
  };

  /** The one term that `length` characters from `i` sound like, in any combination of their readings; null for none or several. */
  const soundsLike = (table: ReadonlyMap<number, string | null>, read: readonly (readonly number[])[], i: number, length: number): string | null => {
    // One reading per character (most spans): one number, no array.
    let single = 0;
    let keys: number[] | null = null;
    for (let j = i; j < i + length; j += 1) {
      const r = read[j] as readonly number[];
      if (!r.length) return null;
      if (keys === null && r.length === 1) {
        single = single * SYLLABLE_BASE + (r[0] as number);
        continue;
      }
      const next: number[] = [];
      for (const k of keys ?? [single]) for (const p of r) next.push(k * SYLLABLE_BASE + p);
      if (next.length > MAX_KEYS) return null;
      keys = next;
    }
    if (keys === null) return table.get(single) ?? null;
    let term: string | null = null;
    for (const k of keys) {
      const t = table.get(k);
      if (t === null || (t && term && t !== term)) return null;
      if (t) term = t;
    }
    return term;
  };

  /** Spans asked about, and the answers: whether each is a word, and whether it is written (a search of the whole text each). */
  const words = new Map<string, boolean>();
  const writtenSpans = new Map<string, boolean>();

  /** `span` may be read as `term`: it differs in a few characters and is no word of its own. */
  const mayRead = (span: string, term: string) => {
    const n = differing(span, term);
    return n > 0 && n <= (maxDiffering[span.length] ?? 0) && !remembered(words, span, options.isWord);
  };

  /**
   * Per position of `text`: whether it falls inside a dictionary word of two or more characters,
   * and whether its character is a function word alone; and whether the question has a word that
   * may be a typo at all (`suspect`): one jieba does not know (节算, 报险), or two characters it
   * leaves standing alone side by side, neither a function word (被 案). A question whose every
   * other word is a dictionary word is read as typed, without a look at the table.
   */
  const layout = (text: string) => {
    const inside = new Array<boolean>(text.length + 1).fill(false);
    const function_ = new Array<boolean>(text.length).fill(false);
    let suspect = false;
    let loneBefore = false;
    let at = 0;
    for (const { word, known, tag } of options.words(text)) {
      const start = text.indexOf(word, at);
      if (start < 0) continue;
      for (let i = start + 1; known && word.length > 1 && i < start + word.length; i += 1) inside[i] = true;
      const han = HAN_ONLY.test(word);
      const lone = han && word.length === 1 && !FUNCTION_TAG.test(tag);
      if (word.length === 1 && FUNCTION_TAG.test(tag)) function_[start] = true;
      if ((han && !known && word.length > 1) || (lone && loneBefore)) suspect = true;
      loneBefore = lone;
      at = start + word.length;
    }
    return { inside, function_, suspect };
  };

  const isWritten = (span: string) => remembered(writtenSpans, span, options.written);

  /** The span of `text` at `start` cuts no dictionary word, and reading it as `term` changes no function word. */
  const fits = (where: ReturnType<typeof layout>, start: number, span: string, term: string) => {
    if (where.inside[start] || where.inside[start + span.length]) return false;
    for (let i = 0; i < span.length; i += 1) if (span[i] !== term[i] && where.function_[start + i]) return false;
    return true;
  };

  const correct = (text: string) => {
    const found: Array<{ start: number; typed: string; read: string }> = [];
    const where = layout(text);
    if (!where.suspect) return { text, readings: [] };
    for (const run of text.matchAll(HAN_RUN)) {
      const chars = run[0];
      const at = run.index ?? 0;
      if (chars.length < MIN_LENGTH) continue;
      table ??= build();
      const read = Array.from(chars, readingsOf);
      // Longer spans first; a span read keeps its characters from shorter ones.
      const taken = new Uint8Array(chars.length);
      for (let length = Math.min(MAX_LENGTH, chars.length); length >= MIN_LENGTH; length -= 1) {
        for (let i = 0; i + length <= chars.length; i += 1) {
          if (takenWithin(taken, i, length)) continue;
          const term = soundsLike(table, read, i, length);
          if (!term) continue;
          const span = chars.slice(i, i + length);
          if (!mayRead(span, term) || isWritten(span) || !fits(where, at + i, span, term)) continue;
          found.push({ start: at + i, typed: span, read: term });
          taken.fill(1, i, i + length);
        }
      }
    }
    if (!found.length) return { text, readings: [] };
    found.sort((a, b) => a.start - b.start);
    let out = '';
    let from = 0;
    for (const f of found) {
      out += text.slice(from, f.start) + f.read;
      from = f.start + f.typed.length;
    }
    return { text: out + text.slice(from), readings: found.map(({ typed, read }) => ({ typed, read })) };
  };
  return Object.assign(correct, {
    prepare() {
      table ??= build();
      options.prepareWritten?.();
    },
  });
}

/** First code point of the Han ranges people type (CJK Extension A, then the Unified Ideographs up to 0x9FFF). */
const HAN_FIRST = 0x3400;
const HAN_SPAN = 0x9fff - HAN_FIRST + 1;

/**
 * Whether a span is written in a large text (`text()`, read once, on the first call or `prepare`):
 * whether every pair of neighbouring characters in it is. Only the pairs are kept (as small
 * numbers in a set, not the text), so a span of three or four characters whose pairs are all
 * written somewhere counts as written even where it is not: the cautious side, a typo left as typed.
 */
export function writtenIn(text: () => string): ((span: string) => boolean) & { prepare(): void } {
  let pairs: Set<number> | null = null;
  const pair = (s: string, i: number) => {
    const a = s.charCodeAt(i) - HAN_FIRST;
    const b = s.charCodeAt(i + 1) - HAN_FIRST;
    return a >= 0 && a < HAN_SPAN && b >= 0 && b < HAN_SPAN ? a * HAN_SPAN + b : -1;
  };
  const prepare = () => {
    if (pairs) return;
    const whole = text();
    pairs = new Set<number>();
    for (let i = 0; i + 1 < whole.length; i += 1) {
      const p = pair(whole, i);
      if (p >= 0) pairs.add(p);
    }
  };
  const written = (span: string) => {
    prepare();
    for (let i = 0; i + 1 < span.length; i += 1) if (!pairs?.has(pair(span, i))) return false;
    return true;
  };
  return Object.assign(written, { prepare });
}
