import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { citationLabel } from '../../bot/citation';
import type { Citation, Reply } from '../../bot/types';
import { CUT_MARK, WECHAT_TEXT_MAX_BYTES, renderReplies, truncateUtf8 } from '../../adapters/wechat/render';
import { LAW_CLAUSE } from './harness';

const LAW_SOURCE = '——《中华人民共和国社会保险法》第二十三条第二款';
const PLAN_SOURCE = '——《青海省“十四五”全民医疗保障规划》（青政办〔2021〕90号）三、（二）';

const QINGHAI_PLAN: Citation = {
  docId: 'qh-plan-2021', title: '青海省“十四五”全民医疗保障规划', docNumber: '青政办〔2021〕90号', clauseId: 'qh-plan-2021:s3.c2',
  path: '三、（二）', quote: '青海的规定。', region: '青海省', kind: 'plan', issuer: '青海省人民政府办公厅', date: '2021-12-22',
};

/** A quoting answer as the engine gives it: its typed parts, and its text made of them. */
function reply(quote: string, source: string, options: Partial<Reply> = {}): Reply {
  const parts = { notes: [], quote, source, related: [], ...options };
  const related = parts.related.length ? [`${PHRASES.related}${parts.related.map(citationLabel).join('；')}`] : [];
  const text = [...parts.notes, quote, source, ...(parts.caveat ? [parts.caveat] : []), ...related].join('\n');
  return { kind: 'answer', answered: true, text, citations: [LAW_CLAUSE], followUps: [], ...parts };
}

const plain = (text: string): Reply => ({ kind: 'smalltalk', answered: false, text, citations: [], followUps: [] });
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('WeChat reply rendering', () => {
  it('shows an answer as the engine wrote it, source line included', () => {
    const text = `${LAW_CLAUSE.quote}\n${LAW_SOURCE}`;
    expect(renderReplies([reply(LAW_CLAUSE.quote, LAW_SOURCE)])).toBe(text);
  });

  it('says how to ask for 全文 and lists the other follow-ups as questions to send', () => {
    const text = `${LAW_CLAUSE.quote}\n${LAW_SOURCE}`;
    expect(renderReplies([reply(LAW_CLAUSE.quote, LAW_SOURCE, { followUps: ['全文', '那青海呢', '那甘肃呢'] })]))
      .toBe(`${text}\n${PHRASES.fullTextHint}\n您还可以问：那青海呢／那甘肃呢`);
  });

  it('joins the replies of one turn into one message', () => {
    expect(renderReplies([plain(PHRASES.thanks), plain(PHRASES.empty)])).toBe(`${PHRASES.thanks}\n\n${PHRASES.empty}`);
  });

  it('renders nothing for no replies, so the route answers success', () => {
    expect(renderReplies([])).toBe('');
  });

  it('keeps a text of exactly the limit as it is', () => {
    const text = 'a'.repeat(WECHAT_TEXT_MAX_BYTES);
    expect(renderReplies([plain(text)])).toBe(text);
  });

  it('shortens a long answer under the limit, keeping the source line, its notes and the 全文 hint', () => {
    const quote = LAW_CLAUSE.quote.repeat(20);
    const notes = `${PHRASES.planNote}\n${PHRASES.related}《青海省“十四五”全民医疗保障规划》（青政办〔2021〕90号）三、（二）`;
    const shown = renderReplies([reply(quote, LAW_SOURCE, { caveat: PHRASES.planNote, related: [QINGHAI_PLAN], followUps: ['全文'] })]);
    expect(bytes(shown)).toBeLessThanOrEqual(WECHAT_TEXT_MAX_BYTES);
    expect(bytes(shown)).toBeGreaterThan(WECHAT_TEXT_MAX_BYTES - 4);
    expect(shown.startsWith(quote.slice(0, 100))).toBe(true);
    expect(shown.endsWith(`${CUT_MARK}\n${LAW_SOURCE}\n${notes}\n${PHRASES.fullTextHint}`)).toBe(true);
  });

  it('keeps the first source line when a long answer is followed by another reply', () => {
    const shown = renderReplies([
      reply(LAW_CLAUSE.quote.repeat(20), LAW_SOURCE),
      reply('青海的规定。', PLAN_SOURCE),
    ]);
    expect(bytes(shown)).toBeLessThanOrEqual(WECHAT_TEXT_MAX_BYTES);
    expect(shown.endsWith(`${CUT_MARK}\n${LAW_SOURCE}\n${PHRASES.fullTextHint}`)).toBe(true);
  });

  it('does not point to 全文 when the long reply already is the whole clause', () => {
    const shown = renderReplies([reply(LAW_CLAUSE.quote.repeat(20), LAW_SOURCE, { kind: 'fulltext' })]);
    expect(bytes(shown)).toBeLessThanOrEqual(WECHAT_TEXT_MAX_BYTES);
    expect(shown.endsWith(`${CUT_MARK}\n${LAW_SOURCE}`)).toBe(true);
  });

  it('keeps a region note before the quote, and cuts the quote, not the note', () => {
    const note = PHRASES.regionFallback('甘肃', '全国');
    const shown = renderReplies([reply(LAW_CLAUSE.quote.repeat(20), LAW_SOURCE, { notes: [note], followUps: ['全文'] })]);
    expect(shown.startsWith(`${note}\n${LAW_CLAUSE.quote}`)).toBe(true);
    expect(shown.endsWith(`${CUT_MARK}\n${LAW_SOURCE}\n${PHRASES.fullTextHint}`)).toBe(true);
  });

  it('cuts a long uncited text with only the cut mark', () => {
    const shown = renderReplies([plain('医'.repeat(1000))]);
    // 2,048 bytes less the 6-byte cut mark leave room for 680 three-byte characters
    expect(shown).toBe(`${'医'.repeat(680)}${CUT_MARK}`);
    expect(bytes(shown)).toBe(2046);
  });

  it('cuts between code points, never inside a character', () => {
    expect(truncateUtf8('医保😀', 7)).toBe('医保');
    expect(truncateUtf8('医保😀', 10)).toBe('医保😀');
  });
});
