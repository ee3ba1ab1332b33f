import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../knowledge/corpus';
import { loadLexicon } from '../../knowledge/lexicon';
import { normalizeForMatch } from '../../knowledge/normalize';
import { createPhraseIndex, phraseIndexOf, type PhraseOccurrence } from '../../knowledge/phraseIndex';

/** The phrase index finds what trying every phrase with indexOf finds, in the same order. */

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

/** The scan the index replaces: every phrase in list order, each occurrence from left to right. */
function scan(phrases: readonly string[], text: string): PhraseOccurrence[] {
  const found: PhraseOccurrence[] = [];
  phrases.forEach((phrase, i) => {
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) found.push({ phrase: i, at });
  });
  return found;
}

describe('the phrase index', () => {
  it('finds every synonym phrase where a scan of all phrases finds it, in every clause of the corpus', () => {
    const phrases = loadLexicon().synonyms.map((s) => s.phrase);
    const index = createPhraseIndex(phrases);
    let found = 0;
    for (const doc of loadCorpus(CORPUS_DIR).documents) {
      for (const clause of doc.clauses) {
        const text = normalizeForMatch(clause.text);
        const expected = scan(phrases, text);
        expect(index.occurrences(text), clause.id).toEqual(expected);
        found += expected.length;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('finds overlapping occurrences and phrases inside longer ones, as the scan does', () => {
    const phrases = ['异地就医', '就医', '医保', '保保'];
    const text = '异地就医的医保保保';
    expect(createPhraseIndex(phrases).occurrences(text)).toEqual(scan(phrases, text));
    expect(createPhraseIndex(phrases).occurrences(text)).toEqual([
      { phrase: 0, at: 0 }, { phrase: 1, at: 2 }, { phrase: 2, at: 5 }, { phrase: 3, at: 6 }, { phrase: 3, at: 7 },
    ]);
  });

  it('is built once per synonym list', () => {
    const { synonyms } = loadLexicon();
    expect(phraseIndexOf(synonyms)).toBe(phraseIndexOf(synonyms));
  });
});
