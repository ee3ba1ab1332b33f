import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../bot/engine';
import type { Retriever } from '../../knowledge/knowledgeBase';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { CORPUS_DIR } from '../http/realServer';

let kb: Retriever;
let engine: AnswerEngine;
beforeAll(async () => {
  ({ kb, engine } = await loadServices(parseConfig({ CORPUS_DIR })));
});

describe('a question asked exactly as a clause’s alternate question', () => {
  it('is answered from that clause, even when the fit checks alone would decline it', () => {
    // 第十三条 says the relationship moves with the person, not what one does to move it.
    const clauseId = 'cn-si-handling-reg:a13.p1';
    const reworded = engine.answer('医保关系转移要怎么弄');
    expect(engine.answer('医保转移怎么弄').reason).toBe('procedure_not_stated');
    kb.addQuestion(clauseId, '医保转移怎么弄');
    const { answer, clauseId: answeredFrom } = engine.answer('医保转移怎么弄？');
    expect(answer.answered).toBe(true);
    expect(answeredFrom).toBe(clauseId);
    expect(answer.text).toContain('职工基本医疗保险关系随同转移');
    // Worded differently, the question still goes through the usual decision.
    expect(engine.answer('医保关系转移要怎么弄').reason).toBe(reworded.reason);
  });

  it('of a regional clause does not take a question naming no place from the national clause ranked above', () => {
    const national = 'cn-plan-2021:s3.c9.p1';
    const ezhou = 'ez-plan-2021:s2.c3.a11';
    expect(engine.answer('长护险到底是个啥制度').clauseId).toBe(national);
    kb.addQuestion(ezhou, '长护险到底是个啥制度');
    expect(engine.answer('长护险到底是个啥制度').clauseId).toBe(national);
    // Asked with the region's name, it is that region's question.
    kb.addQuestion(ezhou, '鄂州长护险到底是个啥制度');
    expect(engine.answer('鄂州长护险到底是个啥制度').clauseId).toBe(ezhou);
  });
});
