import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { citationLine } from '../../bot/citation';
import { PHRASES } from '../../bot/phrases';
import type { Citation, ConversationHandler, ConversationState, Reply, Turn } from '../../bot/types';
import type { Retriever } from '../../knowledge/knowledgeBase';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
let conversation: ConversationHandler;

beforeAll(async () => {
  ({ kb, conversation } = await loadServices(parseConfig({ CORPUS_DIR })));
});

const message = (text: string): Turn => ({ channel: 'web', conversationId: 'c1', userId: 'u1', kind: 'message', text });

/**
 * Plays a conversation, storing the state as JSON between turns the way the channels do, and
 * checks that the state survives the round trip unchanged.
 */
function play(...texts: string[]): Array<{ reply: Reply; state: ConversationState }> {
  let stored: string | undefined;
  return texts.map((text) => {
    const result = conversation.respond(message(text), stored === undefined ? undefined : (JSON.parse(stored) as ConversationState));
    stored = JSON.stringify(result.state);
    expect(JSON.parse(stored)).toEqual(result.state);
    return result;
  });
}

const last = <T>(items: T[]): T => items[items.length - 1] as T;

/** A conversation of one turn. */
const one = (text: string) => play(text)[0] as { reply: Reply; state: ConversationState };

const regionsOf = (reply: Reply) => new Set(reply.citations.map((c) => c.region));

describe('turns that are not questions', () => {
  it('welcomes a user who joins', () => {
    const { reply, state } = conversation.respond({ ...message(''), kind: 'welcome', text: undefined }, undefined);
    expect(reply).toEqual({ kind: 'smalltalk', answered: false, text: PHRASES.welcome, citations: [], followUps: [] });
    expect(state).toEqual({ turns: 1 });
  });

  it('says it reads only text when sent an image or a sticker', () => {
    const { reply } = conversation.respond({ ...message(''), kind: 'unsupported', text: undefined }, { turns: 3 });
    expect(reply).toEqual({ kind: 'invalid', answered: false, text: PHRASES.notText, citations: [], followUps: [] });
  });

  it.each([[''], ['   ']])('asks for a question when the message is %j', (text) => {
    const { reply } = one(text);
    expect(reply.kind).toBe('invalid');
    expect(reply.text).toBe(PHRASES.empty);
  });

  it('refuses 10 000 characters with the exact too-long message', () => {
    const { reply } = one('异'.repeat(10_000));
    expect(reply.kind).toBe('invalid');
    expect(reply.text).toBe(PHRASES.tooLong(10_000, 500));
  });

  it('says it did not understand emoji only', () => {
    const { reply } = one('😀😀👍');
    expect(reply.kind).toBe('invalid');
    expect(reply.text).toBe(PHRASES.noWords);
  });

  it.each([
    ['你好', PHRASES.welcome],
    ['谢谢！', PHRASES.thanks],
    ['你能做什么', PHRASES.capabilities(['甘肃', '青海', '鄂州', '上海', '浙江'])],
  ])('replies to %s with fixed wording', (text, expected) => {
    const { reply } = one(text);
    expect(reply).toEqual({ kind: 'smalltalk', answered: false, text: expected, citations: [], followUps: [] });
  });

  it('answers 你好，异地就医怎么备案 as a question, not a greeting', () => {
    const { reply } = one('你好，异地就医怎么备案');
    expect(reply.kind).toBe('answer');
    expect(reply.answered).toBe(true);
    expect(reply.citations[0]?.quote).toContain('异地就医');
  });

  it('answers mixed scripts and full-width characters', () => {
    const { reply } = one('ＤＲＧ付费改革是怎么回事？');
    expect(reply.kind).toBe('answer');
  });

  it('counts every turn', () => {
    const results = play('你好', '异地就医怎么备案', '😀', '谢谢');
    expect(results.map((r) => r.state.turns)).toEqual([1, 2, 3, 4]);
  });
});

describe('refusals', () => {
  it('declines an out-of-domain question and remembers nothing from it', () => {
    const { reply, state } = one('明天兰州会下雨吗');
    expect(reply).toEqual({ kind: 'refusal', answered: false, text: PHRASES.refusal, citations: [], followUps: [], reason: 'out_of_domain' });
    expect(state.lastQuestion).toBeUndefined();
    expect(state.lastClauseId).toBeUndefined();
  });
});

describe('follow-up questions', () => {
  it('answers 那青海呢 about the previous question from 青海 documents', () => {
    const [first, qinghai] = play('灵活就业人员能参加职工医保吗', '那青海呢');
    expect(first?.reply.citations[0]?.quote).toContain('灵活就业人员');
    expect(qinghai?.reply.answered).toBe(true);
    expect(qinghai?.reply.citations.map((c) => c.docId)).toContain('qh-plan-2021');
    expect([...regionsOf(qinghai?.reply as Reply)].every((r) => r === '青海省' || r === '全国')).toBe(true);
    expect(qinghai?.state.region).toBe('青海');
  });

  it('answers 那甘肃呢 after it from the 甘肃 plan', () => {
    const [, , gansu] = play('灵活就业人员能参加职工医保吗', '那青海呢', '那甘肃呢');
    expect(gansu?.reply.citations[0]?.docId).toBe('gs-plan-2021');
    expect(gansu?.reply.citations[0]?.quote).toContain('灵活就业人员');
    expect(gansu?.state.region).toBe('甘肃');
  });

  it('keeps the earlier question when a turn only names a place', () => {
    const [, gansu] = play('异地就医怎么备案', '甘肃呢');
    expect(gansu?.state.lastQuestion).toBe('异地就医怎么备案');
    expect(gansu?.reply.citations[0]?.docId).toBe('gs-plan-2021');
    expect(gansu?.reply.citations[0]?.quote).toContain('异地就医');
  });

  it('carries a remembered group into a question that does not name one', () => {
    const [first, second] = play('我是跑外卖的，外地户口，能在这边交医保吗', '能参加职工医保吗');
    expect(first?.state.group).toBe('灵活就业人员');
    expect(second?.state.group).toBe('灵活就业人员');
    expect(second?.reply.answered).toBe(true);
    expect(second?.reply.citations[0]?.quote).toContain('灵活就业人员');
  });

  it('remembers the region for the next question that names none', () => {
    const results = play('西宁异地就医直接结算怎么样', '门诊共济以后个人账户怎么用');
    const next = last(results);
    expect(next.state.region).toBe('青海');
    const main = next.reply.citations[0];
    if (main?.region !== '青海省') expect(next.reply.text.split('\n')[0]).toBe(PHRASES.regionFallback('青海', '全国'));
  });

  it('remembers the clause and topic of the last answer', () => {
    const { reply, state } = one('异地就医备案以后能直接结算吗');
    expect(state.lastClauseId).toBe(reply.citations[0]?.clauseId);
    expect(state.lastTopic).toBe('cross_province');
    expect(state.lastQuestion).toBe('异地就医备案以后能直接结算吗');
  });
});

describe('personal numbers in a question', () => {
  it('answers as if they were not there: 手机139-1234-5678，异地就医怎么备案', () => {
    const plain = one('手机，异地就医怎么备案').reply;
    const withNumber = one('手机139-1234-5678，异地就医怎么备案').reply;
    expect(withNumber.answered).toBe(true);
    expect(withNumber.citations).toEqual(plain.citations);
  });

  it('keeps none of them in the state it remembers, and follows up as usual', () => {
    const [first, gansu] = play('我的身份证号１１０１０１１９９００３０７７７７７，灵活就业人员能参加职工医保吗', '那甘肃呢');
    expect(first?.state.lastQuestion).toBe('我的身份证号，灵活就业人员能参加职工医保吗');
    expect(gansu?.state.lastQuestion).not.toMatch(/[0-9０-９]/);
    expect(gansu?.reply.citations[0]?.docId).toBe('gs-plan-2021');
  });
});

describe('全文', () => {
  it('says there is no clause yet before any answer', () => {
    const { reply } = one('全文');
    expect(reply).toEqual({ kind: 'fulltext', answered: false, text: PHRASES.noClauseYet, citations: [], followUps: [] });
  });

  it('returns the whole clause of the last answer with its citation', () => {
    const [answer, full] = play('定点医院多收费怎么罚', '全文');
    expect(answer?.reply.followUps).toContain('全文');
    const id = answer?.state.lastClauseId as string;
    const view = kb.clause(id);
    expect(full?.reply.kind).toBe('fulltext');
    expect(full?.reply.answered).toBe(true);
    expect(full?.reply.citations.map((c) => c.clauseId)).toEqual([id]);
    expect(full?.reply.text).toBe(`${view?.clause.text}\n${citationLine(full?.reply.citations[0] as Citation)}`);
    expect(full?.reply.text.length).toBeGreaterThan(answer?.reply.text.split('\n')[0]?.length ?? 0);
  });

  it.each(['查看全文', '原文', '全文。'])('understands %s as asking for the whole clause', (text) => {
    const [, full] = play('定点医院多收费怎么罚', text);
    expect(full?.reply.kind).toBe('fulltext');
    expect(full?.reply.answered).toBe(true);
  });

  it('keeps the state of the conversation when showing the whole clause', () => {
    const [answer, full] = play('定点医院多收费怎么罚', '全文');
    expect(full?.state).toEqual({ ...answer?.state, turns: 2 });
  });
});

describe('following up a question no clause could answer in full', () => {
  it('builds 退休的呢 on 上海职工医保个人账户每月划多少钱, declined because no clause states the amount', () => {
    const [first, second] = play('上海职工医保个人账户每月划多少钱', '退休的呢');
    expect(first?.reply.reason).toBe('amount_not_stated');
    expect(first?.state.lastQuestion).toBe('上海职工医保个人账户每月划多少钱');
    expect(second?.reply.answered).toBe(true);
    expect(second?.reply.citations[0]?.docId).toBe('sh-medical-security-reg');
  });

  it('does not remember an off-topic question for the next turn', () => {
    const [first] = play('明天西宁下雨不');
    expect(first?.reply.reason).toBe('out_of_domain');
    expect(first?.state.lastQuestion).toBeUndefined();
  });
});

