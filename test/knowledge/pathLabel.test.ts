import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../knowledge/corpus';
import { pathLabel } from '../../knowledge/pathLabel';
import type { Clause } from '../../knowledge/types';

const { documents } = loadCorpus(join(import.meta.dirname, '../../knowledge/corpus'));

function clausesOf(docId: string): Clause[] {
  const found = documents.find((d) => d.meta.id === docId);
  if (!found) throw new Error(`no document ${docId}`);
  return found.clauses;
}

/** The label of a real clause, by its id within the document. */
function labelOf(docId: string, segments: string): string {
  const clauses = clausesOf(docId);
  const clause = clauses.find((c) => c.id === `${docId}:${segments}`);
  if (!clause) throw new Error(`no clause ${docId}:${segments}`);
  return pathLabel(clause, clauses);
}

describe('pathLabel', () => {
  it('drops 第1段 when the heading holds a single paragraph: 三、（八）第1段 reads 三、（八）', () => {
    expect(labelOf('cn-plan-2021', 's3.c8.p1')).toBe('三、（八）');
  });

  it('keeps the paragraph number among siblings: 三、（四）第2段 stays', () => {
    expect(labelOf('cn-plan-2021', 's3.c4.p2')).toBe('三、（四）第2段');
  });

  it('counts a heading line with its own body as the first paragraph: 一、（二）第2段 stays', () => {
    expect(labelOf('qh-plan-2021', 's1.c2.p2')).toBe('一、（二）第2段');
  });

  it('drops 第1段 of the only paragraph before the first heading: 前言第1段 reads 前言', () => {
    expect(labelOf('cn-plan-2021', 'p1')).toBe('前言');
  });

  it('keeps 导语第2段 of a news text with three lead paragraphs', () => {
    expect(labelOf('cn-opinion-2020-news', 'p2')).toBe('导语第2段');
  });

  it('drops 第1段 under a news heading that has one paragraph', () => {
    expect(labelOf('cn-opinion-2020-news', 's1.c1.p1')).toBe('完善公平适度的待遇保障机制·完善基本医疗保险制度');
  });

  it('names a bullet by its words in quotes: ——服务能力显著提升 reads “服务能力显著提升”', () => {
    expect(labelOf('qh-plan-2021', 's1.c1.b8')).toBe('一、（一）“服务能力显著提升”');
  });

  it('keeps 一是 items after their paragraph, which has siblings', () => {
    expect(labelOf('ez-plan-2021', 's1.c1.p2.i1')).toBe('一、（一）第2段一是');
  });

  it('keeps 专栏3 and numbered plan articles as they are', () => {
    expect(labelOf('ez-plan-2021', 's2.c2.a3.t3')).toBe('专栏3');
    expect(labelOf('ez-plan-2021', 's2.c2.a3')).toBe('二、（二）3.');
  });

  it('keeps law paths: 第二十三条第二款, and 第二十三条 for a one-paragraph article', () => {
    expect(labelOf('cn-social-insurance-law', 'a23.p2')).toBe('第二十三条第二款');
    expect(labelOf('cn-social-insurance-law', 'a1')).toBe('第一条');
  });

  it('drops 第一款 when an article has a single paragraph', () => {
    const clauses = clausesOf('cn-social-insurance-law');
    const article = clauses.find((c) => c.id === 'cn-social-insurance-law:a23') as Clause;
    const only = clauses.find((c) => c.id === 'cn-social-insurance-law:a23.p1') as Clause;
    expect(pathLabel(only, [article, only])).toBe('第二十三条');
  });

  it('shows nothing for the sentence groups of one long paragraph: 一、（一）第1段（2/3） reads 一、（一）', () => {
    const clauses = clausesOf('gs-plan-2021');
    const section = clauses.find((c) => c.id === 'gs-plan-2021:s1.c1') as Clause;
    const paragraph = { ...(clauses.find((c) => c.id === 'gs-plan-2021:s1.c1.p1') as Clause), text: '' };
    const group = (k: number): Clause => ({
      ...paragraph, id: `${paragraph.id}.k${k}`, level: 'item', path: `${paragraph.path}（${k}/3）`, parentId: paragraph.id, text: '全面建成覆盖全民、城乡统筹的多层次医疗保障体系。',
    });
    expect(pathLabel(group(2), [section, paragraph, group(1), group(2), group(3)])).toBe('一、（一）');
  });

  it('leaves every clause path and id unchanged', () => {
    const before = clausesOf('cn-plan-2021').map((c) => `${c.id} ${c.path}`);
    clausesOf('cn-plan-2021').forEach((c, _i, all) => pathLabel(c, all));
    expect(clausesOf('cn-plan-2021').map((c) => `${c.id} ${c.path}`)).toEqual(before);
  });
});
