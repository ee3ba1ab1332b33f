import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { clauseLeaves, documentNames } from '../../knowledge/references';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const doc = (id: string) => {
  const found = kb.documents.find((d) => d.id === id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
};

describe('the names of a document', () => {
  it('shortens 中华人民共和国社会保险法 to 社会保险法 and 社保法', () => {
    expect(documentNames(doc('cn-social-insurance-law'))).toEqual(expect.arrayContaining(['中华人民共和国社会保险法', '社会保险法', '社保法']));
  });

  it('drops 市 and says 医保 for 医疗保障 in 上海市医疗保障条例', () => {
    expect(documentNames(doc('sh-medical-security-reg'))).toEqual(expect.arrayContaining(['上海医疗保障条例', '上海市医保条例', '上海医保条例']));
  });

  it('leaves out the quotation marks of “十四五”', () => {
    expect(documentNames(doc('cn-plan-2021'))).toContain('十四五全民医保规划');
  });

  it('calls the news summary by the opinion it reports on', () => {
    expect(documentNames(doc('cn-opinion-2020-news'))).toContain('中共中央 国务院关于深化医疗保障制度改革的意见');
  });

  it('adds the short names of aliases.txt, and every alias belongs to a document of the corpus', () => {
    expect(documentNames(doc('cn-fund-supervision-reg'), kb.lexicon.aliases.get('cn-fund-supervision-reg'))).toContain('监管条例');
    const ids = new Set(kb.documents.map((d) => d.id));
    expect([...kb.lexicon.aliases.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('finding a reference in a question', () => {
  it('reads 社保法第二十三条 as article 23 of the social insurance law', () => {
    expect(kb.references.find('社保法第二十三条')).toMatchObject({ docId: 'cn-social-insurance-law', article: 23, paragraph: null });
  });

  it('reads Arabic and full-width numbers and a paragraph: 监管条例第４１条第1款', () => {
    expect(kb.references.find('监管条例第４１条第1款')).toMatchObject({ docId: 'cn-fund-supervision-reg', article: 41, paragraph: 1 });
  });

  it('prefers the longest name: 上海市医疗保障条例 is not some other 医保条例', () => {
    expect(kb.references.find('上海市医疗保障条例第二十二条讲的什么')?.docId).toBe('sh-medical-security-reg');
  });

  it('finds an article without a document in 那第二十四条呢', () => {
    expect(kb.references.find('那第二十四条呢')).toMatchObject({ docId: null, article: 24 });
  });

  it('does not take 条例 or 条件 for an article', () => {
    expect(kb.references.find('参加职工医保有什么条件')).toBeNull();
    expect(kb.references.find('医保条例有几条')).toBeNull();
  });

  it('leaves the title out of what is asked: 社会保险法规定医保谁来交', () => {
    expect(kb.references.find('社会保险法规定医保谁来交')?.rest).toBe('医保谁来交');
  });

  it('finds a name an operator spaced out, and leaves the rest with its spaces: 全国 十四五 规划 长期护理保险 试点', () => {
    expect(kb.references.find('全国 十四五 规划 长期护理保险 试点')).toMatchObject({ docId: 'cn-plan-2021', rest: '长期护理保险 试点' });
  });

  it('leaves out the words saying the question is in the named document: 上海医保条例里说的长护险 asks about 长护险', () => {
    expect(kb.references.find('上海医保条例里说的长护险是怎么回事')).toMatchObject({ docId: 'sh-medical-security-reg', rest: '长护险是怎么回事' });
    expect(kb.references.find('社保法中规定的缴费年限')?.rest).toBe('缴费年限');
    expect(kb.references.find('社保法 提前退休')?.rest).toBe('提前退休');
  });

  it('keeps the whole question when it is nothing but the name', () => {
    expect(kb.references.find('社保法')?.rest).toBe('社保法');
  });
});

describe('resolving a reference', () => {
  it('resolves 社保法第二十三条 to the article, whose paragraphs are its text', () => {
    const article = kb.references.resolve({ docId: 'cn-social-insurance-law', named: '社保法', article: 23, paragraph: null, rest: '' });
    expect(article?.path).toBe('第二十三条');
    const leaves = clauseLeaves(article!, kb.documentClauses('cn-social-insurance-law')!);
    expect(leaves.map((c) => c.path)).toEqual(['第二十三条第一款', '第二十三条第二款']);
    expect(leaves[0]?.text).toContain('由用人单位和职工按照国家规定共同缴纳基本医疗保险费');
  });

  it('resolves a paragraph, and nothing for an article the law does not have', () => {
    expect(kb.references.resolve({ docId: 'cn-social-insurance-law', named: null, article: 23, paragraph: 2, rest: '' })?.path).toBe('第二十三条第二款');
    expect(kb.references.resolve({ docId: 'cn-social-insurance-law', named: null, article: 100, paragraph: null, rest: '' })).toBeNull();
  });
});
