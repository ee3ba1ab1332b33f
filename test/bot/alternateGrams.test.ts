import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { alternateSimilarities, bestAlternateSimilarity } from '../../bot/alternateGrams';
import { bigramSimilarity } from '../../bot/similarity';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

/** Questions as people type them, full-width punctuation, mixed scripts and one character included. */
const QUESTIONS = ['灵活就业人员能参加职工医保吗？', '换了工作医保咋转', '在深圳work，回老家hospital看病能报吗😭', '医', '异地就医备案 怎么办理'];

describe('the similarity of a question to alternate questions', () => {
  it('is bigramSimilarity for every alternate question of every clause of the corpus', () => {
    let compared = 0;
    for (const question of QUESTIONS) {
      for (const entry of kb.entries) {
        const similarities = [...alternateSimilarities(entry.alternates, question)];
        expect(similarities, `${question} / ${entry.clause.id}`).toEqual(entry.alternates.map((q) => bigramSimilarity(q, question)));
        expect(bestAlternateSimilarity(entry.alternates, question)).toBe(Math.max(0, ...similarities));
        compared += similarities.length;
      }
    }
    expect(compared).toBeGreaterThan(QUESTIONS.length * 5000);
  });

  it('counts a bigram first seen in a list compared after the question was', () => {
    const question = '牙科种植牙医保报不报';
    expect([...alternateSimilarities(['异地就医怎么备案'], question)]).toEqual([bigramSimilarity('异地就医怎么备案', question)]);
    const later = ['种植牙能走医保吗', '牙科种植牙医保报不报'];
    expect([...alternateSimilarities(later, question)]).toEqual([bigramSimilarity(later[0] as string, question), 1]);
  });

  it('is the same asked twice, and after another question', () => {
    const list = ['异地就医怎么备案', '异地就医备案要带什么材料'];
    const first = [...alternateSimilarities(list, '异地就医备案怎么弄')];
    alternateSimilarities(list, '医保卡丢了怎么办');
    expect([...alternateSimilarities(list, '异地就医备案怎么弄')]).toEqual(first);
    expect(first).toEqual(list.map((q) => bigramSimilarity(q, '异地就医备案怎么弄')));
  });

  it('is none for a clause without alternate questions', () => {
    expect(alternateSimilarities([], '异地就医备案怎么弄').length).toBe(0);
  });
});
