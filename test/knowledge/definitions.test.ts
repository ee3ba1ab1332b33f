import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { asksDefinition, isIndicatorNote } from '../../knowledge/definitions';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

describe('indicator notes', () => {
  it('recognises the national plan’s footnote ④指… as a note', () => {
    expect(isIndicatorNote('④指住院费用跨省直接结算人次占全部住院跨省异地就医人次的比例。')).toBe(true);
    expect(isIndicatorNote('注：①指“十四五”期间基本医疗保险参保率每年保持在95%以上。')).toBe(true);
  });

  it('does not take an ordinary clause for a note', () => {
    expect(isIndicatorNote('完善异地就医直接结算服务。加强国家异地就医结算能力建设。')).toBe(false);
  });

  it('knows when a question asks what something means or how it is counted', () => {
    expect(asksDefinition('跨省住院直接结算率怎么算的')).toBe(true);
    expect(asksDefinition('在外省住院能直接结算吗')).toBe(false);
  });
});

describe('ranking notes', () => {
  const top = (question: string) => kb.rank(kb.analyze(question))[0]?.entry.clause.text ?? '';

  it('answers whether one can settle directly with the rule, not the indicator’s footnote', () => {
    expect(top('在外省住院能直接结算吗')).toContain('完善异地就医直接结算服务');
  });

  it('answers how the settlement rate is counted with the footnote', () => {
    expect(top('跨省住院直接结算率 怎么算的')).toContain('④指住院费用跨省直接结算人次占全部住院跨省异地就医人次的比例');
  });
});
