import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../knowledge/corpus';
import { compact } from '../../knowledge/parse/text';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

describe('loadCorpus on the real corpus', () => {
  const corpus = loadCorpus(CORPUS_DIR);

  it('loads all 11 documents without problems', () => {
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents).toHaveLength(11);
  });

  it('quotes every clause verbatim from its source file', () => {
    for (const doc of corpus.documents) {
      const source = compact(readSource(doc.meta.file));
      for (const clause of doc.clauses) {
        expect(source.includes(compact(clause.text)), `${clause.id} is not verbatim`).toBe(true);
      }
    }
  });
});

function readSource(file: string): string {
  return readFileSync(join(CORPUS_DIR, file), 'utf8');
}
