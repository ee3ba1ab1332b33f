import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { ConversationHandler, ConversationState, Reply } from '../../bot/types';
import type { AnswerEngine } from '../../bot/engine';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let engine: AnswerEngine;
let conversation: ConversationHandler;

beforeAll(async () => {
  ({ engine, conversation } = await loadServices(parseConfig({ CORPUS_DIR })));
});

function play(...texts: string[]): Reply[] {
  let state: ConversationState | undefined;
  return texts.map((text) => {
    const result = conversation.respond({ channel: 'web', conversationId: 'c1', userId: 'u1', kind: 'message', text }, state);
    state = result.state;
    return result.reply;
  });
}

describe('asking for an article by number', () => {
  it('reads out 社保法第二十三条 whole, both paragraphs, citing the article', () => {
    const { answer, reason, clauseId } = engine.answer('社保法第二十三条');
    expect(reason).toBeNull();
    expect(clauseId).toBe('cn-social-insurance-law:a23');
    expect(answer.text).toBe([
      '第二十三条 职工应当参加职工基本医疗保险，由用人单位和职工按照国家规定共同缴纳基本医疗保险费。',
      '无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员以及其他灵活就业人员可以参加职工基本医疗保险，由个人按照国家规定缴纳基本医疗保险费。',
      '——《中华人民共和国社会保险法》第二十三条',
    ].join('\n'));
    expect(answer.citations.map((c) => c.path)).toEqual(['第二十三条第一款', '第二十三条第二款']);
  });

  it('gives only the paragraph asked for in 浙江医保条例第29条第2款', () => {
    const { answer } = engine.answer('浙江医保条例第29条第2款');
    expect(answer.citations.map((c) => c.path)).toEqual(['第二十九条第二款']);
    expect(answer.text).toContain('恢复正常缴费的，自缴费月起的第三个自然月开始享受职工基本医疗保险待遇');
  });

  it('answers 监管条例第四十一条说的啥 although the question has no insurance word of its own', () => {
    expect(engine.answer('监管条例第四十一条说的啥').answer.text).toContain('将本人的医疗保障凭证交由他人冒名使用');
  });

  it('declines an article the law does not have, with its reason', () => {
    const { answer, reason } = engine.answer('社保法第一百条');
    expect(reason).toBe('reference_not_found');
    expect(answer.text).toBe(PHRASES.referenceNotFound);
  });

  it('asks which document when a first question names only a number', () => {
    const { answer, reason } = engine.answer('第四十一条说的啥');
    expect(reason).toBe('document_not_named');
    expect(answer.text).toBe(PHRASES.documentNotNamed);
  });

  it('takes the document of the last answer for 那第二十四条呢, and shows it whole for 全文', () => {
    const [, next, full] = play('社保法第二十三条', '那第二十四条呢', '全文');
    expect(next?.citations[0]?.path).toBe('第二十四条第一款');
    expect(full?.kind).toBe('fulltext');
    expect(full?.text).toContain('新型农村合作医疗的管理办法，由国务院规定');
    expect(full?.text.endsWith('——《中华人民共和国社会保险法》第二十四条')).toBe(true);
  });
});

describe('naming a document without an article', () => {
  it('answers 上海医保条例里长护险怎么评估 from the 上海 regulation', () => {
    const { answer } = engine.answer('上海医保条例里长护险怎么评估');
    expect(answer.citations[0]?.docId).toBe('sh-medical-security-reg');
    expect(answer.text).toContain('长期护理保险评估');
  });

  it('takes a question about a named document for an insurance question whatever its words: 监管条例 施行日期', () => {
    const { answer, reason } = engine.answer('监管条例 施行日期');
    expect(reason).toBeNull();
    expect(answer.text).toContain('本条例自2021年5月1日起施行');
  });

  it('looks in the named document\'s region, even after a national document was asked about', () => {
    const [, shanghai, zhejiang] = play('社保法啥时候实施的', '上海医保条例从什么时候开始执行', '那浙江呢');
    expect(shanghai?.text).toContain('本条例自2025年3月1日起施行');
    expect(zhejiang?.text).toContain('本条例自2021年7月1日起施行');
  });
});
