import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { questionKey } from '../../knowledge/questions';
import { alternateGrams, questionGrams } from '../../bot/alternateGrams';
import { bigrams } from '../../bot/similarity';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

describe('the bigrams of alternate questions', () => {
  it('are those of each question folded, for every clause of the corpus', () => {
    let compared = 0;
    for (const entry of kb.entries) {
      const grams = alternateGrams(entry.alternates);
      expect(grams.length).toBe(entry.alternates.length);
      entry.alternates.forEach((q, i) => expect(grams[i], q).toEqual(bigrams(questionKey(q))));
      compared += entry.alternates.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('are worked out once per list, and anew for a list given another question', () => {
    const list = ['异地就医怎么备案', '异地就医备案要带什么材料'];
    expect(alternateGrams(list)).toBe(alternateGrams(list));
    const longer = [...list, '在外地看病怎么报销'];
    expect(alternateGrams(longer)[2]).toEqual(bigrams(questionKey('在外地看病怎么报销')));
  });
});

describe('the bigrams of the question', () => {
  it('are those of the question folded, asked twice or after another question', () => {
    expect(questionGrams('灵活就业人员能参加职工医保吗？')).toEqual(bigrams(questionKey('灵活就业人员能参加职工医保吗？')));
    expect(questionGrams('医保卡丢了怎么办')).toEqual(bigrams(questionKey('医保卡丢了怎么办')));
    expect(questionGrams('医保卡丢了怎么办')).toBe(questionGrams('医保卡丢了怎么办'));
    expect(questionGrams('灵活就业人员能参加职工医保吗？')).toEqual(bigrams(questionKey('灵活就业人员能参加职工医保吗')));
  });
});
