import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply } from '../../bot/types';
import { CUT_MARK, WECHAT_TEXT_MAX_BYTES, citationLine, renderReplies, truncateUtf8 } from '../../adapters/wechat/render';

const lawClause: Citation = {
  docId: 'cn-social-insurance-law',
  title: '中华人民共和国社会保险法',
  docNumber: null,
  clauseId: 'cn-social-insurance-law:a23.p2',
  path: '第二十三条第二款',
  quote: '无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员以及其他灵活就业人员可以参加职工基本医疗保险，由个人按照国家规定缴纳基本医疗保险费。',
  region: '全国',
  kind: 'law',
};

const planClause: Citation = {
  ...lawClause,
  docId: 'qh-plan',
  title: '青海省“十四五”全民医疗保障规划',
  docNumber: '青政办〔2021〕90号',
  clauseId: 'qh-plan:3.2',
  path: '三、（二）',
  kind: 'plan',
};

function reply(text: string, citations: Citation[] = [], kind: Reply['kind'] = 'answer'): Reply {
  return { kind, answered: citations.length > 0, text, citations, followUps: [] };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('WeChat reply rendering', () => {
  it('shows an answer followed by its source line', () => {
    expect(renderReplies([reply(lawClause.quote, [lawClause])])).toBe(
      `${lawClause.quote}\n——《中华人民共和国社会保险法》 第二十三条第二款`,
    );
  });

  it('names the document number in the source line when there is one', () => {
    expect(citationLine(planClause)).toBe('——《青海省“十四五”全民医疗保障规划》（青政办〔2021〕90号） 三、（二）');
  });

  it('joins the replies of one turn into one message', () => {
    expect(renderReplies([reply(PHRASES.thanks), reply(PHRASES.empty)])).toBe(`${PHRASES.thanks}\n\n${PHRASES.empty}`);
  });

  it('renders nothing for no replies, so the route answers success', () => {
    expect(renderReplies([])).toBe('');
  });

  it('keeps an answer of exactly the limit as it is', () => {
    const text = 'a'.repeat(WECHAT_TEXT_MAX_BYTES);
    expect(renderReplies([reply(text)])).toBe(text);
  });

  it('shortens a long answer under the limit, keeping the source line and pointing to 全文', () => {
    const long = lawClause.quote.repeat(20);
    const shown = renderReplies([reply(long, [lawClause, planClause])]);
    expect(bytes(shown)).toBeLessThanOrEqual(WECHAT_TEXT_MAX_BYTES);
    expect(bytes(shown)).toBeGreaterThan(WECHAT_TEXT_MAX_BYTES - 4);
    expect(shown.startsWith(long.slice(0, 100))).toBe(true);
    expect(shown.endsWith(`${CUT_MARK}\n——《中华人民共和国社会保险法》 第二十三条第二款\n${PHRASES.fullTextHint}`)).toBe(true);
    expect(shown).not.toContain('青海省');
  });

  it('does not point to 全文 when the long reply already is the whole clause', () => {
    const shown = renderReplies([reply(lawClause.quote.repeat(20), [lawClause], 'fulltext')]);
    expect(bytes(shown)).toBeLessThanOrEqual(WECHAT_TEXT_MAX_BYTES);
    expect(shown.endsWith(`${CUT_MARK}\n——《中华人民共和国社会保险法》 第二十三条第二款`)).toBe(true);
  });

  it('cuts a long uncited text with only the cut mark', () => {
    const shown = renderReplies([reply('医'.repeat(1000))]);
    // 2,048 bytes less the 6-byte cut mark leave room for 680 three-byte characters
    expect(shown).toBe(`${'医'.repeat(680)}${CUT_MARK}`);
    expect(bytes(shown)).toBe(2046);
  });

  it('cuts between code points, never inside a character', () => {
    expect(truncateUtf8('医保😀', 7)).toBe('医保');
    expect(truncateUtf8('医保😀', 10)).toBe('医保😀');
  });
});
