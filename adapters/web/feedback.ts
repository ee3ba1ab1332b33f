/**
 * 有用/没用 votes and "您想问的是" picks from the web chat, kept in the review store with the
 * (masked) question they were about. Which question an answer answered is remembered for a while
 * in the key-value store (shared by replicas), per conversation and cited clause: a vote counts
 * only for a clause this conversation was actually shown, once per clause per conversation.
 */
import { redact } from '../../bot/redact';
import type { Reply } from '../../bot/types';
import { voterOf } from '../../review/voter';
import type { KeyValueStore } from '../../state/kv';
import type { ReviewStore, VoteCounts } from '../../state/reviewStore';

/** How long after an answer its clauses can be voted on or picked. */
export const ANSWER_MEMORY_MS = 24 * 60 * 60 * 1000;

export type { VoteCounts } from '../../state/reviewStore';

/** Reasons a user may give for a 没用 vote (the chat page offers exactly these). */
export const NOT_USEFUL_REASONS = ['答非所问', '条款过时', '看不懂', '其他'] as const;
export type NotUsefulReason = (typeof NOT_USEFUL_REASONS)[number];

export type VoteOutcome = 'counted' | 'already_voted' | 'not_answered';
export type PickOutcome = 'recorded' | 'already_picked' | 'not_offered';

/** What is remembered about one clause shown in a conversation. */
interface Shown {
  /** The masked question it was shown for. */
  question: string;
  /** Offered as a "您想问的是" choice (not only cited). */
  choice: boolean;
}

const shownKey = (conversationId: string, clauseId: string) => `web:shown:${conversationId}:${clauseId}`;

export class WebFeedback {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly review: ReviewStore,
    private readonly channel: string = 'web',
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers the clauses the answers in `replies` cite or offer, with the question they answered. */
  async remember(conversationId: string, question: string, replies: readonly Reply[]): Promise<void> {
    const shown = new Map<string, Shown>();
    const masked = redact(question.trim());
    for (const reply of replies) {
      if (reply.kind !== 'answer') continue;
      for (const c of reply.citations) if (!shown.has(c.clauseId)) shown.set(c.clauseId, { question: masked, choice: false });
      for (const c of reply.choices ?? []) shown.set(c.clauseId, { question: masked, choice: true });
    }
    await Promise.all([...shown].map(([clauseId, s]) => this.kv.set(shownKey(conversationId, clauseId), JSON.stringify(s), ANSWER_MEMORY_MS)));
  }

  async vote(conversationId: string, clauseId: string, useful: boolean, reason?: NotUsefulReason): Promise<VoteOutcome> {
    const shown = await this.shown(conversationId, clauseId);
    if (!shown) return 'not_answered';
    const voter = voterOf(this.channel, conversationId);
    const counted = await this.review.recordVote({ voter, clauseId, useful, question: shown.question, channel: this.channel, at: this.now(), ...(reason ? { reason } : {}) });
    return counted ? 'counted' : 'already_voted';
  }

  /** Records that the user picked `clauseId` among the choices offered for their question. */
  async pick(conversationId: string, clauseId: string): Promise<PickOutcome> {
    const shown = await this.shown(conversationId, clauseId);
    if (!shown?.choice) return 'not_offered';
    const voter = voterOf(this.channel, conversationId);
    const recorded = await this.review.recordSuggestion({ voter, question: shown.question, clauseId, channel: this.channel, at: this.now() });
    return recorded ? 'recorded' : 'already_picked';
  }

  counts(clauseId: string): Promise<VoteCounts> {
    return this.review.voteCounts(clauseId);
  }

  private async shown(conversationId: string, clauseId: string): Promise<Shown | null> {
    const raw = await this.kv.get(shownKey(conversationId, clauseId));
    return raw ? (JSON.parse(raw) as Shown) : null;
  }
}
