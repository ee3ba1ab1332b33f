import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { loadLexicon, withShortNames } from '../../knowledge/lexicon';
import { createSegmenter } from '../../knowledge/segmenter';
import { definedShortNames, shortNamesIn, type ShortNameWords } from '../../knowledge/shortNames';

let kb: Retriever;
let words: ShortNameWords;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: join(import.meta.dirname, '../../knowledge/corpus') });
  // The knowledge base's own dictionary (nodejieba holds one per process).
  const segmenter = createSegmenter(loadLexicon().userDictPath);
  words = { cut: (text) => segmenter.cut(text), partOfSpeech: (word) => segmenter.tag(word) };
});

describe('short names the documents define', () => {
  it('reads 高血压 and 糖尿病 as what “两病” stands for, leaving out the 城乡居民 that qualifies the list', () => {
    expect(shortNamesIn('城乡居民高血压、糖尿病（以下统称“两病”）门诊用药保障机制普遍建立', words)).toEqual([
      { phrase: '高血压', shortName: '两病' },
      { phrase: '糖尿病', shortName: '两病' },
    ]);
  });

  it('drops the verb that leads into the list: 实行定点医疗机构和定点药店', () => {
    expect(shortNamesIn('第三十七条 实行定点医疗机构和定点药店（以下统称定点医药机构）协议管理', words)).toEqual([
      { phrase: '定点医疗机构', shortName: '定点医药机构' },
      { phrase: '定点药店', shortName: '定点医药机构' },
    ]);
  });

  it('reads the items before 以及其他灵活就业人员 as kinds of 灵活就业人员', () => {
    const text = '无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员以及其他灵活就业人员（以下统称灵活就业人员）可以参加';
    expect(shortNamesIn(text, words)).toEqual([
      { phrase: '个体工商户', shortName: '灵活就业人员' },
      { phrase: '非全日制从业人员', shortName: '灵活就业人员' },
    ]);
  });

  it('adds nothing when the short name only abbreviates the last item', () => {
    expect(shortNamesIn('省医疗保障主管部门应当加强省级药品和医用耗材集中采购平台（以下简称集中采购平台）建设', words)).toEqual([]);
    expect(shortNamesIn('经办机构与符合条件的医药机构签订医疗保障服务协议（以下简称服务协议）', words)).toEqual([]);
  });

  it('splits a list at whole words only, and takes no title in 《》 for a thing: the 和 of 共和国 joins nothing', () => {
    expect(shortNamesIn('根据《中华人民共和国社会保险法》（以下简称《社会保险法》）制定本办法', words)).toEqual([]);
  });

  it('leaves out a phrase that different texts give different short names', () => {
    const texts = ['侦查机关、审判机关（以下统称办案机关）', '人民代表大会和审判机关（以下统称国家机关）'];
    expect(definedShortNames(texts, words).get('审判机关')).toBeUndefined();
    expect(definedShortNames(texts, words).get('人民代表大会')).toEqual(['国家机关']);
  });

  it('gathers every short name a phrase is given, once each', () => {
    const texts = ['城乡居民高血压、糖尿病（以下简称“两病”）', '城乡居民高血压、糖尿病（以下统称“两病”）', '没有定义的一句话。'];
    expect([...definedShortNames(texts, words)]).toEqual([['高血压', ['两病']], ['糖尿病', ['两病']]]);
  });
});

describe('the thesaurus a question is read with', () => {
  it('gives an existing phrase the short name as one more term, and adds a new phrase at line 0', () => {
    const synonyms = [{ phrase: '药房', terms: ['药店'], line: 7 }];
    const merged = withShortNames(synonyms, new Map([['药房', ['医药机构']], ['零售药店', ['医药机构']]]));
    expect(merged).toEqual([{ phrase: '零售药店', terms: ['医药机构'], line: 0 }, { phrase: '药房', terms: ['药店', '医药机构'], line: 7 }]);
    expect(synonyms[0]?.terms).toEqual(['药店']);
  });

  it('reads 糖尿病 in a question as the “两病” the plans speak of', () => {
    const concept = kb.analyze('我妈得了糖尿病，门诊拿药能报吗').concepts.find((c) => c.label === '糖尿病');
    expect(concept?.terms.map((t) => t.term)).toContain('两病');
  });
});
