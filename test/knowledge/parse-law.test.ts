import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../knowledge/manifest';
import { CorpusError } from '../../knowledge/parse/corpusError';
import { parseLaw } from '../../knowledge/parse/law';
import type { Clause, DocumentMeta } from '../../knowledge/types';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');
const { documents } = loadManifest(CORPUS_DIR);

function parseReal(id: string): Clause[] {
  const meta = documents.find((d) => d.id === id);
  if (!meta) throw new Error(`no document ${id}`);
  return parseLaw(meta, readFileSync(join(CORPUS_DIR, meta.file), 'utf8'));
}

function byId(clauses: Clause[], id: string): Clause {
  const found = clauses.find((c) => c.id === id);
  if (!found) throw new Error(`no clause ${id}`);
  return found;
}

const FIXTURE_META: DocumentMeta = {
  id: 'test-law',
  file: 'rules/x.md',
  title: '测试条例',
  issuer: '国务院',
  docNumber: null,
  date: null,
  region: '全国',
  level: 'national',
  kind: 'administrative-regulation',
};

function parseFixture(source: string): Clause[] {
  return parseLaw(FIXTURE_META, source);
}

function errorOf(source: string): CorpusError {
  try {
    parseFixture(source);
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error('expected a CorpusError');
}

describe('parseLaw on 社会保险法', () => {
  const law = parseReal('cn-social-insurance-law');

  it('keeps the adoption and amendment notes under the title as the 题注 front node and skips <!-- INFO END -->', () => {
    expect(byId(law, 'cn-social-insurance-law:front')).toMatchObject({
      path: '题注',
      parentId: null,
      line: 3,
      text: '2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过\n2018年12月29日 第十三届全国人民代表大会常务委员会第七次会议《关于修改〈中华人民共和国社会保险法〉的决定》修正',
    });
    expect(law.some((c) => c.text.includes('INFO END'))).toBe(false);
  });

  it('makes ## 第三章 基本医疗保险 a chapter node with an empty text', () => {
    expect(byId(law, 'cn-social-insurance-law:ch3')).toMatchObject({ level: 'chapter', path: '第三章', headings: ['第三章 基本医疗保险'], text: '' });
  });

  it('gives an article with a single 款 the whole text and no children', () => {
    const article = byId(law, 'cn-social-insurance-law:a1');
    expect(article).toMatchObject({ level: 'article', path: '第一条', parentId: 'cn-social-insurance-law:ch1', line: 11 });
    expect(article.text).toBe('第一条 为了规范社会保险关系，维护公民参加社会保险和享受社会保险待遇的合法权益，使公民共享发展成果，促进社会和谐稳定，根据宪法，制定本法。');
    expect(law.some((c) => c.parentId === article.id)).toBe(false);
  });

  it('splits 第二十三条 into 第二十三条第一款 and 第二十三条第二款 under an empty article node', () => {
    expect(byId(law, 'cn-social-insurance-law:a23').text).toBe('');
    expect(byId(law, 'cn-social-insurance-law:a23.p1')).toMatchObject({
      path: '第二十三条第一款',
      text: '第二十三条 职工应当参加职工基本医疗保险，由用人单位和职工按照国家规定共同缴纳基本医疗保险费。',
    });
    expect(byId(law, 'cn-social-insurance-law:a23.p2')).toMatchObject({
      path: '第二十三条第二款',
      level: 'paragraph',
      parentId: 'cn-social-insurance-law:a23',
      headings: ['第三章 基本医疗保险', '第二十三条'],
      line: 95,
    });
  });

  it('keeps the （一）… 项 of 第三十条 inside its first 款 and makes the line after them the second 款', () => {
    const first = byId(law, 'cn-social-insurance-law:a30.p1');
    expect(first.text.split('\n')).toEqual([
      '第三十条 下列医疗费用不纳入基本医疗保险基金支付范围:',
      '（一）应当从工伤保险基金中支付的；',
      '（二）应当由第三人负担的；',
      '（三）应当由公共卫生负担的；',
      '（四）在境外就医的。',
    ]);
    expect(byId(law, 'cn-social-insurance-law:a30.p2').text.startsWith('医疗费用依法应当由第三人负担')).toBe(true);
    expect(law.some((c) => c.id === 'cn-social-insurance-law:a30.p3')).toBe(false);
  });
});

describe('parseLaw on the other regulations', () => {
  it('cleans chapter titles written with inner spaces (## 第一章 总 则 → 第一章 总则)', () => {
    expect(byId(parseReal('sh-medical-security-reg'), 'sh-medical-security-reg:ch1').headings).toEqual(['第一章 总则']);
  });

  it('reads 浙江 articles that come before any chapter heading as top-level articles', () => {
    const zhejiang = parseReal('zj-medical-security-reg');
    expect(byId(zhejiang, 'zj-medical-security-reg:a1').parentId).toBeNull();
    expect(byId(zhejiang, 'zj-medical-security-reg:ch2').headings).toEqual(['第二章 医疗保障体系']);
  });

  it('parses a regulation without front matter (社会保险经办条例) starting at its first chapter', () => {
    const handling = parseReal('cn-si-handling-reg');
    expect(handling[0]).toMatchObject({ id: 'cn-si-handling-reg:ch1', order: 0 });
  });

  it('nests ### 第X节 sections between their chapter and articles', () => {
    const clauses = parseFixture('# 测试条例\n\n## 第二章 基金使用\n\n### 第一节 一般规定\n\n第一条 医疗保障基金使用坚持以人民健康为中心。\n');
    expect(byId(clauses, 'test-law:ch2.s1')).toMatchObject({ level: 'section', path: '第二章第一节', headings: ['第二章 基金使用', '第一节 一般规定'] });
    expect(byId(clauses, 'test-law:a1')).toMatchObject({ parentId: 'test-law:ch2.s1', headings: ['第二章 基金使用', '第一节 一般规定', '第一条'] });
  });
});

describe('parseLaw errors', () => {
  it('rejects law Markdown without a # title line', () => {
    const error = errorOf('第一条 为了规范社会保险关系，制定本法。\n');
    expect(error.message).toBe('corpus: rules/x.md line 1: law Markdown must start with "# title", found "第一条 为了规范社会保险关系，制定本法。"');
    expect(error.line).toBe(1);
  });

  it('rejects law Markdown without any 第X条', () => {
    expect(errorOf('# 测试条例\n\n2021年1月15日 国务院令第735号公布\n').message).toBe('corpus: rules/x.md: law Markdown has no article (第X条)');
  });

  it('rejects article numbers out of order, naming both articles', () => {
    const source = ['# 测试条例', '', '第六条 国家对社会保险基金实行严格监管。', '', '第七条 国务院社会保险行政部门负责全国的社会保险管理工作。', '', '第五条 县级以上人民政府将社会保险事业纳入国民经济和社会发展规划。'];
    const error = errorOf(source.join('\n'));
    expect(error.message).toBe('corpus: rules/x.md line 3: 第六条 is the first article (expected 第一条)');
    const reordered = ['# 测试条例', '', '第一条 为了规范社会保险关系，制定本法。', '', '第二条 国家建立社会保险制度。', '', '第三条 社会保险制度坚持广覆盖的方针。', '', '第四条 用人单位和个人依法缴纳社会保险费。', '', '第五条 县级以上人民政府将社会保险事业纳入规划。', '', '第六条 国家对社会保险基金实行严格监管。', '', '第七条 国务院社会保险行政部门负责全国的社会保险管理工作。', '', '第五条 县级以上人民政府将社会保险事业纳入国民经济和社会发展规划。'];
    expect(errorOf(reordered.join('\n')).message).toBe('corpus: rules/x.md line 17: 第五条 follows 第七条');
  });

  it('rejects text that belongs to no article after the first chapter', () => {
    expect(errorOf('# 测试条例\n\n## 第一章 总则\n\n本章规定基本原则。\n').message).toBe('corpus: rules/x.md line 5: text outside any article: "本章规定基本原则。"');
  });
});
