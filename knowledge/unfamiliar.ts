import type { Lexicon } from './lexicon';
import type { AnalyzedQuery } from './query';

/**
 * Words of a question that name something the documents never speak of (宠物医院, 心脏病,
 * 瑞金医院). Such a question is about a thing outside the knowledge base, even when the rest of
 * it (医院, 医保, 看病) matches clauses well, so the engine declines it instead of quoting a
 * clause about something else.
 *
 * A word counts when all of these hold:
 * - the user wrote it (not carried over from an earlier turn) and no synonym explains it;
 * - the segmenter's dictionary lists it as a thing (see `THING_TAGS`) and it is at least
 *   `minLength` characters long (one-character nouns such as 钱 are too vague to decide on);
 * - it is written with a Han character that occurs nowhere in the indexed documents (nor in the
 *   everyday phrases of the thesaurus, `spokenChars`): the documents cannot discuss a thing they
 *   have no character for. This is deliberately strict:
 *   a colloquial word made of ordinary characters (生病, 回家, 家里) never counts, because the
 *   documents may well cover what it means in other words.
 */
export interface UnfamiliarParams {
  /** Parts of speech (jieba's tag set) that name things. */
  thingTags: ReadonlySet<string>;
  /** Shorter words never count. */
  minLength: number;
  /**
   * In a question of several parts that tells a story before it asks (我父亲被汽车撞了住院，
   * 对方不给钱，医保能先报吗), only the words of the asking parts count: the story's things (汽车)
   * are how it happened, not what is asked about. Off: every word counts.
   */
  askingPartsOnly: boolean;
}

export const DEFAULT_UNFAMILIAR: UnfamiliarParams = {
  // Common nouns, organisations, other proper nouns, idioms and noun morphemes. Person names (nr)
  // and places (ns) are left out: jieba's dictionary tags many colloquial fragments as names
  // (太少), and a place the place list lacks is a journey, which the 异地 rules cover.
  thingTags: new Set(['n', 'nt', 'nz', 'nl', 'ng']),
  minLength: 2,
  askingPartsOnly: true,
};

/** One part of a question with the punctuation that ends it. */
const PART = /[^，,。.；;！!？?\s]+[，,。.；;！!？?\s]*/g;
/**
 * A part that asks: a question mark, particle or word (能不能 is already folded to 能 by the
 * normaliser, so the question mark or particle is what is left of it).
 */
const ASKING = /[?？吗么呢]|可不可以|是不是|有没有|行不行|怎么|怎样|咋|如何|什么|啥|哪|多少|几|谁/;

/** The parts of the question that ask, or null when it does not tell a story first (one part, or no part asks). */
function askingParts(normalized: string): string[] | null {
  const parts = normalized.match(PART) ?? [];
  const asking = parts.filter((p) => ASKING.test(p));
  return parts.length > 1 && asking.length && asking.length < parts.length ? asking : null;
}

const HAN_CHAR = /\p{Script=Han}/u;

/** True when every Han character of `word` is one of `chars` (a word of other scripts only is too). */
export function writtenWith(word: string, chars: ReadonlySet<string>): boolean {
  for (const ch of word) if (HAN_CHAR.test(ch) && !chars.has(ch)) return false;
  return true;
}

/**
 * The characters of the thesaurus's colloquial phrases and of the familiar words: the everyday
 * language people use about what the documents say (多少钱, 厂里, 撞车). A word written with them
 * is not unfamiliar for want of a character the documents never use (余钱, 厂子): the thesaurus's
 * writers met those characters when saying the documents' things in everyday words.
 */
export function spokenChars(lexicon: Pick<Lexicon, 'synonyms' | 'familiar'>): Set<string> {
  const chars = new Set<string>();
  for (const text of [...lexicon.synonyms.map((s) => s.phrase), ...lexicon.familiar]) {
    for (const ch of text) if (HAN_CHAR.test(ch)) chars.add(ch);
  }
  return chars;
}

/**
 * `uncovered`: things no document speaks of although written with its characters (uncovered.txt:
 * 整形, 伙食费); a word of the user's that is one, or has one inside it (伙食费用), counts whatever
 * its characters and its tag.
 */
export function unfamiliarWords(
  query: AnalyzedQuery,
  knownChars: ReadonlySet<string>,
  partOfSpeech: (word: string) => string,
  params: UnfamiliarParams = DEFAULT_UNFAMILIAR,
  uncovered: ReadonlySet<string> = new Set(),
): string[] {
  const found = new Set<string>();
  const asking = params.askingPartsOnly ? askingParts(query.normalized) : null;
  for (const concept of query.concepts) {
    if (concept.context || concept.explained) continue;
    for (const word of concept.own ?? []) {
      if (asking && !asking.some((p) => p.includes(word))) continue;
      if ([...word].length < params.minLength) continue;
      if (namesUncovered(word, uncovered)) {
        found.add(word);
        continue;
      }
      // The characters first: they rule out most words without asking the segmenter for a tag.
      if (writtenWith(word, knownChars)) continue;
      if (params.thingTags.has(partOfSpeech(word))) found.add(word);
    }
  }
  return [...found];
}

/** True when `word` is, or has inside it, one of the `uncovered` things. */
function namesUncovered(word: string, uncovered: ReadonlySet<string>): boolean {
  for (const thing of uncovered) if (word.includes(thing)) return true;
  return false;
}
