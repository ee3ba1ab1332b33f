import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import {
  CROSS_PROVINCE_TERM, CROSS_REGION_CONCEPT, DEFAULT_QUERY_WEIGHTS, headingScheme, namedSchemes, officialTerms, type AnalyzedQuery, type QueryConcept,
} from '../../knowledge/query';
import { allRegions, detectRegion, documentRegion, NATIONAL } from '../../knowledge/regions';
import { detectTopic } from '../../knowledge/topics';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

function concept(query: AnalyzedQuery, label: string): QueryConcept {
  const found = query.concepts.find((c) => c.label === label);
  if (!found) throw new Error(`no concept "${label}" in ${query.concepts.map((c) => c.label).join(', ')}`);
  return found;
}

function weightOf(c: QueryConcept, term: string): number | undefined {
  return c.terms.find((t) => t.term === term)?.weight;
}

describe('the official terms of the synonym map', () => {
  it('are segmented as indexTerms segments them, once each', () => {
    const officials = [...new Set(kb.lexicon.synonyms.flatMap((s) => s.terms))];
    expect(officials.length).toBeGreaterThan(100);
    for (const official of officials) expect(officialTerms(kb.analyzer, official), official).toEqual(kb.analyzer.indexTerms(official));
    expect(officialTerms(kb.analyzer, '灵活就业人员')).toBe(officialTerms(kb.analyzer, '灵活就业人员'));
  });
});

describe('colloquial words and their official terms', () => {
  it('reads 跑外卖 as 灵活就业人员, with the synonym weight', () => {
    const c = concept(kb.analyze('跑外卖的小哥能交医保吗'), '跑外卖');
    expect(c.explained).toBe(true);
    expect(weightOf(c, '灵活就业人员')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    expect(weightOf(c, '跑外卖')).toBe(1);
  });

  it('gives a dictionary word the synonyms of a phrase inside it, as a part: 开发票 gets 发票\'s 收费票据', () => {
    const c = concept(kb.analyze('医院开发票要等几天'), '开发票');
    expect(c.explained).toBe(false);
    expect(weightOf(c, '收费票据')).toBe(DEFAULT_QUERY_WEIGHTS.synonym * DEFAULT_QUERY_WEIGHTS.subword);
  });

  it('puts 报销\'s official term in its place inside 报销比例: the documents say 支付比例', () => {
    const c = concept(kb.analyze('职工医保住院报销比例'), '报销比例');
    expect(c.explained).toBe(true);
    expect(weightOf(c, '支付比例')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    expect(weightOf(c, '报销比例')).toBe(1);
  });

  it('composes only words the documents use: 开发票 gets no 开收费票据', () => {
    const c = concept(kb.analyze('医院开发票要等几天'), '开发票');
    expect(c.terms.map((t) => t.term)).not.toContain('开收费票据');
  });

  it('reads 交 standing alone as 缴纳, but not the 交 inside 交通', () => {
    const c = concept(kb.analyze('单位给交的医保'), '交');
    expect(weightOf(c, '缴纳')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    const traffic = kb.analyze('出了交通事故医保能报吗').concepts.flatMap((x) => x.terms.map((t) => t.term));
    expect(traffic).not.toContain('缴纳');
  });

  it('finds a phrase across the spaces of a terse look-up: 异地 备案 is 异地备案', () => {
    const c = concept(kb.analyze('异地 备案 流程'), '异地备案');
    expect(c.explained).toBe(true);
    expect(weightOf(c, '异地就医备案')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('keeps the negation of 单位不给缴社保 and reads it as 欠缴, the documents\' word for an employer that does not pay', () => {
    const c = concept(kb.analyze('单位不给缴社保'), '不给缴');
    expect(weightOf(c, '欠缴')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    const top = kb.rank(kb.analyze('单位不给缴社保'))[0];
    expect(top?.entry.clause.text).toContain('用人单位未按时足额缴纳社会保险费');
  });

  it('reads past the person a refusal names: 厂里没给我们交医保 is the phrase 没给交医保, an employer that does not pay', () => {
    const c = concept(kb.analyze('厂里没给我们交医保，我该找谁'), '没给交医保');
    expect(weightOf(c, '欠缴')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    const top = kb.rank(kb.analyze('厂里没给我们交医保，我该找谁'))[0];
    expect(top?.entry.clause.text).toContain('用人单位未按时足额缴纳社会保险费');
  });

  it('starts a phrase at a refusal though its characters are stop words: 诊所不给刷医保卡 is the phrase 不给刷医保卡', () => {
    const c = concept(kb.analyze('诊所不给刷医保卡，说系统坏了'), '不给刷医保卡');
    expect(weightOf(c, '直接结算')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('leaves the person after a 给 that refuses nothing: 医保卡借给我爸 still names 我爸', () => {
    expect(kb.analyze('医保卡借给我爸用行吗').concepts.map((c) => c.label)).toContain('我爸');
  });

  it('reads 外地 as 异地', () => {
    const c = concept(kb.analyze('我在外地'), '外地');
    expect(weightOf(c, '异地')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('counts one word of a two-word phrase as part of it: 医院 in 社区医院 is not the whole phrase', () => {
    const c = concept(kb.analyze('社区医院能刷医保吗'), '社区医院');
    expect(weightOf(c, '医院')).toBe(DEFAULT_QUERY_WEIGHTS.subword);
    expect(weightOf(c, '基层医疗卫生机构')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('counts the only word of a phrase fully when the rest are stop words: 退休 in 退休了', () => {
    const c = concept(kb.analyze('我退休了医保怎么交'), '退休了');
    expect(weightOf(c, '退休')).toBe(1);
  });

  it('takes the phrase that matches whole words first: 我爸妈 is 我 + 爸妈, not 我爸 + 妈', () => {
    const c = concept(kb.analyze('医保能给我爸妈用吗'), '爸妈');
    expect(c.explained).toBe(true);
    expect(weightOf(c, '父母')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('never lets a phrase cut a dictionary word: 灵活就业交了医保多久能报销 keeps 报销 whole', () => {
    const q = kb.analyze('灵活就业交了医保多久能报销');
    expect(q.concepts.map((c) => c.label)).toContain('报销');
    expect(q.concepts.map((c) => c.label)).not.toContain('销');
  });

  it('reads the A-not-A form as its verb: 门诊能不能报销 asks about 报销, not 不能报销', () => {
    const labels = kb.analyze('门诊能不能报销').concepts.map((c) => c.label);
    expect(labels).toContain('报销');
    expect(labels).not.toContain('不能报销');
    expect(kb.analyze('骗保的医院罚不罚').concepts.map((c) => c.label)).toContain('罚');
  });

  it('reads 新农合 as 城乡居民基本医疗保险', () => {
    const c = concept(kb.analyze('老家的新农合今年还要交吗'), '新农合');
    expect(weightOf(c, '城乡居民基本医疗保险')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('reads 交医保 as 参保缴费', () => {
    const c = concept(kb.analyze('跑外卖的小哥能交医保吗'), '交医保');
    expect(weightOf(c, '参保缴费')).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
  });

  it('gives the sub-words of an official term the synonym weight times the sub-word weight', () => {
    const c = concept(kb.analyze('老家的新农合今年还要交吗'), '新农合');
    expect(weightOf(c, '居民')).toBeCloseTo(DEFAULT_QUERY_WEIGHTS.synonym * DEFAULT_QUERY_WEIGHTS.subword, 10);
  });

  it('gives the sub-words of the user\'s own word the sub-word weight', () => {
    const c = concept(kb.analyze('门诊共济以后怎么弄'), '门诊共济');
    expect(weightOf(c, '门诊共济')).toBe(1);
    expect(weightOf(c, '门诊')).toBe(DEFAULT_QUERY_WEIGHTS.subword);
  });

  it('weighs a figure of the story, and a plan period written with numerals, at the story-figure weight: 两年 and 十四五', () => {
    const q = kb.analyze('断缴了两年，十四五期间还能补吗');
    expect(weightOf(concept(q, '两年'), '两年')).toBe(DEFAULT_QUERY_WEIGHTS.storyFigure);
    expect(weightOf(concept(q, '十四五'), '十四五')).toBe(DEFAULT_QUERY_WEIGHTS.storyFigure);
    expect(weightOf(concept(q, '期间'), '期间')).toBe(1);
  });

  it('gives a single-character word the single-character weight', () => {
    const c = concept(kb.analyze('我在兰州交的医保，去上海看病'), '交');
    expect(weightOf(c, '交')).toBe(DEFAULT_QUERY_WEIGHTS.singleChar);
  });

  it('lets emoji in the question change nothing', () => {
    expect(kb.analyze('😀异地就医怎么备案👍').concepts).toEqual(kb.analyze('异地就医怎么备案').concepts);
  });

  it('keeps stop words out of the concepts', () => {
    const labels = kb.analyze('请问异地就医到底能不能直接结算吗').concepts.map((c) => c.label);
    for (const stop of ['请问', '到底', '能不能', '吗']) expect(labels).not.toContain(stop);
  });
});

describe('regions a question names', () => {
  it.each([
    ['兰州的灵活就业人员怎么交医保', '甘肃'],
    ['天水看门诊能报销吗', '甘肃'],
    ['西宁的异地就医备案怎么办', '青海'],
    ['杭州的职工医保个人账户能给家人用吗', '浙江'],
    ['宁波打零工的能交职工医保吗', '浙江'],
    ['青浦参保的去嘉善看病要备案吗', '上海'],
    ['鄂州的门诊慢特病怎么报', '鄂州'],
  ])('reads %s as %s', (question, region) => {
    expect(kb.analyze(question).region?.region).toBe(region);
  });

  it.each([
    ['湖北鄂州这边住院报销有什么政策', '鄂州'],
    ['湖北省鄂州市 职工医保 门诊', '鄂州'],
    ['湖北 门诊共济', '湖北'],
    ['我在武汉上班，鄂州交的医保', '武汉'],
  ])('reads %s as %s: a province of no documents gives way to the corpus\'s place written right after it', (question, region) => {
    expect(kb.analyze(question).region?.region).toBe(region);
  });

  it('takes the first place named: insured in 兰州, treated in 上海 is 甘肃', () => {
    expect(kb.analyze('我在兰州交的医保，去上海看病').region).toEqual({ region: '甘肃', place: '兰州', start: 2 });
  });

  it('adds the away-from-home concept, with 跨省 as a weaker term, when two regions are named', () => {
    const c = concept(kb.analyze('我在兰州交的医保，去上海看病'), CROSS_REGION_CONCEPT);
    expect(weightOf(c, CROSS_REGION_CONCEPT)).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    expect(weightOf(c, CROSS_PROVINCE_TERM)).toBeCloseTo(DEFAULT_QUERY_WEIGHTS.synonym * DEFAULT_QUERY_WEIGHTS.subword, 10);
  });

  it('adds the away-from-home concept without 跨省 for two places of one region (杭州 … 宁波 is care away from home within 浙江)', () => {
    const c = concept(kb.analyze('杭州参保去宁波住院'), CROSS_REGION_CONCEPT);
    expect(weightOf(c, CROSS_REGION_CONCEPT)).toBe(DEFAULT_QUERY_WEIGHTS.synonym);
    expect(weightOf(c, CROSS_PROVINCE_TERM)).toBeUndefined();
  });

  it('takes a region named with one of its places (浙江杭州) for one place, not two', () => {
    expect(kb.analyze('浙江杭州的医保怎么交').concepts.map((c) => c.label)).not.toContain(CROSS_REGION_CONCEPT);
  });

  it('does not read 定西 inside 规定西药 as a place', () => {
    // jieba cuts 医保/规定/西药/…: the question names no place at all.
    expect(kb.analyze('医保规定西药和中药报销比例一样吗').region).toBeNull();
  });

  it('does not read 海东 inside 上海东方医院 as a second place', () => {
    const query = kb.analyze('上海东方医院看门诊能用医保卡吗');
    expect(query.region?.region).toBe('上海');
    expect(query.concepts.map((c) => c.label)).not.toContain(CROSS_REGION_CONCEPT);
  });

  it('does not search a place name as a content word', () => {
    const labels = kb.analyze('西宁的医保').concepts.map((c) => c.label);
    expect(labels).not.toContain('西宁');
    expect(labels).toContain('医保');
  });

  it('finds no region in a question that names no place', () => {
    expect(kb.analyze('灵活就业人员能参加职工医保吗').region).toBeNull();
  });

  it('reads 全国 as the national region', () => {
    expect(kb.analyze('全国统一的异地就医备案什么时候实现').region?.region).toBe(NATIONAL);
  });
});

describe('detectRegion and allRegions', () => {
  /** Words as the analyzer gives them (the positions are what matter here). */
  const words = (...tokens: Array<string | [string, string[]]>) => {
    let start = 0;
    return tokens.map((t) => {
      const [token, subwords] = typeof t === 'string' ? [t, []] : t;
      const placed = { token, start, subwords };
      start += token.length;
      return placed;
    });
  };
  const places = [
    { place: '兰州新区', region: '甘肃' },
    { place: '兰州', region: '甘肃' },
    { place: '上海', region: '上海' },
    { place: '全国', region: NATIONAL },
  ];

  it('reads the whole word 兰州新区 as the place', () => {
    expect(detectRegion(words(['兰州新区', ['兰州', '新区']], '医保'), places)).toEqual({ region: '甘肃', place: '兰州新区', start: 0 });
  });

  it('prefers the earlier place over a later one', () => {
    expect(detectRegion(words('去', '上海', '看病', '医保', '在', '兰州'), places)?.region).toBe('上海');
  });

  it('takes a place at the start of a longer word but not from its middle', () => {
    const tokens = words(['上海东方', ['上海', '海东', '东方']], '医院');
    expect(detectRegion(tokens, [...places, { place: '海东', region: '青海' }])?.region).toBe('上海');
    expect(allRegions(tokens, [...places, { place: '海东', region: '青海' }])).toEqual(['上海']);
  });

  it('returns null when no place is named', () => {
    expect(detectRegion(words('异地就医备案'), places)).toBeNull();
  });

  it('lists each region once, national included', () => {
    expect(allRegions(words('兰州新区', '兰州', '上海', '全国'), places).sort()).toEqual(['上海', '甘肃', NATIONAL].sort());
  });
});

describe('documentRegion', () => {
  const codes = () => kb.lexicon.regions;

  it('maps 全国 to national', () => {
    expect(documentRegion({ region: '全国', level: 'national' }, codes())).toBe(NATIONAL);
  });

  it('maps 湖北省鄂州市 to 鄂州', () => {
    expect(documentRegion({ region: '湖北省鄂州市', level: 'city' }, codes())).toBe('鄂州');
  });

  it.each([
    ['甘肃省', '甘肃'],
    ['青海省', '青海'],
    ['上海市', '上海'],
    ['浙江省', '浙江'],
  ])('maps %s to %s', (region, code) => {
    expect(documentRegion({ region, level: 'provincial' }, codes())).toBe(code);
  });

  it('keeps the manifest region of a region it has no code for', () => {
    expect(documentRegion({ region: '江苏省', level: 'provincial' }, codes())).toBe('江苏省');
  });

  it('gives every document of the corpus a known region code', () => {
    for (const doc of kb.documents) expect(codes()).toContain(kb.regionOf(doc));
  });
});

describe('insurance schemes', () => {
  it('puts a question naming no scheme under medical insurance', () => {
    expect(kb.analyze('异地就医怎么备案').schemes).toEqual(['医疗']);
  });

  it('keeps medical insurance in scope of a 工伤 question and adds 工伤', () => {
    expect(kb.analyze('工伤住院的费用医保管不管').schemes).toEqual(['医疗', '工伤']);
  });

  it('adds 养老 for a question about the pension account', () => {
    expect(kb.analyze('养老保险个人账户的钱能继承吗').schemes).toEqual(['医疗', '养老']);
  });

  it('namedSchemes lists the default scheme first and each scheme once', () => {
    expect(namedSchemes('养老金和养老保险', kb.lexicon.schemes)).toEqual(['医疗', '养老']);
  });

  it('headingScheme files a clause under the innermost heading that names a scheme', () => {
    expect(headingScheme(['第二章 基本养老保险', '第十四条'], kb.lexicon.schemes)).toBe('养老');
    expect(headingScheme(['第三章 基本医疗保险'], kb.lexicon.schemes)).toBe('医疗');
    expect(headingScheme(['第四章 工伤保险', '第三十条'], kb.lexicon.schemes)).toBe('工伤');
    expect(headingScheme(['第十章 社会保险监督'], kb.lexicon.schemes)).toBeNull();
    expect(headingScheme([], kb.lexicon.schemes)).toBeNull();
  });
});

describe('topics', () => {
  it.each([
    ['灵活就业人员在哪参保缴费', 'enrolment'],
    ['异地就医直接结算要先备案吗', 'cross_province'],
    ['门诊共济以后个人账户怎么用', 'outpatient'],
  ])('reads %s as %s', (question, topic) => {
    expect(kb.analyze(question).topic).toBe(topic);
  });

  it('finds no topic in a question without signal words', () => {
    expect(kb.analyze('骗保会怎么处罚').topic).toBeNull();
  });

  it('breaks a tie in favour of the first topic of the list', () => {
    const topics = [{ topic: 'a', words: ['参保'] }, { topic: 'b', words: ['门诊'] }];
    expect(detectTopic('参保后门诊', topics)).toBe('a');
    expect(detectTopic('门诊门诊参保', topics)).toBe('a');
  });
});
