import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply } from '../../bot/types';
import { citationLabel, citationLine } from '../../bot/citation';
import { citationEntity, readReply, renderReply, replyMarkdown } from '../../adapters/botframework/render';
import { FLEXIBLE_CITATION, NATIONAL_CITATION } from './fakeConversation';

const ANSWER: Reply = {
  kind: 'answer',
  answered: true,
  text: '第一行\n第二行',
  citations: [FLEXIBLE_CITATION, NATIONAL_CITATION],
  followUps: ['那青海呢'],
};

/** An answer as the engine gives it: quote, source line, related clauses, typed and as text. */
const ENGINE_ANSWER: Reply = {
  kind: 'answer',
  answered: true,
  text: `${FLEXIBLE_CITATION.quote}\n${citationLine(FLEXIBLE_CITATION)}\n相关条款：${citationLabel(NATIONAL_CITATION)}`,
  citations: [FLEXIBLE_CITATION, NATIONAL_CITATION],
  followUps: [],
  notes: [],
  quote: FLEXIBLE_CITATION.quote,
  source: citationLine(FLEXIBLE_CITATION),
  related: [NATIONAL_CITATION],
};

describe('rendering a Reply as an activity', () => {
  it('lists the citations the answer text does not name as numbered source lines, 文号 included when known', () => {
    expect(replyMarkdown(ANSWER, false)).toBe(
      '第一行  \n第二行\n\n1. ——《青海省“十四五”全民医疗保障规划》（青政办〔2022〕1号）三、（二）\n2. ——《关于做好灵活就业人员参加职工医保的通知》第一条',
    );
  });

  it('does not repeat the sources the answer text already names', () => {
    expect(replyMarkdown(ENGINE_ANSWER, false)).toBe(
      `${FLEXIBLE_CITATION.quote}  \n——《青海省“十四五”全民医疗保障规划》（青政办〔2022〕1号）三、（二）  \n相关条款：《关于做好灵活就业人员参加职工医保的通知》第一条`,
    );
  });

  it('puts the Teams citation markers right after the sources the text names', () => {
    expect(replyMarkdown(ENGINE_ANSWER, true)).toBe(
      `${FLEXIBLE_CITATION.quote}  \n——《青海省“十四五”全民医疗保障规划》（青政办〔2022〕1号）三、（二） [1]  \n相关条款：《关于做好灵活就业人员参加职工医保的通知》第一条 [2]`,
    );
  });

  it('does not take a clause path for the start of a longer one', () => {
    const longer: Citation = { ...NATIONAL_CITATION, path: '第一条第二款' };
    const reply: Reply = { ...ENGINE_ANSWER, text: `${longer.quote}\n${citationLine(longer)}`, citations: [NATIONAL_CITATION], quote: longer.quote, source: citationLine(longer), related: [] };
    expect(replyMarkdown(reply, true)).toBe(
      `${longer.quote}  \n——《关于做好灵活就业人员参加职工医保的通知》第一条第二款\n\n1. ——《关于做好灵活就业人员参加职工医保的通知》第一条 [1]`,
    );
  });

  it('puts a region note before the quote, as the answer text does', () => {
    const note = PHRASES.regionFallback('甘肃', '全国');
    const reply: Reply = { ...ENGINE_ANSWER, notes: [note], text: `${note}\n${ENGINE_ANSWER.text}` };
    expect(replyMarkdown(reply, true).startsWith(`${note}  \n${FLEXIBLE_CITATION.quote}  \n`)).toBe(true);
  });

  it('renders a reply without citations as its text alone, with no suggested actions', () => {
    const refusal: Reply = { kind: 'refusal', answered: false, text: PHRASES.refusal, citations: [], followUps: [] };
    const activity = renderReply(refusal, 'msteams');
    expect(activity.text).toBe(PHRASES.refusal);
    expect(activity.entities).toBeUndefined();
    expect(activity.suggestedActions).toBeUndefined();
  });

  it('adds citation entities only on Teams', () => {
    expect(renderReply(ANSWER, 'msteams').entities).toHaveLength(1);
    expect(renderReply(ANSWER, 'webchat').entities).toBeUndefined();
    expect(renderReply(ANSWER, 'wechat').entities).toBeUndefined();
  });

  it('shortens citation names and abstracts to the Teams limits', () => {
    const long: Citation = { ...FLEXIBLE_CITATION, title: '医'.repeat(100), quote: '保'.repeat(200), docNumber: '号'.repeat(40) };
    const [claim] = citationEntity([long]).citation;
    expect(Array.from(claim?.appearance.name ?? '')).toHaveLength(80);
    expect(claim?.appearance.name.endsWith('…')).toBe(true);
    expect(Array.from(claim?.appearance.abstract ?? '')).toHaveLength(160);
    expect(claim?.appearance.keywords?.[0]).toBe(`${'号'.repeat(27)}…`);
  });

  it('carries the Reply in channelData.yibao so other adapters can recover it', () => {
    expect(readReply(renderReply(ANSWER, 'web'))).toEqual(ANSWER);
  });

  it('recovers a plain Reply from a message sent without one', () => {
    expect(readReply({ type: 'message', text: '您好' })).toEqual({ kind: 'smalltalk', answered: false, text: '您好', citations: [], followUps: [] });
  });
});
