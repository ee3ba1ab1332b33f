import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import type { RankingParams } from '../knowledge/ranker';
import type { QueryWeights } from '../knowledge/query';
import { NATIONAL } from '../knowledge/regions';
import { askedDecision } from './asked';
import { closeChoices } from './choices';
import { citationLabel, citationLine, toCitation } from './citation';
import { decide, decideReference, DEFAULT_ANSWERABILITY, type AnswerabilityParams, type DeclineReason, type ReferenceDecision } from './answerability';
import { selectQuote } from './quote';
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
  /**
   * Characters of an article asked for by number (社保法第二十三条): its paragraphs are quoted
   * whole while they fit (a WeChat message holds about 600), the rest is one "全文" away.
   */
  maxArticleChars: number;
}

export const DEFAULT_ENGINE: EngineParams = {
  answerability: DEFAULT_ANSWERABILITY,
  maxRelated: 2,
  relatedMinShare: 0.4,
  maxRegionFollowUps: 3,
  context: DEFAULT_CONTEXT,
  maxArticleChars: 600,
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
      : reason === 'document_not_named' ? PHRASES.documentNotNamed
        : reason === 'reference_not_found' ? PHRASES.referenceNotFound
      : PHRASES.refusal;
  return { answered: false, text, citations: [], followUps: [], reason };
}

/**
 * The answer to a question that named an article: its paragraphs verbatim, in order, while they
 * fit in `maxChars` (the first one shortened to its leading sentences if it alone does not), each
 * cited. The citation line names the article.
 */
function articleAnswer(decision: Extract<ReferenceDecision, { answer: true }>, maxChars: number): { answer: Answer; clauseId: string } {
  const { article, doc, clauses } = decision;
  const quoted: string[] = [];
  let used = 0;
  for (const c of clauses) {
    const length = [...c.text.trim()].length;
    if (quoted.length && used + length > maxChars) break;
    quoted.push(length > maxChars ? selectQuote(c.text, [], maxChars).quote : c.text.trim());
    used += length;
  }
  const complete = quoted.length === clauses.length && used <= maxChars;
  const main = toCitation(article, doc);
  const lines = [...quoted, citationLine(main)];
  return {
    answer: {
      answered: true,
      text: lines.join('\n'),
      citations: clauses.slice(0, quoted.length).map((c) => toCitation(c, doc)),
      followUps: complete ? [] : ['全文'],
    },
    clauseId: article.id,
  };
}

export function createAnswerEngine(kb: Retriever, params: EngineParams = DEFAULT_ENGINE): AnswerEngine {
  const regionsWithDocuments = new Set(kb.documents.map((d) => kb.regionOf(d)));
  return {
    answer(question, state) {
      // A document named (社保法…) is where to look, not what is asked: its title's words are left out.
      const reference = kb.references.find(question);
      const asked = reference?.docId ? reference.rest : question;
      const turn = buildTurnQuery(kb, asked, state, params.context, params.queryWeights);
      const named = reference?.docId ? kb.documents.find((d) => d.id === reference.docId) : undefined;
      if (named) turn.document = named.id;
      // The named document's region is where to look for this question (not remembered for the next).
      const region = named ? (turn.query.region?.region ?? kb.regionOf(named)) : turn.region;
      const referenced = decideReference(kb, reference, state?.lastClauseId);
      if (referenced?.answer === false) {
        return { answer: decline(referenced.reason), turn, clauseId: null, reason: referenced.reason };
      }
      if (referenced?.answer) return { ...articleAnswer(referenced, params.maxArticleChars), turn, reason: null };
      const ranked = kb.rank(turn.query, { region, ranking: params.ranking, document: named?.id ?? null });
      const decision = askedDecision(kb, asked, ranked, params.answerability) ?? decide(kb, turn, asked, ranked, params.answerability);
      if (!decision.answer) {
        return { answer: decline(decision.reason, decision.words), turn, clauseId: null, reason: decision.reason };
      }
      const { best, quote, complete } = decision;
      const notes: string[] = [];
      const askedRegion = region && region !== NATIONAL ? region : null;
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
