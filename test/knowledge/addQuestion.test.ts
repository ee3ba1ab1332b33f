import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');
/** 第四十八条: 失业人员 take part in 职工基本医疗保险 while they draw unemployment benefit. */
const CLAUSE = 'cn-social-insurance-law:a48.p1';
const QUESTION = '被老板炒鱿鱼了医保怎么办';

let kb: Retriever;
beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const positionOf = (question: string, clauseId: string) => kb.rank(kb.analyze(question)).findIndex((r) => r.entry.clause.id === clauseId);

describe('adding an alternate question at run time', () => {
  it('ranks the clause first for the question from the next call on, without a rebuild', () => {
    expect(kb.knows('炒鱿鱼')).toBe(false);
    expect(positionOf(QUESTION, CLAUSE)).not.toBe(0);
    expect(kb.addQuestion(CLAUSE, QUESTION)).toBe(true);
    expect(positionOf(QUESTION, CLAUSE)).toBe(0);
    expect(kb.knows('炒鱿鱼')).toBe(true);
    expect(kb.knowsInText('炒鱿鱼')).toBe(false);
    expect(kb.entries.find((e) => e.clause.id === CLAUSE)?.alternates).toContain(QUESTION);
  });

  it('finds the clause by the question, punctuation, width and spaces aside', () => {
    expect(kb.clausesForQuestion('被老板炒鱿鱼了，医保怎么办？')).toEqual([CLAUSE]);
    expect(kb.clausesForQuestion('被老板炒鱿鱼了医保怎么交')).toEqual([]);
  });

  it('keeps a question once per clause', () => {
    expect(kb.addQuestion(CLAUSE, '被老板炒鱿鱼了，医保怎么办？')).toBe(false);
    expect(kb.entries.find((e) => e.clause.id === CLAUSE)?.alternates.filter((q) => q.includes('炒鱿鱼'))).toEqual([QUESTION]);
  });

  it('finds the shipped alternate questions the same way', () => {
    const entry = kb.entries.find((e) => e.alternates.length > 0);
    expect(kb.clausesForQuestion(entry?.alternates[0] ?? '')).toContain(entry?.clause.id);
  });

  it('names the clause it cannot add to: unknown, or a heading without text', () => {
    expect(() => kb.addQuestion('cn-social-insurance-law:a999', QUESTION))
      .toThrow('knowledge: cannot add a question to "cn-social-insurance-law:a999": no indexed clause has that id');
    const heading = kb.documentClauses('cn-plan-2021')?.find((c) => !c.text.trim());
    expect(() => kb.addQuestion(heading?.id ?? '', QUESTION))
      .toThrow(`knowledge: cannot add a question to "${heading?.id}": no indexed clause has that id`);
  });
});
