import { redact } from '../bot/redact';
import type { Retriever } from '../knowledge/knowledgeBase';
import { questionKey } from '../knowledge/questions';
import type { AttachedQuestion, Resolution, ReviewStore } from '../state/reviewStore';
import { groupQuestions, type QuestionGroup, type ReviewItem } from './group';
import type { QuestionSync } from './sync';

/**
 * The staff review desk: the questions the bot did not answer well, grouped and ranked, each with
 * the clauses that could answer it; attaching a question to a clause (it becomes one of the
 * clause's alternate questions, on every replica); dismissing questions that need no clause.
 */

/** Records of each kind (declined, votes, picks) the queue is built from: the most recent ones. */
export const REVIEW_WINDOW = 5000;

/** Candidate clauses shown per group, from the knowledge base's ranking. */
export const REVIEW_CANDIDATES = 3;

/** Characters of a candidate clause's text shown in the queue. */
export const CANDIDATE_TEXT_CHARS = 160;

/** A clause that could answer a group's question. */
export interface Candidate {
  clauseId: string;
  docId: string;
  title: string;
  path: string;
  region: string;
  /** The start of the clause text. */
  text: string;
  /** The knowledge base's score for the group's question; null for a clause only users named. */
  score: number | null;
  /** How often users picked it ("您想问的是") / voted it 没用 for these questions. */
  picked: number;
  notUseful: number;
}

export interface QueueGroup extends QuestionGroup {
  candidates: Candidate[];
}

export type AttachOutcome =
  | { status: 'attached'; attached: AttachedQuestion }
  | { status: 'already_attached' }
  | { status: 'unknown_clause' }
  /** A heading without text of its own: nothing to answer with. */
  | { status: 'not_indexed' };

export interface ReviewDesk {
  /** The groups to review, most asked first, at most `limit`. */
  queue(limit: number): Promise<QueueGroup[]>;
  /**
   * Attaches `question` (masked again here) to `clauseId`, applies it on this replica at once, and
   * settles it and the `variants` it stands for, so their group leaves the queue.
   */
  attach(clauseId: string, question: string, variants?: readonly string[]): Promise<AttachOutcome>;
  /** Settles questions without attaching them (not about insurance, personal data …). */
  dismiss(questions: readonly string[]): Promise<void>;
  /** Every attached question, oldest first. */
  attached(): Promise<AttachedQuestion[]>;
}

export interface ReviewDeskOptions {
  kb: Retriever;
  store: ReviewStore;
  sync: QuestionSync;
  now?: () => number;
}

/** One question as staff attach it: masked, on one line (the questions file is one question per line). */
export function cleanQuestion(question: string): string {
  return redact(question).replace(/\s+/g, ' ').trim();
}

/** The review items among the recent records that no later resolution settled. */
async function openItems(store: ReviewStore): Promise<ReviewItem[]> {
  const [recent, resolutions] = await Promise.all([store.recent(REVIEW_WINDOW), store.resolutions()]);
  const settledAt = new Map(resolutions.map((r) => [r.key, r.at]));
  const items: ReviewItem[] = [
    ...recent.declined.map((d) => ({ question: d.question, source: 'declined' as const, at: d.at, channel: d.channel, reason: d.reason, region: d.region })),
    ...recent.votes.flatMap((v) => (!v.useful && v.question ? [{ question: v.question, source: 'not_useful' as const, at: v.at, channel: v.channel, clauseId: v.clauseId }] : [])),
    ...recent.suggestions.map((s) => ({ question: s.question, source: 'suggested' as const, at: s.at, channel: s.channel, clauseId: s.clauseId })),
  ];
  return items.filter((item) => (settledAt.get(questionKey(item.question)) ?? -Infinity) < item.at);
}

const mostCommon = (counts: Record<string, number>): string | undefined =>
  Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];

export function createReviewDesk({ kb, store, sync, now = Date.now }: ReviewDeskOptions): ReviewDesk {
  const indexed = new Set(kb.entries.map((e) => e.clause.id));

  const candidate = (clauseId: string, score: number | null, group: QuestionGroup): Candidate | null => {
    const view = kb.clause(clauseId);
    if (!view) return null;
    return {
      clauseId,
      docId: view.doc.id,
      title: view.doc.title,
      path: view.clause.path,
      region: view.doc.region,
      text: Array.from(view.clause.text).slice(0, CANDIDATE_TEXT_CHARS).join(''),
      score,
      picked: group.pickedClauses[clauseId] ?? 0,
      notUseful: group.notUsefulClauses[clauseId] ?? 0,
    };
  };

  const candidatesOf = (group: QuestionGroup): Candidate[] => {
    const hits = kb.search(group.question, { region: mostCommon(group.regions), limit: REVIEW_CANDIDATES });
    // What users picked comes first: they told us which clause they meant.
    const picked = Object.keys(group.pickedClauses).sort((a, b) => (group.pickedClauses[b] ?? 0) - (group.pickedClauses[a] ?? 0));
    const out: Candidate[] = [];
    for (const id of picked) {
      const c = candidate(id, hits.find((h) => h.clause.id === id)?.score ?? null, group);
      if (c) out.push(c);
    }
    for (const hit of hits) {
      if (out.some((c) => c.clauseId === hit.clause.id)) continue;
      const c = candidate(hit.clause.id, hit.score, group);
      if (c) out.push(c);
    }
    return out;
  };

  const settle = (questions: readonly string[], how: Resolution['how'], clauseId: string | null): Resolution[] => {
    const at = now();
    // Masked before the key is taken: a key is stored, and must hold no personal data either.
    const keys = new Set(questions.map((q) => questionKey(cleanQuestion(q))).filter(Boolean));
    return [...keys].map((key) => ({ key, how, clauseId, at }));
  };

  return {
    async queue(limit) {
      const groups = groupQuestions(await openItems(store)).slice(0, limit);
      return groups.map((g) => ({ ...g, candidates: candidatesOf(g) }));
    },

    async attach(clauseId, question, variants = []) {
      if (!kb.clause(clauseId)) return { status: 'unknown_clause' };
      if (!indexed.has(clauseId)) return { status: 'not_indexed' };
      const clean = cleanQuestion(question);
      const attached = await store.attach(clauseId, clean, questionKey(clean), now());
      await store.resolve(settle([clean, ...variants], 'attached', clauseId));
      await sync.pull();
      return attached ? { status: 'attached', attached } : { status: 'already_attached' };
    },

    async dismiss(questions) {
      await store.resolve(settle(questions, 'dismissed', null));
    },

    attached: () => store.attachedSince(0),
  };
}
