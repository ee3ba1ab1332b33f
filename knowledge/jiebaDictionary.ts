/**
 * jieba's dictionary (349k words) in a form nodejieba loads about a third faster, with the same
 * segmentation. nodejieba's `load` builds cppjieba's dictionary twice (for the segmenter and for a
 * keyword extractor it never lets go of), and each time copies and sorts every entry by weight
 * only to read three figures from the sorted copy: the lowest weight, the median weight (given to
 * user words without a frequency) and the highest. Words read from a *user* dictionary with a
 * frequency skip that sort and get exactly the same weight, log(freq / sum of the main
 * dictionary's frequencies). So the dictionary is split in two files:
 *
 * - main: every single-character word (a single character read from a user dictionary would be
 *   kept away from the HMM, which changes how unknown words are cut), enough words of the lowest
 *   and the median frequency that the main file's lowest and median frequencies are the full
 *   dictionary's, and one carrier word whose frequency makes the main file's sum the full sum;
 * - rest: every other word, verbatim, the carrier with its real frequency (read later, it
 *   replaces the carrier's main entry in the trie), loaded as the first user dictionary, before
 *   the project's own (knowledge/data/userdict.txt), which still comes last.
 *
 * The highest weight is used by no option nodejieba sets. Every weight, tag and trie entry is the
 * same as with the original file, so every cut is too (a test compares a real corpus both ways).
 * When the dictionary breaks an assumption (a duplicate word, a frequency that is not a whole
 * number …) or the cache folder cannot be written, nodejieba loads its own file as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bumped when the split changes, so files written by an older split are not reused. */
export const SPLIT_FORMAT_VERSION = 1;

/** cppjieba splits a user-dictionary path list on either of these characters. */
const PATH_LIST_SEPARATORS = /[|;]/;

export interface SplitDictionary {
  /** The main dictionary file's text. */
  main: string;
  /** The text of the user dictionary loaded first, holding every other word. */
  rest: string;
}

interface Entry {
  line: string;
  word: string;
  freq: number;
  tag: string;
}

const WHOLE_NUMBER = /^[1-9][0-9]*$/;

function parse(text: string): Entry[] | null {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const [word, freq, tag] = fields;
    if (fields.length !== 3 || !word || !freq || tag === undefined || !WHOLE_NUMBER.test(freq)) return null;
    entries.push({ line, word, freq: Number(freq), tag });
  }
  return entries;
}

/** The lowest frequency and the one cppjieba reads as the median (`sorted[size / 2]`). */
function figures(freqs: number[]): { sum: number; min: number; median: number } {
  const sorted = [...freqs].sort((a, b) => a - b);
  return { sum: freqs.reduce((a, b) => a + b, 0), min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0 };
}

/** The split of a jieba dictionary (`word freq tag` lines), or null when it cannot give the same weights. */
export function splitDictionary(text: string): SplitDictionary | null {
  const entries = parse(text);
  if (!entries || entries.length === 0) return null;
  if (new Set(entries.map((e) => e.word)).size !== entries.length) return null;
  const full = figures(entries.map((e) => e.freq));
  if (!Number.isSafeInteger(full.sum)) return null;
  const main = entries.filter((e) => [...e.word].length === 1);
  const inMain = new Set(main);
  const others = entries.filter((e) => !inMain.has(e));
  const carrier = others.find((e) => e.freq > full.median);
  if (!carrier) return null;
  const take = (entry: Entry | undefined): boolean => {
    if (!entry) return false;
    main.push(entry);
    inMain.add(entry);
    return true;
  };
  if (!main.some((e) => e.freq === full.min) && !take(others.find((e) => e !== carrier && e.freq === full.min))) return null;
  // Words of the median frequency are added until cppjieba's median position, `size / 2` of the
  // sorted frequencies, falls on one; the carrier's main entry counts as one above the median.
  const medianWords = others.filter((e) => e !== carrier && e.freq === full.median && !inMain.has(e));
  const below = main.filter((e) => e.freq < full.median).length;
  const above = main.filter((e) => e.freq > full.median).length + 1;
  let atMedian = main.length + 1 - below - above;
  const medianPosition = () => Math.floor((below + atMedian + above) / 2);
  for (let next = 0; !(below <= medianPosition() && medianPosition() < below + atMedian); next++) {
    if (!take(medianWords[next])) return null;
    atMedian++;
  }
  const carried = full.sum - main.reduce((a, e) => a + e.freq, 0);
  const mainLines = [...main.map((e) => e.line), `${carrier.word} ${carried} ${carrier.tag}`];
  const check = figures([...main.map((e) => e.freq), carried]);
  if (carried <= full.median || check.sum !== full.sum || check.min !== full.min || check.median !== full.median) return null;
  const rest = entries.filter((e) => !inMain.has(e)).map((e) => e.line);
  return { main: `${mainLines.join('\n')}\n`, rest: `${rest.join('\n')}\n` };
}

export interface DictionaryFiles {
  /** nodejieba's `dict`. */
  dict: string;
  /** The first user dictionary, to go before the project's own. */
  rest: string;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * The split files of `source` in `cacheDir`, written on first use (keyed by the source's size and
 * modification time, so a reinstalled nodejieba is split again); null when `source` cannot be
 * split, `userDictPath` cannot be listed after it, or the folder cannot be written.
 */
export function splitDictionaryFiles(source: string, cacheDir: string, userDictPath: string): DictionaryFiles | null {
  if (PATH_LIST_SEPARATORS.test(userDictPath) || PATH_LIST_SEPARATORS.test(cacheDir)) return null;
  try {
    const { size, mtimeMs } = statSync(source);
    const key = createHash('sha256').update(`${SPLIT_FORMAT_VERSION} ${source} ${size} ${mtimeMs}`).digest('hex').slice(0, 16);
    const files = { dict: join(cacheDir, `jieba-main-${key}.utf8`), rest: join(cacheDir, `jieba-rest-${key}.utf8`) };
    if (existsSync(files.dict) && existsSync(files.rest)) return files;
    const split = splitDictionary(readFileSync(source, 'utf8'));
    if (!split) return null;
    mkdirSync(cacheDir, { recursive: true });
    writeAtomically(files.rest, split.rest);
    writeAtomically(files.dict, split.main);
    return files;
  } catch {
    return null;
  }
}
