import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nodejieba from 'nodejieba'; // default import: the named export fails in Node ESM (tech notes §0.8)
import { fromRoot } from '../paths/projectRoot';
import { feedDictionaryOnce } from './dictionaryFeed';
import { splitDictionaryFiles, type DictionaryFiles } from './jiebaDictionary';

/**
 * Chinese word segmentation. The only module that imports nodejieba, so it can be swapped.
 * HMM is always on: without it unknown words fall apart into single characters (tech notes §0.6).
 */
export interface Segmenter {
  /** Precise mode: each character belongs to one word. */
  cut(text: string): string[];
  /** Search mode: precise words plus their dictionary sub-words (城乡居民医保 → 城乡/居民/医保/…). */
  cutForSearch(text: string): string[];
  /**
   * Makes `words` dictionary words from now on (they stay whole when segmented). Words the
   * dictionary already keeps whole are left alone: re-inserting them would reset their frequency
   * and change how everything around them is cut (在上海看 → 在上/海看).
   */
  addWords(words: Iterable<string>): void;
  /**
   * Part of speech of a dictionary word, in jieba's tag set (n noun, nt organisation, ns place,
   * v verb …); `x` for a word the dictionary does not have (one jieba made up from its HMM).
   */
  tag(word: string): string;
}

/** jieba's tag for a word it does not know. */
export const UNKNOWN_TAG = 'x';

const USE_HMM = true;

/**
 * jieba's keyword extractor is never used here (ranking has its own idf over the corpus), but
 * nodejieba loads its 6 MB IDF table anyway, about 150 ms of start-up. It gets a one-line table.
 */
const UNUSED_IDF_TABLE = fromRoot('knowledge', 'data', 'jieba-idf-unused.utf8');

/**
 * jieba's IDF table of general Chinese text (a word's rarity outside this corpus). Read only by
 * `npm run general-idf`, which keeps the corpus vocabulary's share of it in
 * `knowledge/data/general-idf.txt` (domain.ts).
 */
export const GENERAL_IDF_TABLE = jiebaDictFile('idf.utf8');

/** A file of jieba's own dictionary folder. */
function jiebaDictFile(name: string): string {
  return join(nodejiebaDir(), 'submodules', 'cppjieba', 'dict', name);
}

/** The installed nodejieba package's folder. */
function nodejiebaDir(): string {
  return dirname(createRequire(import.meta.url).resolve('nodejieba/package.json'));
}

/** Where jieba's dictionary is kept in the form that loads faster (knowledge/jiebaDictionary.ts). */
const SPLIT_DICTIONARY_DIR = fromRoot('.cache', 'jieba');

let loadedDict: string | null = null;

/** Texts up to this many characters (words, not questions) are memoised. */
const MEMO_MAX_CHARS = 8;
/** Entries a memo holds before it starts afresh (bounded memory whatever the traffic). */
const MEMO_MAX_ENTRIES = 20_000;

/** Results of a pure look-up for short texts, bounded. */
class WordMemo<T> {
  private readonly entries = new Map<string, T>();
  get(text: string, compute: () => T): T {
    if (text.length > MEMO_MAX_CHARS) return compute();
    let value = this.entries.get(text);
    if (value === undefined) {
      if (this.entries.size >= MEMO_MAX_ENTRIES) this.entries.clear();
      value = compute();
      this.entries.set(text, value);
    }
    return value;
  }
  clear(): void {
    this.entries.clear();
  }
}

/** A word of the split's first user dictionary and one of its main file: both whole when the dictionary loaded. */
const LOADED_WORDS = ['中华人民共和国', '医疗保险'];

/**
 * Loads the split dictionary, fed once through pipes where that works (dictionaryFeed.ts), else
 * from its files. A feed that went wrong in any way is followed by a load of the files.
 */
function loadSplit(split: DictionaryFiles, userDictPath: string): void {
  const load = (files: DictionaryFiles) => nodejieba.load({ dict: files.dict, userDict: `${files.rest}|${userDictPath}`, idfDict: UNUSED_IDF_TABLE });
  const feed = feedDictionaryOnce(split, nodejiebaVersion());
  if (feed) {
    load(feed.files);
    const served = feed.finish();
    if (served && LOADED_WORDS.every((w) => nodejieba.cut(w, USE_HMM).length === 1 && nodejieba.tag(w)[0]?.tag !== UNKNOWN_TAG)) return;
  }
  load(split);
}

function nodejiebaVersion(): string {
  return (JSON.parse(readFileSync(join(nodejiebaDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * nodejieba keeps one dictionary per process, so every segmenter shares it; loading a second,
 * different user dictionary would silently change the first one's results and is refused.
 */
export function createSegmenter(userDictPath: string): Segmenter {
  // A missing user dictionary aborts the whole process inside the C++ code (tech notes §0.7).
  if (!existsSync(userDictPath)) throw new Error(`segmenter: user dictionary not found: ${userDictPath}`);
  if (loadedDict === null) {
    const split = splitDictionaryFiles(jiebaDictFile('jieba.dict.utf8'), SPLIT_DICTIONARY_DIR, userDictPath);
    if (split) loadSplit(split, userDictPath);
    else nodejieba.load({ userDict: userDictPath, idfDict: UNUSED_IDF_TABLE });
    loadedDict = userDictPath;
  } else if (loadedDict !== userDictPath) {
    throw new Error(`segmenter: a different user dictionary is already loaded (${loadedDict}), cannot load ${userDictPath}`);
  }
  // A question's words recur from question to question (医保, 职工医保, 报销): their sub-words and
  // tags are looked up once, not through the native binding every time. Inserted words change
  // both, so they empty the memo.
  const searchCuts = new WordMemo<string[]>();
  const tags = new WordMemo<string>();
  // The last text cut, and its words: a question is cut twice in a row, once to look for typos
  // (soundAlike.ts) and once to be analysed, and the second time costs nothing.
  let last: { text: string; words: string[] } | null = null;
  return {
    cut: (text) => {
      if (last?.text !== text) last = { text, words: nodejieba.cut(text, USE_HMM) };
      return last.words.slice();
    },
    cutForSearch: (text) => searchCuts.get(text, () => nodejieba.cutForSearch(text, USE_HMM)).slice(),
    addWords(words) {
      for (const raw of words) {
        const w = raw.trim();
        if (w && nodejieba.cut(w, USE_HMM).length > 1) nodejieba.insertWord(w);
      }
      searchCuts.clear();
      tags.clear();
      last = null;
    },
    tag: (word) => tags.get(word, () => {
      const tagged = nodejieba.tag(word);
      return tagged.length === 1 && tagged[0]?.word === word ? tagged[0].tag : UNKNOWN_TAG;
    }),
  };
}

/**
 * The stop-word list that ships with jieba (about 1,500 function words and fillers such as
 * 去, 拿, 跟, 管), added to the project's own list.
 */
export function bundledStopWords(): string[] {
  const file = jiebaDictFile('stop_words.utf8');
  if (!existsSync(file)) throw new Error(`segmenter: jieba stop-word list not found: ${file}`);
  return readFileSync(file, 'utf8').split('\n').map((w) => w.trim()).filter(Boolean);
}
