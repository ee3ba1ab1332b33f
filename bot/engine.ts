import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import { normalizeForMatch } from '../knowledge/normalize';
import { NATIONAL } from '../knowledge/regions';
import { citationLabel, citationLine, toCitation } from './citation';
import { buildTurnQuery, DEFAULT_CONTEXT, type ContextParams, type TurnQuery } from './context';
import { PHRASES } from './phrases';
import { selectQuote, type QuoteTerm } from './quote';
import type { Answer, Citation, ConversationState } from './types';

/** When the engine answers, and how much it quotes. */
export interface EngineParams {
  /** The best clause answers only when it matches at least this share of the question's concept weight. */
  minCoverage: number;
  /** …and its score (BM25 units, after the region prior) is at least this. */
  minScore: number;
  /** Characters of verbatim quote in the answer text (a WeChat message holds about 600). */
  maxQuoteChars: number;
  /** Related clauses cited after the main one. */
  maxRelated: number;
  /** A related clause must score at least this share of the best clause's score. */
  relatedMinShare: number;
  /** Regions offered as follow-ups when the answer came from a national clause. */
  maxRegionFollowUps: number;
  context: ContextParams;
}

export const DEFAULT_ENGINE: EngineParams = {
  minCoverage: 0.5,
  minScore: 4,
  maxQuoteChars: 300,
  maxRelated: 2,
  relatedMinShare: 0.5,
  maxRegionFollowUps: 3,
  context: DEFAULT_CONTEXT,
};

/** The engine's answer plus what the conversation remembers from it. */
export interface EngineResult {
  answer: Answer;
  turn: TurnQuery;
  /** Clause the answer rests on, null when declined. */
  clauseId: string | null;
  /** The whole best clause was quoted (no "全文" follow-up needed). */
  complete: boolean;
}

export interface AnswerEngine {
  answer(question: string, state?: ConversationState): EngineResult;
}

/** True when the question mentions anything insurance-related at all. */
function inDomain(kb: Retriever, question: string): boolean {
  const text = normalizeForMatch(question);
  return kb.lexicon.domainWords.some((w) => text.includes(w));
}

function quoteTerms(best: Ranked): QuoteTerm[] {
  return best.matches.flatMap((m) => (m.term ? [{ term: m.term, weight: m.idf }] : []));
}

const REGION_NAMES: Record<string, string> = { national: '全国' };

function regionName(code: string): string {
  return REGION_NAMES[code] ?? code;
}

/** Up to `max` related clauses: the next best, from other clauses, preferring other documents. */
function related(ranked: Ranked[], best: Ranked, params: EngineParams): Ranked[] {
  const eligible = ranked.slice(1).filter((r) =>
    r.score >= best.score * params.relatedMinShare && r.coverage >= params.minCoverage);
  const otherDocs = eligible.filter((r, i) =>
    r.entry.doc.id !== best.entry.doc.id && eligible.findIndex((x) => x.entry.doc.id === r.entry.doc.id) === i);
  const rest = eligible.filter((r) => !otherDocs.includes(r));
  return [...otherDocs, ...rest].slice(0, params.maxRelated);
}

/** Regions whose own documents answer the question well, for "那青海呢"-style follow-ups. */
function regionalFollowUps(ranked: Ranked[], params: EngineParams): string[] {
  const seen = new Set<string>();
  for (const r of ranked) {
    if (r.entry.region !== NATIONAL && r.coverage >= params.minCoverage) seen.add(r.entry.region);
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

export function decline(): Answer {
  return { answered: false, text: PHRASES.refusal, citations: [], followUps: [] };
}

export function createAnswerEngine(kb: Retriever, params: EngineParams = DEFAULT_ENGINE): AnswerEngine {
  return {
    answer(question, state) {
      const turn = buildTurnQuery(kb, question, state, params.context);
      const declined = { answer: decline(), turn, clauseId: null, complete: false };
      if (!inDomain(kb, question) && !turn.followsUp) return declined;
      const ranked = kb.rank(turn.query, { region: turn.region });
      const best = ranked[0];
      if (!best || best.coverage < params.minCoverage || best.score < params.minScore) return declined;

      const { quote, complete } = selectQuote(best.entry.clause.text, quoteTerms(best), params.maxQuoteChars);
      const rel = related(ranked, best, params).map((r) => toCitation(r.entry.clause, r.entry.doc));
      const notes: string[] = [];
      const askedRegion = turn.region && turn.region !== NATIONAL ? turn.region : null;
      if (askedRegion && best.entry.region !== askedRegion) {
        notes.push(PHRASES.regionFallback(regionName(askedRegion), regionName(best.entry.region)));
      }
      const followUps = askedRegion ? [] : regionalFollowUps(ranked, params);
      if (!complete) followUps.unshift('全文');
      return {
        answer: {
          answered: true,
          text: compose(best, quote, rel, notes),
          citations: [toCitation(best.entry.clause, best.entry.doc), ...rel],
          followUps,
        },
        turn,
        clauseId: best.entry.clause.id,
        complete,
      };
    },
  };
}
