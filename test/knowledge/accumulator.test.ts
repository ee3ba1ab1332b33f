import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { accumulate, postingsOf, type Postings } from '../../knowledge/accumulator';
import { DEFAULT_RANKING, fieldFrequencies, prepareConcepts, relevanceOf, saturated, type PreparedConcept } from '../../knowledge/ranker';

/**
 * Term-at-a-time scoring (accumulator.ts) gives, on the real corpus, what scoring each clause on
 * its own gives (ranker.ts `relevanceOf` over the clause's field frequencies), to the bit.
 */

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

const QUESTIONS = [
  '灵活就业人员能参加职工医保吗',
  '我在兰州交的医保，去上海看病能直接报吗？',
  '原来单位给交职工医保 现在辞职了想换成居民医保 能转不 之前交的钱退不退',
  '上个月半夜娃发烧去急诊 医院系统坏了没刷上医保 自己先垫了一千多 现在想回去报 要带啥东西啊 多久能批下来',
  '门诊慢特病怎么认定',
  '生孩子能报销多少',
  '医疗',
];

let kb: Retriever;
let postings: (term: string) => Postings;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
  // Every entry's complete postings, from the entries' own term Maps (no index data needed).
  const known = new Map<string, Postings>();
  const frequencies = kb.entries.map((e) => fieldFrequencies(e, kb.stats, DEFAULT_RANKING));
  postings = (term) => {
    let p = known.get(term);
    if (!p) {
      const ids = Int32Array.from(frequencies.flatMap((f, id) => (f.has(term) ? [id] : [])));
      known.set(term, (p = postingsOf(ids, Float64Array.from(ids, (id) => frequencies[id]?.get(term) as number), DEFAULT_RANKING.bm25.k1)));
    }
    return p;
  };
});

/** Each reached clause's relevance and coverage worked out from the sums, as knowledgeBase.ts `rank` does. */
function scoresOf(concepts: PreparedConcept[], fromPostings: (term: string) => Postings | null) {
  const { ids, total, matchedWorth } = accumulate(kb.entries.length, concepts, fromPostings, postings);
  const allWorth = concepts.reduce((n, c) => n + c.worth, 0);
  return new Map(Array.from(ids, (id, n) => {
    const coverage = allWorth > 0 ? (matchedWorth[n] as number) / allWorth : 0;
    return [id, { relevance: (total[n] as number) * coverage ** DEFAULT_RANKING.coordination, coverage }];
  }));
}

describe('scores summed term by term over postings', () => {
  it('are each clause\'s own relevance and coverage, to the bit, for every clause a term reaches', () => {
    for (const question of QUESTIONS) {
      const concepts = prepareConcepts(kb.analyze(question).concepts, kb.stats);
      const scores = scoresOf(concepts, postings);
      const expected = kb.entries.flatMap((entry, id) => {
        const frequencies = fieldFrequencies(entry, kb.stats, DEFAULT_RANKING);
        return concepts.some((c) => c.terms.some((t) => frequencies.has(t.term))) ? [[id, relevanceOf(concepts, frequencies, DEFAULT_RANKING)]] : [];
      });
      expect(scores.size, question).toBe(expected.length);
      for (const [id, score] of expected) expect(scores.get(id as number), `${question}: entry ${id}`).toEqual(score);
    }
  });

  it('list the clauses in the order the postings first reach them', () => {
    const concepts = prepareConcepts(kb.analyze(QUESTIONS[2] as string).concepts, kb.stats);
    const order: number[] = [];
    for (const c of concepts) for (const t of c.terms) for (const id of postings(t.term).ids) if (!order.includes(id)) order.push(id);
    expect([...scoresOf(concepts, postings).keys()]).toEqual(order);
  });

  it('let a common term score only on clauses the other terms reach', () => {
    const question = '灵活就业人员能参加职工医保吗';
    const concepts = prepareConcepts(kb.analyze(question).concepts, kb.stats);
    const common = '医保';
    expect(concepts.some((c) => c.terms.some((t) => t.term === common))).toBe(true);
    const scores = scoresOf(concepts, (term) => (term === common ? null : postings(term)));
    const reached = new Set(concepts.flatMap((c) => c.terms.filter((t) => t.term !== common).flatMap((t) => [...postings(t.term).ids])));
    expect(new Set(scores.keys())).toEqual(reached);
    for (const id of reached) {
      const frequencies = fieldFrequencies(kb.entries[id] as Retriever['entries'][number], kb.stats, DEFAULT_RANKING);
      expect(scores.get(id), `entry ${id}`).toEqual(relevanceOf(concepts, frequencies, DEFAULT_RANKING));
    }
  });
});

describe('saturated postings', () => {
  it('give each posting\'s BM25 contribution to the bit when multiplied by a term\'s weighted idf', () => {
    const { tf, saturation } = postings('职工');
    expect(tf.length).toBeGreaterThan(0);
    for (const weightedIdf of [0.37, 1, 2.9]) {
      tf.forEach((f, k) => expect(weightedIdf * (saturation[k] as number)).toBe(saturated(weightedIdf, f, DEFAULT_RANKING.bm25.k1)));
    }
  });
});
