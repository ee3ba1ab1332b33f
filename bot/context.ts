import type { Retriever } from '../knowledge/knowledgeBase';
import { namedSchemes, type AnalyzedQuery, type QueryConcept, type QueryWeights } from '../knowledge/query';
import type { ConversationState, InsuranceType } from './types';

/**
 * Conversation context: which region, group and scheme a turn is about, and whether it leans on
 * the previous question ("那青海呢", "退休的呢", "门诊慢特病也按这个付吗").
 */
export interface ContextParams {
  /** Weight of the previous question's concepts when the turn depends on it. */
  previousWeight: number;
  /** Weight of a remembered group or scheme the turn does not name itself. */
  rememberedWeight: number;
  /**
   * A turn with at most this many concepts of its own, that names none of the core topics itself
   * (topics.txt), is read as elliptical (病种会不会增加, 不够年限咋办): it leans on the previous one.
   */
  ellipticalConcepts: number;
  /**
   * The carried concepts together count for at most this many of the turn's own: 我可以去哪里举报
   * after a four-concept question must still be about 举报, not the earlier words. A turn with no
   * concept of its own that the documents know (那青海呢) carries them at `previousWeight`. Infinity: no cap.
   */
  carriedPerOwn: number;
}

export const DEFAULT_CONTEXT: ContextParams = { previousWeight: 0.6, rememberedWeight: 0.5, ellipticalConcepts: 2, carriedPerOwn: 1.5 };

/** Openings and endings that make a turn lean on the previous one. */
const DEPENDENT = /^(那|那么|那要是|那如果|那我|还有|另外|同样|也)|呢[?？。!！]*$|(这个|这样|这种|那个|那种|同样|也)/;

export interface TurnQuery {
  query: AnalyzedQuery;
  region: string | null;
  group: string | null;
  insuranceType: InsuranceType | null;
  /** True when the previous question's concepts were carried into this one. */
  followsUp: boolean;
  /** True when an earlier question of the conversation was about insurance (answered, or its topic found). */
  inConversation: boolean;
  /** The question this one follows up (its concepts were carried), when it does. */
  previousQuestion?: string;
  /** The document the question names (社保法…, knowledge/references.ts), absent when none. */
  document?: string;
}

function named<T extends { name: string; words: string[] }>(text: string, lists: T[]): string | null {
  return lists.find((l) => l.words.some((w) => text.includes(w)))?.name ?? null;
}

/** The label prefix of a concept carried from the previous question (上文:异地就医备案). */
export const CARRIED_PREFIX = '上文:';

function weighted(concepts: QueryConcept[], factor: number, prefix: string): QueryConcept[] {
  return concepts.map((c) => ({
    ...c,
    label: `${prefix}${c.label}`,
    terms: c.terms.map((t) => ({ ...t, weight: t.weight * factor })),
    context: true,
  }));
}

/**
 * A turn that leans on the previous one: it opens or ends like a follow-up (那青海呢, 退休的呢,
 * 也按这个付吗), or it is short and names none of the core topics (病种会不会增加).
 */
export function isElliptical(query: AnalyzedQuery, params: ContextParams = DEFAULT_CONTEXT): boolean {
  return DEPENDENT.test(query.normalized) || (query.concepts.length <= params.ellipticalConcepts && !query.topic);
}

export function buildTurnQuery(
  kb: Retriever,
  question: string,
  state: ConversationState | undefined,
  params: ContextParams = DEFAULT_CONTEXT,
  weights?: QueryWeights,
): TurnQuery {
  const query = kb.analyze(question, weights);
  const text = query.normalized;
  const group = named(text, kb.lexicon.groups);
  const insuranceType = named(text, kb.lexicon.insuranceTypes) as InsuranceType | null;
  const region = query.region?.region ?? state?.region ?? null;
  const own = new Set(query.concepts.map((c) => c.label));
  const concepts = [...query.concepts];

  // Only an elliptical turn carries the previous topic; one that stands on its own (names its
  // topic, or says more) starts a new one.
  const followsUp = Boolean(state?.lastQuestion) && isElliptical(query, params);
  // The earlier question as typed, read the way the engine read it (traditional characters,
  // sound-alikes): analysed for a follow-up, which carries its words.
  const lastQuestion = state?.lastQuestion ? kb.soundAlikes(kb.simplify(state.lastQuestion)).text : null;
  const earlier = followsUp && lastQuestion ? kb.analyze(lastQuestion, weights) : null;
  // A follow-up, or a question naming no other scheme than the default, is about the schemes the
  // previous question named too (生育保险能报哪些 → 我老婆没上班她能享受吗).
  const earlierSchemes = earlier?.schemes ?? (lastQuestion && query.schemes.length === 1 ? namedSchemes(lastQuestion, kb.lexicon.schemes) : []);
  const schemes = earlierSchemes.length ? [...new Set([...query.schemes, ...earlierSchemes])] : query.schemes;
  if (earlier) {
    const previous = earlier.concepts.filter((c) => !own.has(c.label));
    // Only own concepts the documents know count: a word no clause has (先保) cannot take the topic's place.
    const known = query.concepts.filter((c) => c.terms.some((t) => kb.knows(t.term))).length;
    const cap = known && previous.length ? Math.min(1, (params.carriedPerOwn * known) / previous.length) : 1;
    concepts.push(...weighted(previous, params.previousWeight * cap, CARRIED_PREFIX));
  }
  const rememberedGroup = !group && state?.group ? state.group : null;
  if (rememberedGroup && !concepts.some((c) => c.label.endsWith(rememberedGroup))) {
    concepts.push(...weighted(kb.analyze(rememberedGroup, weights).concepts, params.rememberedWeight, '记住:'));
  }
  return {
    query: { ...query, concepts, schemes, topic: query.topic ?? (followsUp ? (state?.lastTopic ?? null) : null) },
    region,
    group: group ?? state?.group ?? null,
    insuranceType: insuranceType ?? state?.insuranceType ?? null,
    followsUp,
    inConversation: Boolean(state?.lastQuestion),
    ...(followsUp && state?.lastQuestion ? { previousQuestion: state.lastQuestion } : {}),
  };
}
