import { questionKey } from '../knowledge/questions';
import { bigrams, jaccard } from '../bot/similarity';

/**
 * Grouping the questions staff review: the same question asked in slightly different words is
 * one group (so it is reviewed once), and the groups asked most come first.
 */

/**
 * Two questions are near-duplicates when their character-bigram similarity (bot/similarity.ts)
 * is at least this: 怎么办理异地就医备案 / 异地就医备案怎么办理 (0.8) and 异地就医怎么备案 /
 * 异地就医备案 (0.5) are one group, 异地就医备案 / 异地就医报销比例 (0.33) are two.
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.5;

/** Where a question for review came from. */
export type ReviewSource = 'declined' | 'not_useful' | 'suggested';

/** One question for review (already masked). */
export interface ReviewItem {
  question: string;
  source: ReviewSource;
  at: number;
  channel: string;
  /** For a declined question: the refusal reason. */
  reason?: string;
  region?: string | null;
  /** For a 没用 vote: the clause that did not help; for a pick: the clause the user chose. */
  clauseId?: string;
}

/** Near-duplicate questions, counted together. */
export interface QuestionGroup {
  /** The normalised form of the group's question (questions.ts `questionKey`): the group's id. */
  key: string;
  /** The wording asked most often. */
  question: string;
  count: number;
  /** Every wording with how often it was asked, most often first. */
  variants: Array<{ question: string; count: number }>;
  sources: Record<ReviewSource, number>;
  /** Refusal reasons of the declined ones, with their counts. */
  reasons: Record<string, number>;
  /** Region codes the questions were about, with their counts. */
  regions: Record<string, number>;
  channels: Record<string, number>;
  /** Clauses users voted 没用 for these questions, with their counts. */
  notUsefulClauses: Record<string, number>;
  /** Clauses users picked ("您想问的是") for these questions, with their counts. */
  pickedClauses: Record<string, number>;
  /** Epoch ms of the latest question. */
  lastAt: number;
}

const bump = (counts: Record<string, number>, key: string | null | undefined) => {
  if (key) counts[key] = (counts[key] ?? 0) + 1;
};

interface Wording {
  key: string;
  /** How often each exact wording with this key was asked. */
  raw: Map<string, number>;
  items: ReviewItem[];
  lastAt: number;
}

/** The wording asked most often; on a tie the shortest (usually the one without trailing punctuation). */
function usualWording(raw: ReadonlyMap<string, number>): string {
  return [...raw].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

/** Groups `items`: identical questions (by key) first, then near-duplicates; most asked first. */
export function groupQuestions(items: readonly ReviewItem[], threshold: number = NEAR_DUPLICATE_SIMILARITY): QuestionGroup[] {
  const wordings = new Map<string, Wording>();
  for (const item of items) {
    const key = questionKey(item.question);
    if (!key) continue;
    let w = wordings.get(key);
    if (!w) wordings.set(key, (w = { key, raw: new Map(), items: [], lastAt: 0 }));
    w.raw.set(item.question, (w.raw.get(item.question) ?? 0) + 1);
    w.items.push(item);
    w.lastAt = Math.max(w.lastAt, item.at);
  }
  const byFrequency = [...wordings.values()].sort((a, b) => b.items.length - a.items.length || b.lastAt - a.lastAt);
  const clusters: Array<{ grams: Set<string>; members: Wording[] }> = [];
  for (const w of byFrequency) {
    const grams = bigrams(w.key);
    const home = clusters.find((c) => jaccard(c.grams, grams) >= threshold);
    if (home) home.members.push(w);
    else clusters.push({ grams, members: [w] });
  }
  return clusters.map(({ members }) => summarise(members)).sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}

function summarise(members: Wording[]): QuestionGroup {
  const [first] = members as [Wording];
  const group: QuestionGroup = {
    key: first.key,
    question: usualWording(first.raw),
    count: 0,
    variants: members.map((m) => ({ question: usualWording(m.raw), count: m.items.length })),
    sources: { declined: 0, not_useful: 0, suggested: 0 },
    reasons: {},
    regions: {},
    channels: {},
    notUsefulClauses: {},
    pickedClauses: {},
    lastAt: 0,
  };
  for (const item of members.flatMap((m) => m.items)) {
    group.count += 1;
    group.sources[item.source] += 1;
    bump(group.reasons, item.reason);
    bump(group.regions, item.region);
    bump(group.channels, item.channel);
    if (item.source === 'not_useful') bump(group.notUsefulClauses, item.clauseId);
    if (item.source === 'suggested') bump(group.pickedClauses, item.clauseId);
    group.lastAt = Math.max(group.lastAt, item.at);
  }
  return group;
}
