/**
 * The persisted feedback and unanswered log, and the questions staff attached to clauses: what
 * the review loop learns from. `sqliteReviewStore.ts` is the embedded default (a file under
 * DATA_DIR); `redisReviewStore.ts` is for several replicas sharing Redis.
 *
 * Every question handed to a store is already masked (bot/redact.ts) by its caller; conversations
 * are kept only as a one-way `voter` hash, enough to allow one vote per clause per conversation.
 */

/** A question the bot declined. */
export interface DeclinedQuestion {
  question: string;
  /** The engine's DeclineReason (bot/answerability.ts). */
  reason: string;
  /** Region code the turn was about, null when none. */
  region: string | null;
  channel: string;
  /** Epoch milliseconds. */
  at: number;
}

/** A 有用/没用 vote on the clause an answer rested on. */
export interface Vote {
  /** One-way hash of the conversation (never the conversation id itself). */
  voter: string;
  clauseId: string;
  useful: boolean;
  /** The question that clause answered, null when it is no longer known. */
  question: string | null;
  channel: string;
  at: number;
  /** Why the answer did not help (a 没用 vote's optional reason: 答非所问, 条款过时 …); absent when none was given. */
  reason?: string;
}

/** A "您想问的是" pick: for `question`, the user chose `clauseId`. */
export interface Suggestion {
  voter: string;
  question: string;
  clauseId: string;
  channel: string;
  at: number;
}

/** A question staff attached to a clause; `seq` counts up from 1 in the order they were attached. */
export interface AttachedQuestion {
  seq: number;
  clauseId: string;
  question: string;
  at: number;
}

/** How staff settled a question (by its normalised key): attached to a clause, or dismissed. */
export interface Resolution {
  key: string;
  how: 'attached' | 'dismissed';
  clauseId: string | null;
  at: number;
}

export interface VoteCounts {
  useful: number;
  notUseful: number;
}

/** The most recent records of each kind, newest first. */
export interface RecentRecords {
  declined: DeclinedQuestion[];
  votes: Vote[];
  suggestions: Suggestion[];
}

export interface ReviewStore {
  /** Where the records are kept, for the start-up line (`SQLite data/review.db`, `Redis host:port`). */
  readonly description: string;
  recordDeclined(record: DeclinedQuestion): Promise<void>;
  /** Counts the vote; false (nothing stored) when this voter already voted on this clause. */
  recordVote(vote: Vote): Promise<boolean>;
  /** Stores the pick; false (nothing stored) when this voter already picked this clause. */
  recordSuggestion(suggestion: Suggestion): Promise<boolean>;
  voteCounts(clauseId: string): Promise<VoteCounts>;
  /** Up to `limit` records of each kind, newest first. */
  recent(limit: number): Promise<RecentRecords>;
  /**
   * Attaches `question` to `clauseId`; `key` is its normalised form (knowledge/questions.ts
   * `questionKey`). Null when the clause already has a question with that key.
   */
  attach(clauseId: string, question: string, key: string, at: number): Promise<AttachedQuestion | null>;
  /** Attached questions with `seq` greater than `after`, oldest first (replicas poll this). */
  attachedSince(after: number): Promise<AttachedQuestion[]>;
  /** Marks questions (by key) as settled; a later resolution of the same key replaces it. */
  resolve(resolutions: Resolution[]): Promise<void>;
  resolutions(): Promise<Resolution[]>;
  close(): Promise<void>;
}
