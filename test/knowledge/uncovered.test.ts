import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_DATA_DIR } from '../../knowledge/lexicon';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

// Its own file: the copied data folder's user dictionary is the one nodejieba loads in this process.
let dir: string;
let kb: Retriever;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'uncovered-'));
  cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
  // 住院伙食补助费 is in the 社会保险法 (工伤保险): 伙食 is spoken of, 伙食费 is not.
  writeFileSync(join(dir, 'uncovered.txt'), '伙食费\n伙食\n');
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR, dataDir: dir });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('uncovered.txt, checked against the documents', () => {
  it('warns about a listed thing a clause speaks of, naming the file and the word', () => {
    const problems = kb.problems.filter((p) => p.file === 'uncovered.txt');
    expect(problems).toEqual([{
      file: 'uncovered.txt', line: null, severity: 'warning',
      message: 'lexicon: uncovered.txt: "伙食" occurs in a clause or an alternate question, so the documents do speak of it',
    }]);
  });

  it('takes a question naming a listed thing for one about something the documents never mention', () => {
    expect(kb.unfamiliar(kb.analyze('住院的伙食费能报销吗'))).toContain('伙食费');
  });
});
