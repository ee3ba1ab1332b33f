import { postingsOf, type Postings } from './accumulator';
import type { IndexData, TermTable } from './indexData';
import { fieldFrequencies, type CorpusStats, type EntryTerms, type RankingParams } from './ranker';

/**
 * BM25F field frequencies (ranker.ts `fieldFrequencies`) read straight from the index data's typed
 * arrays, without building a Map per entry: ranking asks for a few terms of thousands of entries,
 * so a per-entry Map cost more than the scoring itself. The arithmetic is `fieldFrequencies`' own,
 * in the same order (body, then headings, then questions), so the numbers are the same to the bit.
 *
 * Entries whose terms changed at run time (an alternate question added: knowledgeBase.ts
 * `addQuestion`) are no longer described by the index data; for them the entry's own Maps are used.
 */
export interface FieldIndex {
  /** The field frequency of `term` in entry `id`, 0 when the entry lacks it. */
  of(id: number, term: string): number;
  /** Every entry that has `term` and its frequency there, in entry order (computed once per term). */
  postings(term: string): Postings;
  /** All of an entry's field frequencies as a Map (for the per-concept breakdown of a few entries). */
  map(id: number): Map<string, number>;
}

/** What the field index reads besides the index data: the live entries and which of them changed. */
export interface FieldSources {
  data: IndexData;
  entries: readonly EntryTerms[];
  /** Vocabulary term → its position in `data.vocabulary`. */
  termIds: ReadonlyMap<string, number>;
  /** Entries whose term counts no longer match the index data. */
  changed: ReadonlySet<number>;
  stats: Pick<CorpusStats, 'avgLength' | 'avgQuestionsLength'>;
}

/** The count of term `termId` in row `row` of a table, 0 when absent (rows are short: a linear scan). */
function countIn(table: TermTable, row: number, termId: number): number {
  const { offsets, terms, counts } = table;
  for (let i = offsets[row] as number, end = offsets[row + 1] as number; i < end; i += 1) {
    if (terms[i] === termId) return counts[i] as number;
  }
  return 0;
}

/** Rows of `table` that contain `termId`, ascending. */
function rowsWith(table: TermTable, termId: number): number[] {
  const rows: number[] = [];
  const { offsets, terms } = table;
  let row = 0;
  for (let i = 0; i < terms.length; i += 1) {
    if (terms[i] !== termId) continue;
    while ((offsets[row + 1] as number) <= i) row += 1;
    rows.push(row);
  }
  return rows;
}

export function createFieldIndex(sources: FieldSources, params: RankingParams): FieldIndex {
  const { data, entries, termIds, changed, stats } = sources;
  const { b } = params.bm25;
  const q = params.questions;
  const count = entries.length;
  // The normalisations of fieldFrequencies, per entry, written exactly as it writes them.
  const bodyNorm = new Float64Array(count);
  const questionsNorm = new Float64Array(count);
  for (let id = 0; id < count; id += 1) {
    const entry = entries[id] as EntryTerms;
    bodyNorm[id] = 1 - b + (b * entry.length) / Math.max(stats.avgLength, 1);
    questionsNorm[id] = 1 - q.b + (q.b * entry.questionsLength) / Math.max(stats.avgQuestionsLength, 1);
  }
  const map = (id: number) => fieldFrequencies(entries[id] as EntryTerms, stats, params);
  /** The changed entries' Maps, kept: every look-up of theirs goes through them. */
  const changedMaps = new Map<number, Map<string, number>>();
  const changedMap = (id: number) => {
    let m = changedMaps.get(id);
    if (!m) changedMaps.set(id, (m = map(id)));
    return m;
  };

  const of = (id: number, term: string): number => {
    if (changed.has(id)) return changedMap(id).get(term) ?? 0;
    const termId = termIds.get(term);
    if (termId === undefined) return 0;
    const body = countIn(data.body, id, termId);
    const headings = countIn(data.chains, data.entryChain[id] as number, termId);
    const questions = q.boost > 0 ? countIn(data.questions, id, termId) : 0;
    let tf = 0;
    if (body) tf = body / (bodyNorm[id] as number);
    if (headings) tf = tf + (params.headingWeight * headings) / (bodyNorm[id] as number);
    if (questions) tf = tf + (q.boost * questions) / (questionsNorm[id] as number);
    return tf;
  };

  /** Heading chain → the entries filed under it, built on first use. */
  let chainEntries: Int32Array[] | null = null;
  const entriesOfChain = (): Int32Array[] => {
    if (chainEntries) return chainEntries;
    const lists: number[][] = Array.from({ length: data.chains.offsets.length - 1 }, () => []);
    for (let id = 0; id < count; id += 1) (lists[data.entryChain[id] as number] as number[]).push(id);
    return (chainEntries = lists.map((l) => Int32Array.from(l)));
  };

  const known = new Map<string, Postings>();
  const postings = (term: string): Postings => {
    let p = known.get(term);
    if (p) return p;
    const has = new Set<number>(changed);
    const termId = termIds.get(term);
    if (termId !== undefined) {
      for (const row of rowsWith(data.body, termId)) has.add(row);
      if (q.boost > 0) for (const row of rowsWith(data.questions, termId)) has.add(row);
      const chains = entriesOfChain();
      for (const row of rowsWith(data.chains, termId)) for (const id of chains[row] as Int32Array) has.add(id);
    }
    const ids = Int32Array.from([...has].filter((id) => of(id, term) > 0)).sort();
    known.set(term, (p = postingsOf(ids, Float64Array.from(ids, (id) => of(id, term)), params.bm25.k1)));
    return p;
  };

  return { of, postings, map };
}
