import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import type { RankingParams } from '../knowledge/ranker';
import type { QueryWeights } from '../knowledge/query';
import { NATIONAL } from '../knowledge/regions';
import { askedDecision } from './asked';
import { closeChoices } from './choices';
import { citationLabel, citationLine, toCitation } from './citation';
import { decide, DEFAULT_ANSWERABILITY, type AnswerabilityParams, type DeclineReason } from './answerability';
import { buildTurnQuery, DEFAULT_CONTEXT, type ContextParams, type TurnQuery } from './context';
import { PHRASES } from './phrases';
import type { Answer, Citation, ConversationState } from './types';

/** What the engine quotes and cites around the answerability decision (answerability.ts). */
export interface EngineParams {
  answerability: AnswerabilityParams;
  /** Related clauses cited after the main one. */
  maxRelated: number;
  /** A related clause must score at least this share of the best clause's score. */
  relatedMinShare: number;
  /** Regions offered as follow-ups when the answer came from a national clause. */
  maxRegionFollowUps: number;
  context: ContextParams;
  /** Ranking parameters instead of the knowledge base's own (the eval sweep); absent: the knowledge base's. */
  ranking?: RankingParams;
  /** Query weights instead of the knowledge base's own (the eval sweep); absent: the knowledge base's. */
  queryWeights?: QueryWeights;
}

export const DEFAULT_ENGINE: EngineParams = {
  answerability: DEFAULT_ANSWERABILITY,
  maxRelated: 2,
  relatedMinShare: 0.4,
  maxRegionFollowUps: 3,
  context: DEFAULT_CONTEXT,
};

/** The engine's answer plus what the conversation remembers from it. */
export interface EngineResult {
  answer: Answer;
  turn: TurnQuery;
  /** Clause the answer rests on, null when declined. */
  clauseId: string | null;
  /** Why the engine declined, null when it answered. */
  reason: DeclineReason | null;
}

export interface AnswerEngine {
  answer(question: string, state?: ConversationState): EngineResult;
}

const REGION_NAMES: Record<string, string> = { national: '全国' };

function regionName(code: string): string {
  return REGION_NAMES[code] ?? code;
}

/** Up to `max` related clauses: the next best by score, each close enough to the best one. */
function related(ranked: Ranked[], best: Ranked, params: EngineParams): Ranked[] {
  return ranked
    .filter((r) => r !== best && r.score >= best.score * params.relatedMinShare && r.coverage >= params.answerability.minCoverage)
    .slice(0, params.maxRelated);
}

/** Regions whose own documents answer the question well, for "那青海呢"-style follow-ups. */
function regionalFollowUps(ranked: Ranked[], params: EngineParams): string[] {
  const seen = new Set<string>();
  for (const r of ranked) {
    if (r.entry.region !== NATIONAL && r.coverage >= params.answerability.minCoverage) seen.add(r.entry.region);
  }
  return [...seen].slice(0, params.maxRegionFollowUps).map((region) => `那${region}呢`);
}

function compose(best: Ranked, quote: string, rel: Citation[], notes: string[]): string {
  const main = toCitation(best.entry.clause, best.entry.doc);
  const lines = [...notes, quote, citationLine(main)];
  if (best.entry.doc.kind === 'plan') lines.push(PHRASES.planNote);
  if (best.entry.doc.kind === 'news') lines.push(PHRASES.newsNote);
  if (rel.length) lines.push(`${PHRASES.related}${rel.map(citationLabel).join('；')}`);
  return lines.join('\n');
}

/** The refusal for a reason: the fixed phrase, naming the user's word for an unfamiliar thing. */
export function decline(reason: DeclineReason, words: readonly string[] = []): Answer {
  const text = reason === 'unfamiliar_thing' && words.length ? PHRASES.unfamiliar(words)
    : reason === 'personal_case' ? PHRASES.personalCase
      : PHRASES.refusal;
  return { answered: false, text, citations: [], followUps: [], reason };
}

export function createAnswerEngine(kb: Retriever, params: EngineParams = DEFAULT_ENGINE): AnswerEngine {
  const regionsWithDocuments = new Set(kb.documents.map((d) => kb.regionOf(d)));
  return {
    answer(question, state) {
      const turn = buildTurnQuery(kb, question, state, params.context, params.queryWeights);
      const ranked = kb.rank(turn.query, { region: turn.region, ranking: params.ranking });
      const decision = askedDecision(kb, question, ranked, params.answerability) ?? decide(kb, turn, question, ranked, params.answerability);
      if (!decision.answer) {
        return { answer: decline(decision.reason, decision.words), turn, clauseId: null, reason: decision.reason };
      }
      const { best, quote, complete } = decision;
      const notes: string[] = [];
      const askedRegion = turn.region && turn.region !== NATIONAL ? turn.region : null;
      let relatedRanked = related(ranked, best, params);
      if (askedRegion && best.entry.region !== askedRegion) {
        const note = regionsWithDocuments.has(askedRegion) ? PHRASES.regionFallback : PHRASES.noRegionDocuments;
        notes.push(note(regionName(askedRegion), regionName(best.entry.region)));
        // The user asked about a region: its most relevant clause is cited first among the related.
        const own = ranked.find((r) => r.entry.region === askedRegion && r.coverage >= params.answerability.minCoverage);
        if (own) relatedRanked = [own, ...relatedRanked.filter((r) => r !== own)].slice(0, params.maxRelated);
      } else if (!askedRegion && best.entry.region !== NATIONAL) {
        // No place named and no national clause answers: say whose rule this is.
        notes.push(PHRASES.regionalRule(best.entry.doc.region));
      }
      const rel = relatedRanked.map((r) => toCitation(r.entry.clause, r.entry.doc));
      const followUps = askedRegion ? [] : regionalFollowUps(ranked, params);
      if (!complete) followUps.unshift('全文');
      const choices = closeChoices(question, best, ranked, params.answerability.minCoverage);
      return {
        answer: {
          answered: true,
          text: compose(best, quote, rel, notes),
          citations: [toCitation(best.entry.clause, best.entry.doc), ...rel],
          followUps,
          ...(choices.length ? { choices } : {}),
        },
        turn,
        clauseId: best.entry.clause.id,
        reason: null,
      };
    },
  };
}
