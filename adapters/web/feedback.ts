/**
 * 有用/没用 votes per clause, kept in memory. Only counts are kept: no conversation, user or
 * question is stored with them.
 */

/** Distinct clauses counted at most, so a flood of made-up ids cannot grow memory without bound. */
export const MAX_TRACKED_CLAUSES = 10_000;

export interface FeedbackCounts {
  useful: number;
  notUseful: number;
}

export class FeedbackCounter {
  private readonly counts = new Map<string, FeedbackCounts>();

  /** Counts one vote; false when the clause is new and the table is full (the vote is dropped). */
  record(clauseId: string, useful: boolean): boolean {
    let entry = this.counts.get(clauseId);
    if (!entry) {
      if (this.counts.size >= MAX_TRACKED_CLAUSES) return false;
      entry = { useful: 0, notUseful: 0 };
      this.counts.set(clauseId, entry);
    }
    if (useful) entry.useful += 1;
    else entry.notUseful += 1;
    return true;
  }

  /** The votes for one clause (zeros when it has none). */
  get(clauseId: string): FeedbackCounts {
    const entry = this.counts.get(clauseId);
    return entry ? { ...entry } : { useful: 0, notUseful: 0 };
  }

  /** Every clause with votes. */
  all(): Record<string, FeedbackCounts> {
    return Object.fromEntries([...this.counts].map(([id, c]) => [id, { ...c }]));
  }
}
