import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths/projectRoot';

/**
 * The maintainer-editable data files in `knowledge/data/`: user dictionary, synonyms, stop words
 * and region places. Parsed once; a malformed line fails with the file and line number.
 */
export interface Lexicon {
  /** Path of the nodejieba user dictionary (the segmenter reads it itself). */
  userDictPath: string;
  /** Words of the user dictionary, longest first (also used to keep colloquial phrases whole). */
  userWords: string[];
  /**
   * Colloquial phrase → official terms, phrases longest first; `line` is the line in synonyms.txt
   * (0 for a short name a document defines, added by `withShortNames`).
   */
  synonyms: Array<{ phrase: string; terms: string[]; line: number }>;
  stopWords: Set<string>;
  /**
   * Everyday words that need no synonym and change nothing about what is asked (啥意思, 咋办,
   * 妈妈, 师傅): never "a thing the documents never mention", and dropped from queries like stop words.
   */
  familiar: Set<string>;
  /**
   * Things people ask about that no document speaks of, written with characters the documents use
   * (整形, 伙食费): the character check of unfamiliar.ts cannot see them. uncovered.txt.
   */
  uncovered: Set<string>;
  /** Words of jieba's bundled stop-word list that stay terms here (借, 他人, 拿, 管): meaningful.txt. */
  meaningful: Set<string>;
  /** Place → region code, places longest first. */
  places: Array<{ place: string; region: string }>;
  /** Region codes in file order. */
  regions: string[];
  /** Region code → the name pages show for it: the first place of its regions.txt line (`national` → 全国). */
  regionNames: Map<string, string>;
  /** Topic → the words that signal it. */
  topics: Array<{ topic: string; words: string[] }>;
  /** Words that make a question an insurance question at all (lower-cased). */
  domainWords: string[];
  /** Population groups (灵活就业人员 …) and the words that name them. */
  groups: Array<{ name: string; words: string[] }>;
  /** Insurance schemes (`employee`, `resident`) and the words that name them. */
  insuranceTypes: Array<{ name: string; words: string[] }>;
  /** Social-insurance schemes (医疗, 养老, 工伤 …); the first is the default. */
  schemes: Array<{ name: string; words: string[] }>;
  /** Groups of mutually exclusive alternatives (门诊 / 住院): contrasts.txt. */
  contrasts: string[][];
  /** Short names of documents beyond those their titles give (aliases.txt): docId → names. */
  aliases: Map<string, string[]>;
}

export class LexiconError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`lexicon: ${file} line ${line}: ${message}`);
    this.name = 'LexiconError';
  }
}

/** The data folder shipped with the project. */
export const DEFAULT_DATA_DIR = fromRoot('knowledge', 'data');

interface DataLine {
  line: number;
  text: string;
}

function dataLines(dir: string, file: string): DataLine[] {
  const path = join(dir, file);
  if (!existsSync(path)) throw new LexiconError(file, 0, `missing file ${path}`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text && !l.text.startsWith('#'));
}

const byLengthDesc = <T>(key: (t: T) => string) => (a: T, b: T) => key(b).length - key(a).length;

function parseUserDict(dir: string, file: string): string[] {
  return dataLines(dir, file).map(({ line, text }) => {
    const fields = text.split(' ');
    if (fields.length > 3 || fields.some((f) => !f)) {
      throw new LexiconError(file, line, `expected "word", "word tag" or "word freq tag" separated by single spaces, got "${text}"`);
    }
    if (fields.length === 3 && !/^\d+$/.test(fields[1] as string)) {
      throw new LexiconError(file, line, `frequency must be a whole number, got "${fields[1]}"`);
    }
    return fields[0] as string;
  });
}

function parseSynonyms(dir: string, file: string): Lexicon['synonyms'] {
  const first = new Map<string, number>();
  return dataLines(dir, file).map(({ line, text }) => {
    const parts = text.split('=>');
    const phrase = parts[0]?.trim().toLowerCase();
    const terms = parts[1]?.trim().split(/\s+/).filter(Boolean).map((t) => t.toLowerCase()) ?? [];
    if (parts.length !== 2 || !phrase || terms.length === 0) {
      throw new LexiconError(file, line, `expected "colloquial => official …", got "${text}"`);
    }
    const earlier = first.get(phrase);
    if (earlier !== undefined) throw new LexiconError(file, line, `duplicate phrase "${phrase}" (first on line ${earlier})`);
    first.set(phrase, line);
    // A word the documents use needs no synonym; one that must not count as unfamiliar goes in familiar.txt.
    if (terms.includes(phrase)) throw new LexiconError(file, line, `"${phrase}" maps to itself`);
    return { phrase, terms, line };
  });
}

/**
 * `synonyms` with the short names the documents define (shortNames.ts): a phrase already in the
 * thesaurus gains the short name as one more official term; a new one is added (line 0).
 */
export function withShortNames(synonyms: Lexicon['synonyms'], shortNames: ReadonlyMap<string, readonly string[]>): Lexicon['synonyms'] {
  if (shortNames.size === 0) return synonyms;
  const merged = synonyms.map((s) => {
    const names = shortNames.get(s.phrase);
    return names ? { ...s, terms: [...new Set([...s.terms, ...names])] } : s;
  });
  const known = new Set(synonyms.map((s) => s.phrase));
  for (const [phrase, names] of shortNames) if (!known.has(phrase)) merged.push({ phrase, terms: [...names], line: 0 });
  return merged.sort(byLengthDesc((s) => s.phrase));
}

/**
 * Official terms of synonyms.txt that occur nowhere in `corpusText` (normalised, whitespace
 * removed): a synonym pointing at wording the documents do not use widens nothing. `isTerm`: a
 * term the documents' index already has needs no search of the text.
 */
export function missingSynonymTargets(
  lexicon: Pick<Lexicon, 'synonyms'>,
  corpusText: string,
  isTerm: (term: string) => boolean = () => false,
): Array<{ line: number; term: string }> {
  return lexicon.synonyms.flatMap(({ terms, line }) => terms.filter((t) => !isTerm(t) && !corpusText.includes(t)).map((term) => ({ line, term })));
}

/** Whitespace-separated word lists (stopwords.txt, domain.txt). */
function parseWordList(dir: string, file: string): Set<string> {
  return new Set(dataLines(dir, file).flatMap(({ text }) => text.split(/\s+/)));
}

/** Lines of two or more whitespace-separated words (contrasts.txt). */
function parseGroups(dir: string, file: string): string[][] {
  return dataLines(dir, file).map(({ line, text }) => {
    const words = text.split(/\s+/).map((w) => w.toLowerCase());
    if (words.length < 2) throw new LexiconError(file, line, `expected two or more words, got "${text}"`);
    return words;
  });
}

/** Lines of the form `key: word word …` (regions.txt, topics.txt). */
function parseKeyedLists(dir: string, file: string, what: string): Array<{ key: string; words: string[] }> {
  return dataLines(dir, file).map(({ line, text }) => {
    const m = /^([^:：\s]+)\s*[:：]\s*(.+)$/.exec(text);
    if (!m) throw new LexiconError(file, line, `expected "${what}: word word …", got "${text}"`);
    return { key: m[1] as string, words: (m[2] as string).split(/\s+/) };
  });
}

export function loadLexicon(dir: string = DEFAULT_DATA_DIR): Lexicon {
  const lexicon: Lexicon = {
    userDictPath: join(dir, 'userdict.txt'),
    userWords: parseUserDict(dir, 'userdict.txt').sort(byLengthDesc((w) => w)),
    synonyms: parseSynonyms(dir, 'synonyms.txt').sort(byLengthDesc((s) => s.phrase)),
    stopWords: parseWordList(dir, 'stopwords.txt'),
    familiar: new Set([...parseWordList(dir, 'familiar.txt')].map((w) => w.toLowerCase())),
    uncovered: new Set([...parseWordList(dir, 'uncovered.txt')].map((w) => w.toLowerCase())),
    meaningful: parseWordList(dir, 'meaningful.txt'),
    ...regionsOf(parseKeyedLists(dir, 'regions.txt', 'region')),
    topics: parseKeyedLists(dir, 'topics.txt', 'topic').map(({ key, words }) => ({ topic: key, words })),
    domainWords: [...parseWordList(dir, 'domain.txt')].map((w) => w.toLowerCase()),
    groups: parseKeyedLists(dir, 'groups.txt', 'group').map(({ key, words }) => ({ name: key, words })),
    insuranceTypes: parseKeyedLists(dir, 'insurance.txt', 'type').map(({ key, words }) => ({ name: key, words })),
    schemes: parseKeyedLists(dir, 'schemes.txt', 'scheme').map(({ key, words }) => ({ name: key, words })),
    contrasts: parseGroups(dir, 'contrasts.txt'),
    aliases: new Map(parseKeyedLists(dir, 'aliases.txt', 'docId').map(({ key, words }) => [key, words])),
  };
  const synonymLine = new Map(lexicon.synonyms.map((s) => [s.phrase, s.line]));
  for (const file of ['familiar.txt', 'uncovered.txt']) {
    for (const { line, text } of dataLines(dir, file)) {
      for (const word of text.split(/\s+/)) {
        const at = synonymLine.get(word.toLowerCase());
        if (at !== undefined) throw new LexiconError(file, line, `"${word}" is also a synonym phrase (synonyms.txt line ${at}): keep it in one of them`);
        if (file === 'uncovered.txt' && lexicon.familiar.has(word.toLowerCase())) throw new LexiconError(file, line, `"${word}" is also a familiar word (familiar.txt): keep it in one of them`);
      }
    }
  }
  return lexicon;
}

/** The key of a regions.txt line whose places are each a region of their own (no documents of theirs). */
export const OWN_REGION_KEY = '*';

function regionsOf(lists: Array<{ key: string; words: string[] }>): Pick<Lexicon, 'places' | 'regions' | 'regionNames'> {
  const places = lists.flatMap(({ key, words }) => words.map((place) => ({ place, region: key === OWN_REGION_KEY ? place : key })));
  const own = lists.filter((l) => l.key !== OWN_REGION_KEY);
  return {
    regions: own.map((l) => l.key),
    regionNames: new Map(own.map((l) => [l.key, l.words[0] as string])),
    places: places.sort(byLengthDesc((p) => p.place)),
  };
}
