import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Ranked, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_RANKING, fieldFrequencies, prepareConcepts, relevanceOf } from '../../knowledge/ranker';
import { NATIONAL } from '../../knowledge/regions';

/**
 * Ranking on the real corpus. Assertions name the document, region or chapter of the top hits and
 * a key phrase of their text, not exact clause ids, so that they hold while parameters are tuned.
 */

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

/** 社会保险法 第十四条 (个人账户余额可以继承) sits in 第二章 基本养老保险. */
const PENSION_ACCOUNT_ARTICLE = 'cn-social-insurance-law:a14';

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const first = (question: string) => kb.search(question, { limit: 1 })[0];

describe('the region a question names', () => {
  it.each([
    ['西宁异地就医直接结算现在怎么样', '异地就医直接结算现在怎么样'],
    ['西宁这边门诊共济改革怎么搞', '门诊共济改革怎么搞'],
    ['在西宁交居民医保，统筹到哪一级了', '交居民医保，统筹到哪一级了'],
  ])('ranks a clause of the 青海 plan first for "%s" and a national one without the place', (withPlace, withoutPlace) => {
    expect(first(withPlace)?.doc.id).toBe('qh-plan-2021');
    const national = first(withoutPlace);
    expect(national && kb.regionOf(national.doc)).toBe(NATIONAL);
  });

  it('ranks the 甘肃 plan first for someone insured in 兰州 who is treated in 上海', () => {
    const hit = first('兰州参保的去上海住院怎么结算');
    expect(hit?.doc.id).toBe('gs-plan-2021');
    expect(hit?.clause.text).toContain('异地就医');
  });

  it('ranks the 上海 regulation first for a 青浦 resident treated in 嘉善', () => {
    const hit = first('我在青浦参保，去嘉善看病要先备案吗');
    expect(hit?.doc.id).toBe('sh-medical-security-reg');
  });

  it('ranks the 浙江 regulation first for a gig worker in 宁波', () => {
    const hit = first('宁波打零工的能不能参加职工医保');
    expect(hit?.doc.id).toBe('zj-medical-security-reg');
    expect(hit?.clause.text).toContain('灵活就业人员');
  });

  it('never ranks another region\'s clause first, even when its text says the same as the national plan', () => {
    // 甘肃's plan repeats the national sentence 放开对灵活就业人员参保的户籍限制 word for word.
    const hits = kb.search('西宁的灵活就业人员参保还有户籍限制吗', { limit: 3 });
    expect(kb.regionOf(hits[0]!.doc)).not.toBe('甘肃');
    // 甘肃's clause ranks below the asked region's own clause, however well its text matches.
    const gansu = hits.findIndex((h) => kb.regionOf(h.doc) === '甘肃');
    const qinghai = hits.findIndex((h) => kb.regionOf(h.doc) === '青海');
    if (gansu >= 0) expect(qinghai).toBeGreaterThanOrEqual(0);
    if (gansu >= 0) expect(qinghai).toBeLessThan(gansu);
  });

  it('ranks national rules above regional ones for a question naming no region', () => {
    const hits = kb.search('灵活就业人员能参加职工医保吗', { limit: 3 });
    expect(hits.map((h) => kb.regionOf(h.doc))).toEqual([NATIONAL, NATIONAL, NATIONAL]);
  });
});

describe('colloquial questions', () => {
  it('finds the national plan clause on 灵活就业人员 for a delivery rider', () => {
    const hits = kb.search('我跑外卖的，能不能在这边交医保', { limit: 3 });
    expect(hits[0]?.clause.text).toContain('灵活就业人员');
    expect(hits.some((h) => h.doc.id === 'cn-plan-2021' && h.clause.text.includes('灵活就业人员'))).toBe(true);
  });

  it('finds 城乡居民基本医疗保险 clauses for 新农合', () => {
    const hit = first('老家交的新农合，搬到城里长住了能转过来吗');
    expect(hit?.clause.text).toMatch(/城乡居民基本医疗保险|城乡居民医保/u);
  });

  it('finds 异地就医 clauses for 外地', () => {
    expect(first('在外地住院了，医保能直接结算吗')?.clause.text).toContain('异地就医');
  });
});

describe('the insurance scheme a clause is filed under', () => {
  const pensionChapter = (hit: { clause: { headings: string[] } } | undefined) => hit?.clause.headings.some((h) => h.includes('养老')) ?? false;

  it('lets a clause of the pension chapter yield to the medical one for a question naming no scheme', () => {
    const hits = kb.search('没雇工的个体工商户能自己交保险吗', { limit: 10 });
    expect(pensionChapter(hits[0])).toBe(false);
    const medical = hits.findIndex((h) => h.clause.text.includes('可以参加职工基本医疗保险'));
    const pension = hits.findIndex((h) => pensionChapter(h) && h.clause.text.includes('基本养老保险'));
    expect(medical).toBeGreaterThanOrEqual(0);
    if (pension >= 0) expect(medical).toBeLessThan(pension);
  });

  it('answers a question that names 养老保险 from a pension clause', () => {
    const hit = first('没雇工的个体工商户能自己交养老保险吗');
    expect(hit?.clause.text).toContain('养老保险');
    expect(hit?.clause.text).toContain('个体工商户');
  });

  it('ranks 社会保险法 第十四条 first for a question about inheriting the pension account', () => {
    expect(first('养老保险个人账户的余额，人去世了能继承吗')?.clause.id).toBe(PENSION_ACCOUNT_ARTICLE);
  });

  it('scores 第十四条 at the other-scheme prior when the question does not name 养老', () => {
    const query = kb.analyze('个人账户的余额，人去世了能继承吗');
    expect(query.schemes).not.toContain('养老');
    const scoreOf = (ranked: Ranked[]) => ranked.find((r) => r.entry.clause.id === PENSION_ACCOUNT_ARTICLE)?.score ?? NaN;
    const asked = scoreOf(kb.rank(query));
    const withPension = scoreOf(kb.rank({ ...query, schemes: [...query.schemes, '养老'] }));
    expect(asked).toBeCloseTo(withPension * DEFAULT_RANKING.otherScheme, 10);
  });
});

describe('rank', () => {
  it('reports coverage between 0 and 1 and one match per concept', () => {
    const query = kb.analyze('异地就医直接结算要先备案吗');
    const ranked = kb.rank(query);
    expect(ranked.length).toBeGreaterThan(0);
    for (const r of ranked.slice(0, 20)) {
      expect(r.coverage).toBeGreaterThan(0);
      expect(r.coverage).toBeLessThanOrEqual(1 + 1e-12);
      expect(r.matches.map((m) => m.label)).toEqual(query.concepts.map((c) => c.label));
    }
  });

  it('gives the clause that covers the whole question full coverage', () => {
    const [top] = kb.rank(kb.analyze('异地就医直接结算'));
    expect(top?.coverage).toBeCloseTo(1, 10);
  });

  it('takes an explicit region over the one the question names, and null for none', () => {
    const query = kb.analyze('西宁异地就医直接结算现在怎么样');
    expect(kb.rank(query)[0]?.entry.doc.id).toBe('qh-plan-2021');
    expect(kb.rank(query, { region: null })[0]?.entry.region).toBe(NATIONAL);
  });

  it('filters by kind and topic', () => {
    const query = kb.analyze('异地就医直接结算');
    for (const r of kb.rank(query, { kind: 'plan', topic: 'cross_province' })) {
      expect(r.entry.doc.kind).toBe('plan');
      expect(r.entry.topic).toBe('cross_province');
    }
  });

  it('breaks score ties by the newer document first, then by document order', () => {
    const ranked = kb.rank(kb.analyze('医疗保障'));
    for (let i = 1; i < ranked.length; i += 1) {
      const [a, b] = [ranked[i - 1] as Ranked, ranked[i] as Ranked];
      expect(a.score >= b.score).toBe(true);
      if (a.score !== b.score) continue;
      const [da, db] = [a.entry.doc.date ?? '', b.entry.doc.date ?? ''];
      expect(da >= db).toBe(true);
      if (da === db) expect(a.entry.clause.order).toBeLessThanOrEqual(b.entry.clause.order);
    }
  });
});

describe('term-at-a-time scoring', () => {
  it('gives every candidate the relevance and coverage that scoring the clause on its own gives', () => {
    for (const question of ['灵活就业人员能参加职工医保吗', '在外地住院能直接结算吗', '骗保会被怎么处罚', '个人账户能给家里人用吗']) {
      const query = kb.analyze(question);
      const prepared = prepareConcepts(query.concepts, kb.stats);
      for (const r of kb.rank(query).slice(0, 30)) {
        const alone = relevanceOf(prepared, fieldFrequencies(r.entry, kb.stats, DEFAULT_RANKING), DEFAULT_RANKING);
        expect(r.relevance).toBeCloseTo(alone.relevance, 9);
        expect(r.coverage).toBeCloseTo(alone.coverage, 9);
      }
    }
  });
});
