import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FED_NODEJIEBA_VERSION, feedDictionaryOnce } from '../../knowledge/dictionaryFeed';
import { splitDictionaryFiles } from '../../knowledge/jiebaDictionary';
import { loadLexicon } from '../../knowledge/lexicon';
import { fromRoot } from '../../paths/projectRoot';
import { corpusLines } from '../support/corpusLines';

const NODEJIEBA = dirname(createRequire(import.meta.url).resolve('nodejieba/package.json'));
const JIEBA_DICT = join(NODEJIEBA, 'submodules', 'cppjieba', 'dict', 'jieba.dict.utf8');
const scratch = mkdtempSync(join(tmpdir(), 'dictionary-feed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('feeding jieba its dictionary once', () => {
  it('is offered for the nodejieba version whose load order it serves, which is the installed one', () => {
    const version = (JSON.parse(readFileSync(join(NODEJIEBA, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toBe(FED_NODEJIEBA_VERSION);
    const files = splitDictionaryFiles(JIEBA_DICT, join(scratch, 'split'), '/data/userdict.txt')!;
    expect(feedDictionaryOnce(files, '3.5.7')).toBeNull();
  });

  it('lets its worker go and removes the pipes when nothing opened them', () => {
    const files = splitDictionaryFiles(JIEBA_DICT, join(scratch, 'split'), '/data/userdict.txt')!;
    const feed = feedDictionaryOnce(files, FED_NODEJIEBA_VERSION)!;
    expect(feed).not.toBeNull();
    expect(statSync(feed.files.dict).isFIFO()).toBe(true);
    expect(feed.finish()).toBe(false);
    expect(existsSync(feed.files.dict)).toBe(false);
    expect(existsSync(feed.files.rest)).toBe(false);
  });

  it('segments the whole corpus as loading the files does, with one dictionary instead of two', () => {
    const texts = corpusLines();
    texts.push('我妈在老家交的新农合，来上海住院能直接结算不？', '灵活就业人员能参加职工医保吗');
    const input = join(scratch, 'texts.json');
    writeFileSync(input, JSON.stringify(texts));
    const userDict = loadLexicon().userDictPath;
    const files = splitDictionaryFiles(JIEBA_DICT, join(scratch, 'compare'), userDict)!;
    // nodejieba holds one dictionary per process: each way runs in its own.
    const segment = (fed: boolean) => execFileSync(process.execPath, ['--import', 'tsx', '-e', `
      const nodejieba = require('nodejieba');
      const { feedDictionaryOnce } = require(${JSON.stringify(fromRoot('knowledge', 'dictionaryFeed.ts'))});
      const files = ${JSON.stringify(files)};
      const feed = ${fed} ? feedDictionaryOnce(files, ${JSON.stringify(FED_NODEJIEBA_VERSION)}) : null;
      const from = feed ? feed.files : files;
      nodejieba.load({ dict: from.dict, userDict: from.rest + '|' + ${JSON.stringify(userDict)} });
      const served = feed ? feed.finish() : null;
      const texts = JSON.parse(require('fs').readFileSync(${JSON.stringify(input)}, 'utf8'));
      const cuts = texts.map((t) => [nodejieba.cut(t, true), nodejieba.cutForSearch(t, true), nodejieba.tag(t)]);
      process.stdout.write(JSON.stringify({ served, cuts }));
    `], { cwd: fromRoot(), maxBuffer: 1 << 28, encoding: 'utf8' });
    const plain = JSON.parse(segment(false)) as { cuts: unknown };
    const fed = JSON.parse(segment(true)) as { served: boolean; cuts: unknown };
    expect(fed.served).toBe(true);
    expect(fed.cuts).toEqual(plain.cuts);
    expect(JSON.stringify(plain.cuts)).toContain('"灵活就业人员"');
  });
});
