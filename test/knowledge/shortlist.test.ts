import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Ranked, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_RANKING, fieldFrequencies } from '../../knowledge/ranker';
import { createFieldIndex, type FieldSources } from '../../knowledge/fieldIndex';
import type { IndexData } from '../../knowledge/indexData';
import { snapshotFile } from '../../knowledge/indexCache';
import { Shortlist } from '../../knowledge/shortlist';
import { indexKey } from '../../knowledge/indexKey';
import { DEFAULT_DATA_DIR } from '../../knowledge/lexicon';
import { DEFAULT_QUESTIONS_DIR } from '../../knowledge/questions';
import { readSnapshot } from '../../knowledge/snapshot';

/**
 * The shortcuts of ranking give what the full computation gives, on the real corpus: the field
 * frequencies read from the index data (fieldIndex.ts) are fieldFrequencies' to the bit, and a
 * shortlisted ranking (knowledgeBase.ts `Shortlisting`) is the full ranking with only what its
 * caller never accepts left out, in the same order.
 */

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

const QUESTIONS = [
  '灵活就业人员能参加职工医保吗',
  '我在兰州交的医保，去上海看病能直接报吗？',
  '异地就医备案现在比以前好办点了没',
  '门诊慢特病怎么认定',
  '医保卡丢了怎么办',
  '生孩子能报销多少',
  '社保法第二十三条讲什么',
  '退休了还要交医保吗',
  '医疗',
];

let kb: Retriever;
/** The index data the knowledge base was assembled from, read back from its snapshot. */
let data: IndexData;
const cacheDir = mkdtempSync(join(tmpdir(), 'yibao-shortlist-'));

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR, indexCacheDir: cacheDir });
  const key = indexKey({ corpus: { dir: CORPUS_DIR }, dataDir: DEFAULT_DATA_DIR, questionsDir: DEFAULT_QUESTIONS_DIR });
  data = readSnapshot(snapshotFile(cacheDir, key), key).data;
});

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const sources = (): FieldSources => ({
  data, entries: kb.entries, termIds: new Map(data.vocabulary.map((t, i) => [t, i])), changed: new Set(), stats: kb.stats,
});

const row = (r: Ranked) => [r.entry.clause.id, r.score, r.relevance, r.coverage];

/**
 * `short` is `full` with some candidates left out and the rest in the same order, with the same
 * figures; every candidate `needed` accepts is kept, and the first places are the same.
 */
function expectShortlistOf(full: Ranked[], short: Ranked[], needed: (r: Ranked, i: number) => boolean, label: string): void {
  const kept = new Set(short.map((r) => r.entry.clause.id));
  expect(short.map(row), label).toEqual(full.filter((r) => kept.has(r.entry.clause.id)).map(row));
  for (const [i, r] of full.entries()) if (needed(r, i)) expect(kept.has(r.entry.clause.id), `${label}: ${r.entry.clause.id}`).toBe(true);
}

describe('a shortlisted ranking', () => {
  const shortlist = { coverage: 0.25, top: 12 };

  it('is the full ranking without candidates that cover too little outside its first places, in the same order', () => {
    let left = 0;
    for (const question of QUESTIONS) {
      const query = kb.analyze(question);
      const full = kb.rank(query);
      const short = kb.rank(query, { shortlist });
      expectShortlistOf(full, short, (r, i) => i < shortlist.top || r.coverage >= shortlist.coverage, question);
      left += full.length - short.length;
    }
    // A one-word question (医疗) leaves nothing out: every candidate covers all of it.
    expect(left).toBeGreaterThan(0);
  });

  it('keeps a candidate that covers too little only when it is among the first places of the full ranking', () => {
    for (const question of QUESTIONS) {
      const query = kb.analyze(question);
      const firstPlaces = new Set(kb.rank(query).slice(0, shortlist.top).map((r) => r.entry.clause.id));
      for (const r of kb.rank(query, { shortlist })) {
        if (r.coverage < shortlist.coverage) expect(firstPlaces.has(r.entry.clause.id), `${question}: ${r.entry.clause.id}`).toBe(true);
      }
    }
  });

  it('gives search the full ranking\'s first places, in the same order', () => {
    for (const question of QUESTIONS) {
      for (const limit of [1, 10, 40]) {
        const full = kb.rank(kb.analyze(question), { document: kb.references.find(kb.analyze(question).normalized)?.docId ?? null }).slice(0, limit);
        expect(kb.search(question, { limit }).map((h) => [h.clause.id, h.score, h.relevance, h.coverage]), `${question}, ${limit}`).toEqual(full.map(row));
      }
    }
  });

  it('keeps the clauses it is told to keep, whatever their coverage', () => {
    const query = kb.analyze('医保卡丢了怎么办');
    const full = kb.rank(query);
    const low = full.slice(shortlist.top).find((r) => r.coverage < shortlist.coverage);
    expect(low).toBeDefined();
    const id = low?.entry.clause.id as string;
    const ranked = kb.rank(query, { shortlist: { ...shortlist, clauses: [id] } });
    expect(ranked.map((r) => r.entry.clause.id)).toContain(id);
    expectShortlistOf(full, ranked, (r, i) => i < shortlist.top || r.coverage >= shortlist.coverage || r.entry.clause.id === id, 'kept clause');
  });

  it('gives the same per-concept breakdown as the full ranking', () => {
    const query = kb.analyze('灵活就业人员能参加职工医保吗');
    const [full] = kb.rank(query);
    const [short] = kb.rank(query, { shortlist });
    expect(short?.matches).toEqual(full?.matches);
  });
});

describe('a shortlist of the best few', () => {
  const item = (score: number, reached: number) => ({ score, dateRank: 0, order: 0, reached });

  it('rules out a score bound only once it is full and its last scores more than the bound', () => {
    const best = new Shortlist(2);
    expect(best.outOfReach(0.1)).toBe(false);
    best.offer(item(3, 0));
    expect(best.outOfReach(0.1)).toBe(false);
    best.offer(item(2, 1));
    expect(best.outOfReach(1.9)).toBe(true);
    // A bound equal to the last's score may still tie it and win on the other keys.
    expect(best.outOfReach(2)).toBe(false);
    expect(best.outOfReach(2.5)).toBe(false);
  });

  it('of no places rules out everything', () => {
    expect(new Shortlist(0).outOfReach(100)).toBe(true);
  });
});

describe('field frequencies read from the index data', () => {
  it('are fieldFrequencies\' own for every term of every clause', () => {
    const fields = createFieldIndex(sources(), DEFAULT_RANKING);
    kb.entries.forEach((entry, id) => {
      const expected = fieldFrequencies(entry, kb.stats, DEFAULT_RANKING);
      for (const [term, tf] of expected) expect(fields.of(id, term)).toBe(tf);
      expect(fields.of(id, '宠物医院')).toBe(0);
    });
  });

  it('list, for a term, exactly the clauses that have it', () => {
    const fields = createFieldIndex(sources(), DEFAULT_RANKING);
    for (const term of ['医疗', '职工', '异地', '备案', '生育']) {
      const expected = kb.entries.flatMap((entry, id) => {
        const tf = fieldFrequencies(entry, kb.stats, DEFAULT_RANKING).get(term);
        return tf ? [[id, tf]] : [];
      });
      const { ids, tf } = fields.postings(term);
      expect(Array.from(ids, (id, k) => [id, tf[k]]), term).toEqual(expected);
    }
  });
});
