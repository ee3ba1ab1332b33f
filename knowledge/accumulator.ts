import { saturated, type PreparedConcept } from './ranker';

/**
 * Term-at-a-time scoring over postings in typed arrays: for every clause a query term occurs in,
 * each concept keeps its best BM25 contribution (ranker.ts: one score per concept, by its best
 * term) and the weighted idf of the term that gave it. The work is the length of the query terms'
 * postings, not candidates × terms, and nothing is allocated per candidate.
 */

/** The clauses a term occurs in and the term's BM25F field frequency in each (ranker.ts `fieldFrequencies`). */
export interface Postings {
  ids: Int32Array;
  tf: Float64Array;
}

export interface Accumulated {
  /** The clauses touched, in the order first touched. */
  ids: Int32Array;
  /** Per clause touched (same order): the sum of the concepts' best scores. */
  total: Float64Array;
  /** …and the matched share of worth: Σ min(concept worth, weighted idf of its best term). */
  matchedWorth: Float64Array;
}

/** Scratch buffers, reused between queries and grown as needed. */
let best = new Float64Array(0);
let bestIdf = new Float64Array(0);
let seen = new Uint32Array(0);
let touched = new Int32Array(0);
let epoch = 0;

function ensure(entries: number, width: number): void {
  if (seen.length < entries) {
    seen = new Uint32Array(entries);
    touched = new Int32Array(entries);
    epoch = 0;
  }
  if (best.length < entries * width) {
    best = new Float64Array(entries * width);
    bestIdf = new Float64Array(entries * width);
  }
}

/**
 * Scores the clauses the postings of `fromPostings` terms reach. Terms not taken from postings
 * (common ones) still score on the clauses already reached, through their complete postings
 * (`allPostings`): a clause they reach that no other term did is skipped.
 */
export function accumulate(
  entries: number,
  concepts: readonly PreparedConcept[],
  k1: number,
  fromPostings: (term: string) => Postings | null,
  allPostings: (term: string) => Postings,
): Accumulated {
  const width = Math.max(concepts.length, 1);
  ensure(entries, width);
  epoch += 1;
  if (epoch === 0xffffffff) {
    seen.fill(0);
    epoch = 1;
  }
  // The scratch buffers and the epoch as locals: the loops below read them for every posting.
  const rowBest = best;
  const rowIdf = bestIdf;
  const seenAt = seen;
  const touchedIds = touched;
  const now = epoch;
  let count = 0;
  const later: Array<{ ci: number; term: string; weightedIdf: number }> = [];
  for (let ci = 0; ci < concepts.length; ci += 1) {
    for (const { term, weightedIdf } of (concepts[ci] as PreparedConcept).terms) {
      const postings = fromPostings(term);
      if (!postings) {
        later.push({ ci, term, weightedIdf });
        continue;
      }
      const { ids, tf } = postings;
      for (let k = 0; k < ids.length; k += 1) {
        const id = ids[k] as number;
        const base = id * width;
        if (seenAt[id] !== now) {
          seenAt[id] = now;
          touchedIds[count++] = id;
          // A loop, not fill(): the rows are a few numbers wide and fill() costs a call each.
          for (let c = base; c < base + width; c += 1) {
            rowBest[c] = 0;
            rowIdf[c] = 0;
          }
        }
        const f = tf[k] as number;
        const score = saturated(weightedIdf, f, k1);
        if (score > (rowBest[base + ci] as number)) {
          rowBest[base + ci] = score;
          rowIdf[base + ci] = weightedIdf;
        }
      }
    }
  }
  // The common terms, in the same order for every clause as if each clause looked them up in turn:
  // the best term of a concept, ties included, comes out the same.
  for (const { ci, term, weightedIdf } of later) {
    const { ids, tf } = allPostings(term);
    for (let k = 0; k < ids.length; k += 1) {
      const id = ids[k] as number;
      if (seenAt[id] !== now) continue;
      const slot = id * width + ci;
      const score = saturated(weightedIdf, tf[k] as number, k1);
      if (score > (rowBest[slot] as number)) {
        rowBest[slot] = score;
        rowIdf[slot] = weightedIdf;
      }
    }
  }
  const ids = touchedIds.slice(0, count);
  const total = new Float64Array(count);
  const matchedWorth = new Float64Array(count);
  const worths = Float64Array.from(concepts, (c) => c.worth);
  const conceptCount = concepts.length;
  for (let n = 0; n < count; n += 1) {
    const id = ids[n] as number;
    const base = id * width;
    let sum = 0;
    let worth = 0;
    for (let ci = 0; ci < conceptCount; ci += 1) {
      sum += rowBest[base + ci] as number;
      // A match through a weak term (a sub-word, a synonym) covers the concept only partly.
      worth += Math.min(worths[ci] as number, rowIdf[base + ci] as number);
    }
    total[n] = sum;
    matchedWorth[n] = worth;
  }
  return { ids, total, matchedWorth };
}
