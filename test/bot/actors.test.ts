import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { byActor, wrongdoersOf } from '../../bot/actors';
import { createAnswerEngine, type AnswerEngine } from '../../bot/engine';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
let engine: AnswerEngine;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
  engine = createAnswerEngine(kb);
});

const wrongdoers = (id: string) => {
  const found = kb.clause(id);
  if (!found) throw new Error(`no clause ${id}`);
  return wrongdoersOf(found.clause).map((a) => a.name);
};

describe('wrongdoersOf', () => {
  it('finds the employer in 用人单位未按时足额缴纳社会保险费的，由…责令 (社会保险法 第八十六条)', () => {
    expect(wrongdoers('cn-social-insurance-law:a86')).toEqual(['employer']);
  });

  it('finds the agency behind its qualifier in 医疗保障经办机构…骗取医疗保障基金支出的 (监管条例 第三十七条)', () => {
    expect(wrongdoers('cn-fund-supervision-reg:a37')).toEqual(['agency']);
  });

  it('finds the agency and the hospitals in 社会保险经办机构以及医疗机构、药品经营单位等 (社会保险法 第八十七条)', () => {
    expect(wrongdoers('cn-social-insurance-law:a87')).toEqual(['agency', 'provider']);
  });

  it('finds no institution where a person or no one is the subject', () => {
    expect(wrongdoers('cn-social-insurance-law:a88')).toEqual([]); // 以欺诈、伪造证明材料…骗取社会保险待遇的
    expect(wrongdoers('cn-fund-supervision-reg:a41.p1')).toEqual([]); // 个人有下列情形之一的
    expect(wrongdoers('sh-medical-security-reg:a15.p1')).toEqual([]); // 用人单位和职工按照规定缴纳…的
    expect(wrongdoers('sh-medical-security-reg:a46.p2')).toEqual([]); // 参保人员在外省市定点医疗机构就医的
  });

  it('finds none where the condition is no wrong: 用人单位已经缴纳生育保险费的，其职工享受生育保险待遇 (社会保险法 第五十四条)', () => {
    expect(wrongdoers('cn-social-insurance-law:a54.p1')).toEqual([]);
    expect(wrongdoers('cn-si-collection-reg:a9')).toEqual([]); // 缴费单位的社会保险登记事项发生变更…的
  });

  it('finds none in a clause that states no condition: 第六十条 用人单位应当自行申报、按时足额缴纳社会保险费', () => {
    expect(wrongdoers('cn-social-insurance-law:a60.p1')).toEqual([]);
  });
});

describe('byActor', () => {
  it('answers 骗保 罚款 倍数 from the rule for whoever cheats (社会保险法 第八十八条), not the agency\'s own fraud', () => {
    const answer = engine.answer('骗保 罚款 倍数').answer;
    expect(answer.citations[0]?.clauseId).toBe('cn-social-insurance-law:a88');
  });

  it('keeps the employer\'s late fee first when the question names the company', () => {
    const answer = engine.answer('公司一直拖着不交社保 会被怎么处罚').answer;
    expect(answer.citations[0]?.quote).toMatch(/^第[^条]+条 用人单位/);
  });

  it('does not answer 医院多收了我的钱 with the collection agency\'s 多收社会保险费 (社会保险法 第九十条)', () => {
    const answer = engine.answer('医院多收了我的钱该找谁举报').answer;
    expect(answer.citations[0]?.clauseId).not.toBe('cn-social-insurance-law:a90');
  });

  it('changes nothing when the stage is off', () => {
    const ranked = kb.rank(kb.analyze('骗保 罚款 倍数'), {});
    expect(byActor(ranked, '骗保 罚款 倍数', { unnamedWrongdoer: 1 }).map((r) => r.entry.clause.id)).toEqual(ranked.map((r) => r.entry.clause.id));
  });
});
