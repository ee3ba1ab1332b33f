import type { PreparedConcept } from './ranker';

/**
 * Term-at-a-time scoring over postings in typed arrays: for every clause a query term occurs in,
 * each concept keeps its best BM25 contribution (ranker.ts: one score per concept, by its best
 * term) and the weighted idf of the term that gave it. The work is the length of the query terms'
 * postings, not candidates × terms, and nothing is allocated per candidate.
 *
 * The clauses are numbered in the order the selective terms' postings first reach them (that order
 * is the ranking's last tie-break), in a pass of their own only when common terms need to know
 * which clauses are reached; scoring goes concept by concept, keeping each reached clause's best
 * term of the concept and adding it to the clause's sums when the concept is done. The sums are built in concept order, as ranker.ts `relevanceOf` builds them
 * (a concept a clause lacks adds 0, which changes no sum), so they are the same to the bit.
 */

/**
 * The clauses a term occurs in, the term's BM25F field frequency in each (ranker.ts
 * `fieldFrequencies`) and that frequency saturated (`saturation`), worked out once per term.
 */
export interface Postings {
  ids: Int32Array;
  tf: Float64Array;
  /** Per posting: `(tf × (k1 + 1)) / (tf + k1)`, the part of ranker.ts `saturated` that does not depend on the query. */
  saturation: Float64Array;
}

/** Postings of `ids` with field frequencies `tf`, saturated for BM25's `k1`. */
export function postingsOf(ids: Int32Array, tf: Float64Array, k1: number): Postings {
  // Written as ranker.ts `saturated` writes it: weightedIdf × this is then its value to the bit.
  return { ids, tf, saturation: Float64Array.from(tf, (f) => (f * (k1 + 1)) / (f + k1)) };
}

/** The clauses reached and their sums: views of scratch buffers, valid until the next `accumulate`. */
export interface Accumulated {
  /** The clauses touched, in the order first touched. */
  ids: Int32Array;
  /** Per clause touched (same order): the sum of the concepts' best scores. */
  total: Float64Array;
  /** …and the matched share of worth: Σ min(concept worth, weighted idf of its best term). */
  matchedWorth: Float64Array;
}

/** Per entry id: the query it was last reached by (`epoch`) and its number among the reached. */
let seen = new Uint32Array(0);
let slotOf = new Int32Array(0);
/** Per reached clause (by number): its id and its sums. */
let touched = new Int32Array(0);
let totals = new Float64Array(0);
let worths = new Float64Array(0);
/** Per reached clause, for the concept being scored: its best score, that term's weighted idf, and whether it is set. */
let conceptBest = new Float64Array(0);
let conceptIdf = new Float64Array(0);
let conceptSeen = new Uint32Array(0);
/** The reached clauses the concept being scored has touched. */
let conceptTouched = new Int32Array(0);
let epoch = 0;
let conceptEpoch = 0;
/** Scratch epochs wrap before they reach this (the arrays are then cleared). */
const EPOCH_LIMIT = 0xffffffff;

function ensure(entries: number): void {
  if (seen.length >= entries) return;
  seen = new Uint32Array(entries);
  slotOf = new Int32Array(entries);
  touched = new Int32Array(entries);
  totals = new Float64Array(entries);
  worths = new Float64Array(entries);
  conceptBest = new Float64Array(entries);
  conceptIdf = new Float64Array(entries);
  conceptSeen = new Uint32Array(entries);
  conceptTouched = new Int32Array(entries);
  epoch = 0;
  conceptEpoch = 0;
}

/** One term's postings for a concept, with its weighted idf; `selective`: it may reach clauses. */
interface ConceptPostings {
  postings: Postings;
  weightedIdf: number;
  selective: boolean;
}

/**
 * Scores the clauses the postings of `fromPostings` terms reach. Terms not taken from postings
 * (common ones) still score on the clauses already reached, through their complete postings
 * (`allPostings`): a clause they reach that no other term did is skipped. Within a concept, its
 * selective terms are looked at first, then its common ones, each list in the concept's order: a
 * tie between two terms goes to the first looked at.
 */
export function accumulate(
  entries: number,
  concepts: readonly PreparedConcept[],
  fromPostings: (term: string) => Postings | null,
  allPostings: (term: string) => Postings,
): Accumulated {
  ensure(entries);
  epoch += 1;
  if (epoch === EPOCH_LIMIT) {
    seen.fill(0);
    epoch = 1;
  }
  // The scratch buffers and the epoch as locals: the loops below read them for every posting.
  const seenAt = seen;
  const slots = slotOf;
  const touchedIds = touched;
  const now = epoch;
  let count = 0;
  /**
   * Per concept, the postings of its selective terms, then of its common terms (`selective`
   * false): those count only for clauses a selective term reached.
   */
  const termsOf: ConceptPostings[][] = [];
  let anyCommon = false;
  for (let ci = 0; ci < concepts.length; ci += 1) {
    const own: ConceptPostings[] = [];
    const later: ConceptPostings[] = [];
    for (const { term, weightedIdf } of (concepts[ci] as PreparedConcept).terms) {
      const postings = fromPostings(term);
      if (postings) own.push({ postings, weightedIdf, selective: true });
      else later.push({ postings: allPostings(term), weightedIdf, selective: false });
    }
    anyCommon ||= later.length > 0;
    termsOf.push(later.length ? [...own, ...later] : own);
  }
  const sums = totals;
  const matched = worths;
  // A common term counts only for clauses any selective term reaches, of any concept: those are
  // numbered first. Without common terms the scoring pass numbers them itself, in the same order
  // (concept by concept, selective terms in order), and the postings are walked once.
  if (anyCommon) {
    for (const terms of termsOf) {
      for (const { postings, selective } of terms) {
        if (!selective) continue;
        const { ids } = postings;
        for (let k = 0; k < ids.length; k += 1) {
          const id = ids[k] as number;
          if (seenAt[id] !== now) {
            seenAt[id] = now;
            slots[id] = count;
            sums[count] = 0;
            matched[count] = 0;
            touchedIds[count++] = id;
          }
        }
      }
    }
  }
  const best = conceptBest;
  const bestIdf = conceptIdf;
  const conceptAt = conceptSeen;
  const reachedNow = conceptTouched;
  for (let ci = 0; ci < concepts.length; ci += 1) {
    conceptEpoch += 1;
    if (conceptEpoch === EPOCH_LIMIT) {
      conceptSeen.fill(0);
      conceptEpoch = 1;
    }
    const cnow = conceptEpoch;
    let reached = 0;
    for (const { postings, weightedIdf, selective } of termsOf[ci] as ConceptPostings[]) {
      const { ids, saturation } = postings;
      for (let k = 0; k < ids.length; k += 1) {
        const id = ids[k] as number;
        if (seenAt[id] !== now) {
          if (!selective) continue;
          // First reached (the numbering pass did not run): numbered here.
          seenAt[id] = now;
          slots[id] = count;
          sums[count] = 0;
          matched[count] = 0;
          touchedIds[count++] = id;
        }
        const slot = slots[id] as number;
        if (conceptAt[slot] !== cnow) {
          conceptAt[slot] = cnow;
          best[slot] = 0;
          bestIdf[slot] = 0;
          reachedNow[reached++] = slot;
        }
        const score = weightedIdf * (saturation[k] as number);
        if (score > (best[slot] as number)) {
          best[slot] = score;
          bestIdf[slot] = weightedIdf;
        }
      }
    }
    const worth = (concepts[ci] as PreparedConcept).worth;
    for (let j = 0; j < reached; j += 1) {
      const slot = reachedNow[j] as number;
      sums[slot] = (sums[slot] as number) + (best[slot] as number);
      // A match through a weak term (a sub-word, a synonym) covers the concept only partly.
      matched[slot] = (matched[slot] as number) + Math.min(worth, bestIdf[slot] as number);
    }
  }
  return { ids: touchedIds.subarray(0, count), total: sums.subarray(0, count), matchedWorth: matched.subarray(0, count) };
}
