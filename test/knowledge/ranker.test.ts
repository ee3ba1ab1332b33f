import { describe, expect, it } from 'vitest';
import type { QueryConcept } from '../../knowledge/query';
import {
  conceptIdf, DEFAULT_RANKING, idf, maxPrior, ORDINARY_UNSEEN_SHARE, prepareConcepts, priorOf, regionPrior, scoreEntry, type CorpusStats, type EntryTerms,
  type QueryScope, type RankingParams, type Scored,
} from '../../knowledge/ranker';
import { NATIONAL } from '../../knowledge/regions';

/** Ten entries of average length 10; document frequencies as given. */
function stats(df: Record<string, number>): CorpusStats {
  return { entries: 10, avgLength: 10, avgQuestionsLength: 10, df: (term) => df[term] ?? 0 };
}

function entry(body: Record<string, number>, overrides: Partial<EntryTerms> = {}): EntryTerms {
  return {
    body: new Map(Object.entries(body)),
    headings: new Map(),
    questions: new Map(),
    length: 10,
    questionsLength: 0,
    region: NATIONAL,
    kind: 'law',
    scheme: null,
    ...overrides,
  };
}

const own = (label: string, weight = 1): QueryConcept => ({ label, terms: [{ term: label, weight }] });

const noScope = { region: null, schemes: ['医疗'] };

/** Plain BM25: no coordination, so the numbers below are the textbook formula. */
const PLAIN: RankingParams = { ...DEFAULT_RANKING, coordination: 0 };

const { k1 } = DEFAULT_RANKING.bm25;
const STATS = stats({ 异地就医: 1, 备案: 1, 门诊: 5, 医院: 2 });

/** Scores one entry for the concepts, prepared against STATS as the knowledge base does once per query. */
function scored(e: EntryTerms, concepts: QueryConcept[], scope: QueryScope, params: RankingParams = DEFAULT_RANKING): Scored {
  return scoreEntry(e, prepareConcepts(concepts, STATS), scope, STATS, params);
}
const IDF_1 = Math.log(1 + 9.5 / 1.5);

describe('idf', () => {
  it('follows the BM25 formula and stays positive for a term in every entry', () => {
    expect(idf(STATS, 1)).toBeCloseTo(IDF_1, 12);
    expect(idf(STATS, 10)).toBeCloseTo(Math.log(1 + 0.5 / 10.5), 12);
    expect(idf(STATS, 10)).toBeGreaterThan(0);
  });

  it('is highest for a term the corpus does not have', () => {
    expect(idf(STATS, 0)).toBeCloseTo(Math.log(22), 12);
    expect(idf(STATS, 0)).toBeGreaterThan(idf(STATS, 1));
  });
});

describe('BM25 term frequency', () => {
  const score = (tf: number, length = 10) => scored(entry({ 异地就医: tf }, { length }), [own('异地就医')], noScope, PLAIN).score;

  it('scores one occurrence in an entry of average length at exactly the idf', () => {
    expect(score(1)).toBeCloseTo(IDF_1, 12);
  });

  it('scores two occurrences at idf × tf(k1+1)/(tf+k1)', () => {
    expect(score(2)).toBeCloseTo(IDF_1 * (2 * (k1 + 1)) / (2 + k1), 12);
  });

  it('saturates: repeats add less and less and never pass (k1+1) × idf', () => {
    const gains = [1, 2, 3, 4].map((tf) => score(tf + 1) - score(tf));
    for (let i = 1; i < gains.length; i += 1) expect(gains[i]).toBeLessThan(gains[i - 1] as number);
    expect(score(1000)).toBeLessThan((k1 + 1) * IDF_1);
    expect(score(1000)).toBeGreaterThan(0.99 * (k1 + 1) * IDF_1);
  });

  it('scores a longer entry lower for the same count', () => {
    expect(score(1, 40)).toBeLessThan(score(1, 10));
    expect(score(1, 5)).toBeGreaterThan(score(1, 10));
  });

  it('counts a heading occurrence at the heading weight', () => {
    const inHeading = entry({}, { headings: new Map([['异地就医', 1]]) });
    const tf = DEFAULT_RANKING.headingWeight;
    expect(scored(inHeading, [own('异地就医')], noScope, PLAIN).score)
      .toBeCloseTo(IDF_1 * (tf * (k1 + 1)) / (tf + k1), 12);
  });

  it('scores a concept once, by its best term, not by the sum of its terms', () => {
    const c: QueryConcept = { label: '外地', terms: [{ term: '外地', weight: 1 }, { term: '异地就医', weight: 0.8 }, { term: '门诊', weight: 0.8 }] };
    const result = scored(entry({ 异地就医: 1, 门诊: 1 }), [c], noScope, PLAIN);
    expect(result.score).toBeCloseTo(0.8 * IDF_1, 12);
    expect(result.matches).toEqual([{ label: '外地', term: '异地就医', score: result.score, idf: conceptIdf(STATS, c) }]);
  });
});

describe('coverage and coordination', () => {
  const concepts = [own('异地就医'), own('备案')];

  it('is 1 when every concept matches and 0 when none does', () => {
    expect(scored(entry({ 异地就医: 1, 备案: 1 }), concepts, noScope).coverage).toBe(1);
    const none = scored(entry({ 门诊: 1 }), concepts, noScope);
    expect(none.coverage).toBe(0);
    expect(none.score).toBe(0);
  });

  it('is the matched share of the concepts\' idf', () => {
    const result = scored(entry({ 异地就医: 1 }), [own('异地就医'), own('门诊')], noScope);
    const idfMenzhen = idf(STATS, 5);
    expect(result.coverage).toBeCloseTo(IDF_1 / (IDF_1 + idfMenzhen), 12);
  });

  it('multiplies the BM25 score by coverage to the power of the coordination parameter', () => {
    const half = scored(entry({ 异地就医: 1 }), concepts, noScope);
    expect(half.coverage).toBeCloseTo(0.5, 12);
    expect(half.score).toBeCloseTo(IDF_1 * 0.5 ** DEFAULT_RANKING.coordination, 12);
  });

  it('lets a clause that answers both words beat one that repeats a single word', () => {
    const repeats = scored(entry({ 异地就医: 5 }), concepts, noScope).score;
    const both = scored(entry({ 异地就医: 1, 备案: 1 }), concepts, noScope).score;
    expect(both).toBeGreaterThan(repeats);
  });

  it('gives a match through a weak term only partial coverage', () => {
    const c: QueryConcept = { label: '异地就医', terms: [{ term: '异地就医', weight: 1 }, { term: '备案', weight: 0.5 }] };
    expect(scored(entry({ 备案: 1 }), [c], noScope).coverage).toBeCloseTo(0.5, 12);
  });

  it('covers a word the corpus does not know only partly through its known sub-word (宠物医院 → 医院)', () => {
    const c: QueryConcept = { label: '宠物医院', terms: [{ term: '宠物医院', weight: 1 }, { term: '医院', weight: 0.5 }] };
    expect(conceptIdf(STATS, c)).toBeCloseTo(idf(STATS, 0), 12);
    expect(scored(entry({ 医院: 1 }), [c], noScope).coverage).toBeCloseTo((0.5 * idf(STATS, 2)) / idf(STATS, 0), 12);
  });

  it('values a story word nothing has, written with ordinary characters (再住), at a share of an unseen word, and a drug name with characters the documents lack at all of it', () => {
    const ordinaryStats: CorpusStats = { ...STATS, ordinary: (word) => !/[仑奈抗]/.test(word) };
    expect(conceptIdf(ordinaryStats, own('再住'))).toBeCloseTo(ORDINARY_UNSEEN_SHARE * idf(STATS, 0), 12);
    expect(conceptIdf(ordinaryStats, own('仑卡奈单抗'))).toBeCloseTo(idf(STATS, 0), 12);
    // A word known through a sub-word keeps the full worth of an unseen word (宠物医院 above).
    const c: QueryConcept = { label: '宠物医院', terms: [{ term: '宠物医院', weight: 1 }, { term: '医院', weight: 0.5 }] };
    expect(conceptIdf(ordinaryStats, c)).toBeCloseTo(idf(STATS, 0), 12);
  });

  it('values an explained colloquial phrase by its best known official term', () => {
    const c: QueryConcept = { label: '跑外卖', explained: true, terms: [{ term: '跑外卖', weight: 1 }, { term: '异地就医', weight: 0.8 }] };
    expect(conceptIdf(STATS, c)).toBeCloseTo(0.8 * IDF_1, 12);
    expect(scored(entry({ 异地就医: 1 }), [c], noScope).coverage).toBeCloseTo(1, 12);
  });

  it('values a concept with no known term as an unseen word', () => {
    expect(conceptIdf(STATS, own('天气'))).toBeCloseTo(idf(STATS, 0), 12);
    expect(conceptIdf(STATS, own('天气', 0.4))).toBeCloseTo(0.4 * idf(STATS, 0), 12);
  });

  it('prepares a concept once: its worth, and its known terms with weight × idf', () => {
    const c: QueryConcept = { label: '外地', explained: true, terms: [{ term: '外地', weight: 1 }, { term: '异地就医', weight: 0.8 }] };
    expect(prepareConcepts([c], STATS)).toEqual([
      { label: '外地', worth: conceptIdf(STATS, c), terms: [{ term: '异地就医', weightedIdf: 0.8 * IDF_1 }] },
    ]);
  });

  it('turns coordination off at 0', () => {
    expect(scored(entry({ 异地就医: 1 }), concepts, noScope, PLAIN).score).toBeCloseTo(IDF_1, 12);
  });
});

describe('region priors', () => {
  const p = DEFAULT_RANKING.regions;

  it('ranks national rules first when the question names no region', () => {
    expect(regionPrior(NATIONAL, null, p)).toBe(p.nationalWhenNone);
    expect(regionPrior('甘肃', null, p)).toBe(p.regionalWhenNone);
    expect(p.nationalWhenNone).toBeGreaterThan(p.regionalWhenNone);
  });

  it('treats a question about the whole country like one naming no region', () => {
    expect(regionPrior(NATIONAL, NATIONAL, p)).toBe(p.nationalWhenNone);
    expect(regionPrior('青海', NATIONAL, p)).toBe(p.regionalWhenNone);
  });

  it('ranks the named region first, national rules next, other regions last', () => {
    expect(regionPrior('青海', '青海', p)).toBe(p.sameRegion);
    expect(regionPrior(NATIONAL, '青海', p)).toBe(p.nationalWhenRegional);
    expect(regionPrior('甘肃', '青海', p)).toBe(p.otherRegion);
    expect(p.sameRegion).toBeGreaterThan(p.nationalWhenRegional);
    expect(p.nationalWhenRegional).toBeGreaterThan(p.otherRegion);
  });

  it('multiplies the entry score by the prior', () => {
    const base = scored(entry({ 异地就医: 1 }), [own('异地就医')], noScope, PLAIN).score;
    const other = scored(entry({ 异地就医: 1 }, { region: '甘肃' }), [own('异地就医')], { region: '青海', schemes: ['医疗'] }, PLAIN);
    expect(other.score).toBeCloseTo(base * p.otherRegion, 12);
  });
});

describe('kind and scheme priors', () => {
  const base = scored(entry({ 异地就医: 1 }), [own('异地就医')], noScope, PLAIN).score;

  it('lets a news summary yield to the official texts', () => {
    const news = scored(entry({ 异地就医: 1 }, { kind: 'news' }), [own('异地就医')], noScope, PLAIN).score;
    expect(news).toBeCloseTo(base * (DEFAULT_RANKING.kinds.news as number), 12);
  });

  it('lowers a clause filed under another scheme than the question is about', () => {
    const pension = entry({ 异地就医: 1 }, { scheme: '养老' });
    expect(scored(pension, [own('异地就医')], noScope, PLAIN).score).toBeCloseTo(base * DEFAULT_RANKING.otherScheme, 12);
  });

  it('does not lower it when the question names that scheme', () => {
    const pension = entry({ 异地就医: 1 }, { scheme: '养老' });
    expect(scored(pension, [own('异地就医')], { region: null, schemes: ['医疗', '养老'] }, PLAIN).score).toBeCloseTo(base, 12);
  });

  it('does not lower a clause of the question\'s own scheme or of none', () => {
    const medical = entry({ 异地就医: 1 }, { scheme: '医疗' });
    expect(scored(medical, [own('异地就医')], noScope, PLAIN).score).toBeCloseTo(base, 12);
  });
});

describe('the largest prior', () => {
  const scopes: QueryScope[] = [
    { region: null, schemes: ['医疗'] },
    { region: NATIONAL, schemes: ['医疗'], asksDefinition: true },
    { region: '上海', schemes: ['医疗', '养老'], document: 'cn-law-2010' },
    { region: '兰州', schemes: [], document: 'other' },
  ];
  const entries = [
    entry({ 异地就医: 1 }),
    entry({ 异地就医: 1 }, { region: '上海', kind: 'law', scheme: '养老', docId: 'cn-law-2010' }),
    entry({ 异地就医: 1 }, { region: '兰州', kind: 'news', scheme: '工伤', note: true, docId: 'gs-2023' }),
    entry({ 异地就医: 1 }, { kind: 'an unlisted kind' }),
  ];

  it('is at least every clause\'s prior under every scope', () => {
    const bound = maxPrior(DEFAULT_RANKING);
    for (const e of entries) for (const scope of scopes) expect(priorOf(e, scope, DEFAULT_RANKING)).toBeLessThanOrEqual(bound);
    // The same region, a law, nothing lowering it: the bound is reached.
    expect(priorOf(entries[1] as EntryTerms, scopes[2] as QueryScope, DEFAULT_RANKING)).toBe(bound);
  });

  it('counts a factor above 1 (a favoured kind) and is no bound when a factor could be negative', () => {
    expect(maxPrior({ ...DEFAULT_RANKING, kinds: { ...DEFAULT_RANKING.kinds, law: 1.5 } })).toBe(1.5);
    expect(maxPrior({ ...DEFAULT_RANKING, otherScheme: -0.3 })).toBe(Infinity);
  });
});
