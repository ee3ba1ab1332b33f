import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
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
  /**
   * When the best clause cannot answer the kind of question (an amount without a number), a
   * candidate from the same region scoring at least this share of the best, and covering as much
   * of the question, may answer instead (another region's number would mislead).
   */
  kindFallbackShare: number;
  context: ContextParams;
}

export const DEFAULT_ENGINE: EngineParams = {
  minCoverage: 0.2,
  minScore: 2,
  maxQuoteChars: 300,
  maxRelated: 2,
  relatedMinShare: 0.5,
  maxRegionFollowUps: 3,
  kindFallbackShare: 0.5,
  context: DEFAULT_CONTEXT,
};

/** The engine's answer plus what the conversation remembers from it. */
export interface EngineResult {
  answer: Answer;
  turn: TurnQuery;
  /** Clause the answer rests on, null when declined. */
  clauseId: string | null;
}

export interface AnswerEngine {
  answer(question: string, state?: ConversationState): EngineResult;
}

/**
 * True when the question mentions anything insurance-related at all, in its own words or through
 * the official terms its colloquial words stand for (长护险 → 长期护理保险).
 */
function inDomain(kb: Retriever, turn: TurnQuery): boolean {
  const terms = turn.query.concepts.filter((c) => !c.context).flatMap((c) => c.terms.map((t) => t.term));
  const text = `${turn.query.normalized} ${terms.join(' ')}`;
  return kb.lexicon.domainWords.some((w) => text.includes(w));
}

/** A question that asks for an amount, a share or a duration (多少钱, 几年, 比例是多少). */
const ASKS_QUANTITY = /多少钱|多少年|多少天|多少个月|几年|几个月|几天|几成|几倍|是多少|多大比例|交多少钱|多少[?？吗呢啊]*$/;
/** Some number in a text: digits, or a Chinese numeral with a unit. */
const HAS_NUMBER = /[0-9０-９]|[一二三四五六七八九十百千万两半]+(?:年|个月|月|日|天|元|倍|成|个|种|家|人|岁|周岁|%)/;
/** A year a question names (2023年, 2025). */
const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;

/**
 * Whether the clause can answer what kind of thing was asked: a quantity question needs a number
 * in the quote, and a year the user names must occur in the clause (or its headings).
 */
export function answersAskedKind(question: string, clauseText: string, headings: string[], quote: string): boolean {
  if (ASKS_QUANTITY.test(question) && !HAS_NUMBER.test(quote)) return false;
  const where = `${headings.join(' ')} ${clauseText}`;
  return (question.normalize('NFKC').match(YEAR) ?? []).every((year) => where.includes(year));
}

/**
 * The best of the close candidates that can answer what kind of thing was asked (an amount needs a
 * number, a named year must occur), with its quote; candidates are quoted only until one fits.
 */
function firstFitting(question: string, ranked: Ranked[], top: Ranked, params: EngineParams) {
  for (const r of ranked) {
    if (r.score < top.score * params.kindFallbackShare) break;
    if (r !== top && (r.coverage < top.coverage || r.entry.region !== top.entry.region)) continue;
    const quoted = selectQuote(r.entry.clause.text, quoteTerms(r), params.maxQuoteChars);
    if (answersAskedKind(question, r.entry.clause.text, r.entry.clause.headings, quoted.quote)) return { r, ...quoted };
  }
  return null;
}

/** The matched terms, each weighted by what it contributed to the clause's score. */
function quoteTerms(best: Ranked): QuoteTerm[] {
  return best.matches.flatMap((m) => (m.term ? [{ term: m.term, weight: m.score }] : []));
}

const REGION_NAMES: Record<string, string> = { national: '全国' };

function regionName(code: string): string {
  return REGION_NAMES[code] ?? code;
}

/** Up to `max` related clauses: the next best by score, each close enough to the best one. */
function related(ranked: Ranked[], best: Ranked, params: EngineParams): Ranked[] {
  return ranked
    .filter((r) => r !== best && r.score >= best.score * params.relatedMinShare && r.coverage >= params.minCoverage)
    .slice(0, params.maxRelated);
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
      const declined = { answer: decline(), turn, clauseId: null };
      if (!inDomain(kb, turn) && !turn.followsUp) return declined;
      const ranked = kb.rank(turn.query, { region: turn.region });
      const top = ranked[0];
      if (!top || top.coverage < params.minCoverage || top.score < params.minScore) return declined;
      // The best of the close candidates that can answer what kind of thing was asked (an amount
      // needs a number, a named year must occur).
      const fitting = firstFitting(question, ranked, top, params);
      if (!fitting) return declined;
      const { r: best, quote, complete } = fitting;
      const notes: string[] = [];
      const askedRegion = turn.region && turn.region !== NATIONAL ? turn.region : null;
      let relatedRanked = related(ranked, best, params);
      if (askedRegion && best.entry.region !== askedRegion) {
        notes.push(PHRASES.regionFallback(regionName(askedRegion), regionName(best.entry.region)));
        // The user asked about a region: its most relevant clause is cited first among the related.
        const own = ranked.find((r) => r.entry.region === askedRegion && r.coverage >= params.minCoverage);
        if (own) relatedRanked = [own, ...relatedRanked.filter((r) => r !== own)].slice(0, params.maxRelated);
      }
      const rel = relatedRanked.map((r) => toCitation(r.entry.clause, r.entry.doc));
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
      };
    },
  };
}
