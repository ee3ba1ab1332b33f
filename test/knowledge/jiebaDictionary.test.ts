import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitDictionary, splitDictionaryFiles } from '../../knowledge/jiebaDictionary';
import { loadLexicon } from '../../knowledge/lexicon';
import { fromRoot } from '../../paths/projectRoot';
import { corpusLines } from '../support/corpusLines';

const JIEBA_DICT = join(dirname(createRequire(import.meta.url).resolve('nodejieba/package.json')), 'submodules', 'cppjieba', 'dict', 'jieba.dict.utf8');

const SAMPLE = [
  '医 3000 n',
  '保 2500 v',
  '医保 900 n',
  '参保 40 v',
  '异地 300 n',
  '就医 120 v',
  '备案 3 v',
  '灵活就业 2 n',
  '结算 3 v',
  '门诊 3 n',
  '共济 3 v',
  '职工 3 n',
  '居民 3 n',
].join('\n');

function figures(text: string) {
  const freqs = text.trim().split('\n').map((line) => Number(line.split(' ')[1]));
  const sorted = [...freqs].sort((a, b) => a - b);
  return { sum: freqs.reduce((a, b) => a + b, 0), min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

const scratch = mkdtempSync(join(tmpdir(), 'jieba-dict-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('jieba dictionary split', () => {
  it('keeps every single character in the main file, with the full dictionary’s sum, lowest and median frequency', () => {
    const split = splitDictionary(SAMPLE);
    expect(split).not.toBeNull();
    const main = split!.main.trim().split('\n');
    expect(main).toEqual(expect.arrayContaining(['医 3000 n', '保 2500 v']));
    expect(figures(split!.main)).toEqual(figures(SAMPLE));
  });

  it('lists every other word verbatim in the first user dictionary, the carrier word 医保 with its real frequency', () => {
    const split = splitDictionary(SAMPLE)!;
    const main = new Set(split.main.trim().split('\n'));
    const rest = new Set(split.rest.trim().split('\n'));
    for (const line of SAMPLE.split('\n')) expect(main.has(line) || rest.has(line)).toBe(true);
    expect(rest.has('医保 900 n')).toBe(true);
    expect(split.main).toMatch(/^医保 \d+ n$/m);
    expect(main.has('医保 900 n')).toBe(false);
  });

  it('gives up on a dictionary with a word listed twice or a frequency that is not a whole number', () => {
    expect(splitDictionary(`${SAMPLE}\n医保 5 n`)).toBeNull();
    expect(splitDictionary('医 3000 n\n医保 9.5 n\n参保 40 v')).toBeNull();
  });

  it('writes the split files once, keyed by the source, and refuses a user dictionary path cppjieba would split', () => {
    const cache = join(scratch, 'cache');
    const files = splitDictionaryFiles(JIEBA_DICT, cache, '/data/userdict.txt');
    expect(files).not.toBeNull();
    const written = statSync(files!.dict).mtimeMs;
    expect(splitDictionaryFiles(JIEBA_DICT, cache, '/data/userdict.txt')).toEqual(files);
    expect(statSync(files!.dict).mtimeMs).toBe(written);
    expect(splitDictionaryFiles(JIEBA_DICT, cache, '/data/user|dict.txt')).toBeNull();
  });

  it('segments the whole corpus exactly as jieba’s own dictionary does (precise, search mode, tags, after inserted words)', () => {
    const files = splitDictionaryFiles(JIEBA_DICT, join(scratch, 'compare'), loadLexicon().userDictPath)!;
    const texts = corpusLines();
    texts.push('我是跑外卖的，没单位，自己能交职工医保不？', '我在兰州交的医保，去上海看病能直接报吗？');
    const input = join(scratch, 'texts.json');
    writeFileSync(input, JSON.stringify(texts));
    // nodejieba holds one dictionary per process: each way runs in its own.
    const segment = (dict: string | null, userDict: string) => execFileSync(process.execPath, ['-e', `
      const nodejieba = require('nodejieba');
      nodejieba.load(${dict ? `{ dict: ${JSON.stringify(dict)}, userDict: ${JSON.stringify(userDict)} }` : `{ userDict: ${JSON.stringify(userDict)} }`});
      const texts = JSON.parse(require('fs').readFileSync(${JSON.stringify(input)}, 'utf8'));
      const cut = () => texts.map((t) => [nodejieba.cut(t, true), nodejieba.cutForSearch(t, true), nodejieba.tag(t)]);
      const before = cut();
      for (const w of ['异地就医直接结算', '门诊共济保障']) nodejieba.insertWord(w);
      process.stdout.write(JSON.stringify([before, cut()]));
    `], { cwd: fromRoot(), maxBuffer: 1 << 28, encoding: 'utf8' });
    const userDict = loadLexicon().userDictPath;
    const original = segment(null, userDict);
    expect(segment(files.dict, `${files.rest}|${userDict}`)).toBe(original);
    expect(original).toContain('"灵活就业人员"');
  });
});
