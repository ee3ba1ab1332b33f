import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import { NATIONAL } from '../knowledge/regions';
import { citationLabel, citationLine, toCitation } from './citation';
import { answersAskedKind, answersEitherOr, answersYesNo, yesNoActions } from './fit';
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

/**
 * The best of the close candidates that can answer what kind of thing was asked (see fit.ts), with
 * its quote; candidates are quoted only until one fits.
 */
function firstFitting(kb: Retriever, turn: TurnQuery, question: string, ranked: Ranked[], top: Ranked, params: EngineParams) {
  const actions = yesNoActions(turn.query, kb.analyzer.partOfSpeech);
  for (const r of ranked) {
    if (r.score < top.score * params.kindFallbackShare) break;
    if (r !== top && (r.coverage < top.coverage || r.entry.region !== top.entry.region)) continue;
    if (!answersEitherOr(turn.query, r.entry) || !answersYesNo(actions, r.entry)) continue;
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

export function decline(text: string = PHRASES.refusal): Answer {
  return { answered: false, text, citations: [], followUps: [] };
}

export function createAnswerEngine(kb: Retriever, params: EngineParams = DEFAULT_ENGINE): AnswerEngine {
  const regionsWithDocuments = new Set(kb.documents.map((d) => kb.regionOf(d)));
  return {
    answer(question, state) {
      const turn = buildTurnQuery(kb, question, state, params.context);
      const declined = { answer: decline(), turn, clauseId: null };
      if (!inDomain(kb, turn) && !turn.followsUp) return declined;
      // The question is about something no document mentions (宠物医院): say so rather than quote
      // a clause about something else.
      const unfamiliar = kb.unfamiliar(turn.query);
      if (unfamiliar.length) return { ...declined, answer: decline(PHRASES.unfamiliar(unfamiliar)) };
      const ranked = kb.rank(turn.query, { region: turn.region });
      const top = ranked[0];
      if (!top || top.coverage < params.minCoverage || top.score < params.minScore) return declined;
      // The best of the close candidates that can answer what kind of thing was asked (an amount
      // needs a number, a named year must occur, an either-or or yes/no question needs a clause
      // that speaks of what it asks about).
      const fitting = firstFitting(kb, turn, question, ranked, top, params);
      if (!fitting) return declined;
      const { r: best, quote, complete } = fitting;
      const notes: string[] = [];
      const askedRegion = turn.region && turn.region !== NATIONAL ? turn.region : null;
      let relatedRanked = related(ranked, best, params);
      if (askedRegion && best.entry.region !== askedRegion) {
        const note = regionsWithDocuments.has(askedRegion) ? PHRASES.regionFallback : PHRASES.noRegionDocuments;
        notes.push(note(regionName(askedRegion), regionName(best.entry.region)));
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
