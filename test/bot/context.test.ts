import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTurnQuery, DEFAULT_CONTEXT } from '../../bot/context';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import type { QueryConcept } from '../../knowledge/query';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const labels = (concepts: QueryConcept[]) => concepts.map((c) => c.label);

describe('buildTurnQuery', () => {
  it('reads a first question on its own', () => {
    const turn = buildTurnQuery(kb, '灵活就业人员能参加职工医保吗', undefined);
    expect(turn.followsUp).toBe(false);
    expect(turn.group).toBe('灵活就业人员');
    expect(turn.insuranceType).toBe('employee');
    expect(turn.region).toBeNull();
    expect(turn.query.concepts.every((c) => !c.context)).toBe(true);
  });

  it('carries the previous question into 那青海呢 at the previous-question weight', () => {
    const previous = kb.analyze('灵活就业人员能参加职工医保吗');
    const turn = buildTurnQuery(kb, '那青海呢', { turns: 1, lastQuestion: '灵活就业人员能参加职工医保吗', lastTopic: 'enrolment' });
    expect(turn.followsUp).toBe(true);
    expect(turn.region).toBe('青海');
    expect(turn.query.topic).toBe('enrolment');
    expect(labels(turn.query.concepts)).toEqual(labels(previous.concepts).map((l) => `上文:${l}`));
    const carried = turn.query.concepts[0] as QueryConcept;
    expect(carried.context).toBe(true);
    expect(carried.terms[0]?.weight).toBeCloseTo((previous.concepts[0]?.terms[0]?.weight ?? 0) * DEFAULT_CONTEXT.previousWeight, 10);
  });

  it('lets the earlier words weigh at most one and a half of the follow-up\'s own: 那去哪举报 after a long question is about 举报', () => {
    const lastQuestion = '医院叫我拿着处方去外面药店自己掏钱买药，这合理吗';
    const previous = kb.analyze(lastQuestion);
    const turn = buildTurnQuery(kb, '那去哪举报', { turns: 1, lastQuestion });
    const own = turn.query.concepts.filter((c) => !c.context);
    const carried = turn.query.concepts.filter((c) => c.context);
    expect(own).toHaveLength(1);
    expect(carried).toHaveLength(previous.concepts.length);
    const share = Math.min(1, (DEFAULT_CONTEXT.carriedPerOwn * own.length) / carried.length);
    expect(carried[0]?.terms[0]?.weight).toBeCloseTo((previous.concepts[0]?.terms[0]?.weight ?? 0) * DEFAULT_CONTEXT.previousWeight * share, 10);
  });

  it('carries the earlier words at the full previous-question weight when the follow-up\'s own word is in no clause', () => {
    const previous = kb.analyze('长期护理保险先覆盖哪些人');
    const turn = buildTurnQuery(kb, '那鄂州呢 先保', { turns: 1, lastQuestion: '长期护理保险先覆盖哪些人' });
    const carried = turn.query.concepts.filter((c) => c.context);
    expect(carried[0]?.terms[0]?.weight).toBeCloseTo((previous.concepts[0]?.terms[0]?.weight ?? 0) * DEFAULT_CONTEXT.previousWeight, 10);
  });

  it('keeps the scheme of the previous question when the next one names none: 生育保险能报销哪些费用 → 我老婆没上班她能享受吗', () => {
    const turn = buildTurnQuery(kb, '我老婆没上班她能享受吗', { turns: 1, lastQuestion: '生育保险能报销哪些费用' });
    expect(turn.followsUp).toBe(false);
    expect(turn.query.schemes).toEqual(['医疗', '生育']);
    expect(buildTurnQuery(kb, '我老婆没上班她能享受吗', undefined).query.schemes).toEqual(['医疗']);
  });

  it('does not carry the previous question into a new, self-contained one', () => {
    const turn = buildTurnQuery(kb, '骗取医保基金会被怎么处罚，谁来查处', { turns: 1, lastQuestion: '异地就医怎么备案' });
    expect(turn.followsUp).toBe(false);
    expect(turn.query.concepts.some((c) => c.context)).toBe(false);
  });

  it('reads a question opening with 那 as a follow-up', () => {
    const turn = buildTurnQuery(kb, '那退休人员到外地住院怎么报销医保费用', { turns: 1, lastQuestion: '异地就医怎么备案' });
    expect(turn.followsUp).toBe(true);
  });

  it('keeps the remembered region when the turn names none, and the named one over it', () => {
    expect(buildTurnQuery(kb, '门诊共济怎么搞', { turns: 2, region: '青海' }).region).toBe('青海');
    expect(buildTurnQuery(kb, '杭州门诊共济怎么搞', { turns: 2, region: '青海' }).region).toBe('浙江');
  });

  it('adds a remembered group at the remembered weight when the turn does not name one', () => {
    const turn = buildTurnQuery(kb, '能参加职工医保吗', { turns: 1, group: '灵活就业人员' });
    expect(turn.group).toBe('灵活就业人员');
    const remembered = turn.query.concepts.find((c) => c.label === '记住:灵活就业人员');
    expect(remembered?.context).toBe(true);
    expect(remembered?.terms.find((t) => t.term === '灵活就业人员')?.weight).toBeCloseTo(DEFAULT_CONTEXT.rememberedWeight, 10);
  });

  it('lets a group the turn names replace the remembered one', () => {
    const turn = buildTurnQuery(kb, '退休人员能参加职工医保吗', { turns: 1, group: '灵活就业人员' });
    expect(turn.group).toBe('退休人员');
    expect(labels(turn.query.concepts).some((l) => l.startsWith('记住:'))).toBe(false);
  });

  it('keeps the remembered insurance type', () => {
    expect(buildTurnQuery(kb, '门诊能报销吗', { turns: 1, insuranceType: 'resident' }).insuranceType).toBe('resident');
    expect(buildTurnQuery(kb, '新农合门诊能报销吗', undefined).insuranceType).toBe('resident');
  });
});
