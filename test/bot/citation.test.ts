import { describe, expect, it } from 'vitest';
import { citationLabel, citationLine, toCitation } from '../../bot/citation';
import type { Clause, DocumentMeta } from '../../knowledge/types';

const PLAN: DocumentMeta = {
  id: 'cn-plan-2021',
  file: 'plans/000_9353a802a3e15c5c.txt',
  title: '“十四五”全民医疗保障规划',
  issuer: '国务院办公厅',
  docNumber: '国办发〔2021〕36号',
  date: '2021-09-23',
  region: '全国',
  level: 'national',
  kind: 'plan',
};

const LAW: DocumentMeta = {
  id: 'cn-social-insurance-law',
  file: 'rules/社会保险法(2018-12-29).md',
  title: '中华人民共和国社会保险法',
  issuer: '全国人民代表大会常务委员会',
  docNumber: null,
  date: '2018-12-29',
  region: '全国',
  level: 'national',
  kind: 'law',
};

const CLAUSE: Clause = {
  id: 'cn-social-insurance-law:a23.p2',
  docId: 'cn-social-insurance-law',
  level: 'paragraph',
  path: '第二十三条第二款',
  headings: ['第三章 基本医疗保险', '第二十三条'],
  text: '无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员以及其他灵活就业人员可以参加职工基本医疗保险，由个人按照国家规定缴纳基本医疗保险费。',
  parentId: 'cn-social-insurance-law:a23',
  order: 80,
  line: 120,
};

describe('toCitation', () => {
  it('carries the public fields: document, clause, verbatim text, region, kind, issuer and date', () => {
    expect(toCitation(CLAUSE, LAW)).toEqual({
      docId: 'cn-social-insurance-law',
      title: '中华人民共和国社会保险法',
      docNumber: null,
      clauseId: 'cn-social-insurance-law:a23.p2',
      path: '第二十三条第二款',
      quote: CLAUSE.text,
      region: '全国',
      kind: 'law',
      issuer: '全国人民代表大会常务委员会',
      date: '2018-12-29',
    });
  });
});

describe('citationLabel', () => {
  it('puts the 文号 in full-width brackets after the title', () => {
    expect(citationLabel({ title: PLAN.title, docNumber: PLAN.docNumber, path: '三、（四）' }))
      .toBe('《“十四五”全民医疗保障规划》（国办发〔2021〕36号）三、（四）');
  });

  it('leaves the brackets out for a document without 文号', () => {
    expect(citationLabel(toCitation(CLAUSE, LAW))).toBe('《中华人民共和国社会保险法》第二十三条第二款');
  });
});

describe('citationLine', () => {
  it('starts the line that ends an answer with a dash', () => {
    expect(citationLine(toCitation(CLAUSE, LAW))).toBe('——《中华人民共和国社会保险法》第二十三条第二款');
    expect(citationLine({ ...toCitation(CLAUSE, PLAN), path: '三、（四）第1段' }))
      .toBe('——《“十四五”全民医疗保障规划》（国办发〔2021〕36号）三、（四）第1段');
  });
});

describe('toCitation with the knowledge base labels', () => {
  it('carries the label a reader sees beside the unchanged path', () => {
    const labels = { pathLabel: (c: Clause) => (c.path === '三、（八）第1段' ? '三、（八）' : c.path) };
    const lone = { ...CLAUSE, id: 'cn-plan-2021:s3.c8.p1', docId: 'cn-plan-2021', path: '三、（八）第1段' };
    expect(toCitation(lone, LAW, labels)).toMatchObject({ path: '三、（八）第1段', label: '三、（八）' });
  });

  it('has no label without them', () => {
    expect(toCitation(CLAUSE, LAW)).not.toHaveProperty('label');
  });
});
