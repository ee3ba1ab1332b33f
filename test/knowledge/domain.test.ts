import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainLift, GENERAL_IDF_FILE, isDomainSpecific, MIN_DOMAIN_LIFT, readGeneralIdf } from '../../knowledge/domain';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_DATA_DIR } from '../../knowledge/lexicon';
import { GENERAL_IDF_TABLE } from '../../knowledge/segmenter';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

describe('domain lift', () => {
  it('is the share of clauses over the share of general documents', () => {
    // 10 of 1,000 clauses against exp(-7) ≈ 0.09 % of general text: about 11 times.
    expect(domainLift(10, 1000, 7)).toBeCloseTo(0.01 / Math.exp(-7), 6);
    expect(domainLift(0, 1000, 7)).toBe(0);
  });

  it('needs more than one clause, however rare the word is elsewhere', () => {
    expect(isDomainSpecific(1, 1000, 12)).toBe(false);
    expect(isDomainSpecific(5, 1000, 12)).toBe(true);
    expect(domainLift(5, 1000, 12)).toBeGreaterThan(MIN_DOMAIN_LIFT);
  });
});

describe('domain words of the corpus', () => {
  it('counts 征缴, 滞纳金, 骗取 and 门诊 as words of the domain', () => {
    for (const word of ['征缴', '滞纳金', '骗取', '门诊']) expect(kb.domainSpecific(word), word).toBe(true);
  });

  it('does not count 时间, 工作, 国家 or 银行, which the documents use like any text, nor 天气, which they never use', () => {
    for (const word of ['时间', '工作', '国家', '银行', '天气']) expect(kb.domainSpecific(word), word).toBe(false);
  });

  it(`keeps ${GENERAL_IDF_FILE} current: every corpus word jieba's table has is listed with its value`, () => {
    const kept = readGeneralIdf(join(DEFAULT_DATA_DIR, GENERAL_IDF_FILE));
    const general = readGeneralIdf(GENERAL_IDF_TABLE);
    const stale: string[] = [];
    for (const e of kb.entries) {
      for (const t of [...e.body.keys(), ...e.headings.keys()]) {
        if (general.has(t) && kept.get(t) !== general.get(t)) stale.push(t);
      }
    }
    expect([...new Set(stale)].slice(0, 10), 'run npm run general-idf').toEqual([]);
  });
});
