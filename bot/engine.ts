import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import type { RankingParams } from '../knowledge/ranker';
import type { QueryWeights } from '../knowledge/query';
import { NATIONAL } from '../knowledge/regions';
import { boostByAlternates, DEFAULT_ALTERNATE_BOOST, type AlternateBoostParams } from './alternateBoost';
import { byActor, DEFAULT_ACTORS, type ActorParams } from './actors';
import { askedDecision } from './asked';
import { closeChoices } from './choices';
import { citationLine, toCitation, type PathLabels } from './citation';
import { relatedLine } from './answerParts';
import { decide, decideReference, DEFAULT_ANSWERABILITY, type AnswerabilityParams, type DeclineReason, type ReferenceDecision } from './answerability';
import { selectQuote } from './quote';
import { buildTurnQuery, DEFAULT_CONTEXT, type ContextParams, type TurnQuery } from './context';
import { PHRASES } from './phrases';
import { FULL_TEXT, regionalFollowUps, relatedQuestions } from './followUps';
import { SUGGESTION_CANDIDATES, suggestions } from './suggestions';
import { understoodAs } from './understood';
import type { Answer, Citation, ConversationState } from './types';

/** What the engine quotes and cites around the answerability decision (answerability.ts). */
export interface EngineParams {
  answerability: AnswerabilityParams;
  /** The second ranking stage: close candidates reordered by their alternate questions (alternateBoost.ts). */
  alternateBoost: AlternateBoostParams;
  /** The third: clauses about the wrongdoing of someone the question does not name, moved down (actors.ts). */
  actors: ActorParams;
  /** Related clauses cited after the main one. */
  maxRelated: number;
  /**
   * A related clause must score at least this share of the best clause's score. From the sweep
   * over the three sets: 0.1–0.25 cite the wanted clause among the first three more often than
   * 0.4 did (development top-3 89.3 → 91.7 %, FAQ-style 92.6 → 96.3 %, validation unchanged).
   */
  relatedMinShare: number;
  /** Regions offered as follow-ups when the answer came from a national clause. */
  maxRegionFollowUps: number;
  /** A region is offered as a follow-up when its best clause scores at least this share of the answer's. */
  regionFollowUpMinShare: number;
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
  alternateBoost: DEFAULT_ALTERNATE_BOOST,
  actors: DEFAULT_ACTORS,
  maxRelated: 2,
  relatedMinShare: 0.2,
  maxRegionFollowUps: 3,
  regionFollowUpMinShare: 0.4,
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

/** The parts of an answer quoting `best`, and its text made of them. */
function compose(best: Ranked, quote: string, rel: Citation[], notes: string[]): Pick<Answer, 'text' | 'notes' | 'quote' | 'source' | 'caveat' | 'related'> {
  const main = toCitation(best.entry.clause, best.entry.doc);
  const source = citationLine(main);
  const caveat = best.entry.doc.kind === 'plan' ? PHRASES.planNote : best.entry.doc.kind === 'news' ? PHRASES.newsNote : undefined;
  const lines = [...notes, quote, source];
  if (caveat) lines.push(caveat);
  const related = relatedLine(rel);
  if (related) lines.push(related);
  return { text: lines.join('\n'), notes, quote, source, ...(caveat ? { caveat } : {}), related: rel };
}

/** The refusal for a reason: the fixed phrase, naming the user's word for an unfamiliar thing. */
export function decline(reason: DeclineReason, words: readonly string[] = [], suggested: readonly string[] = []): Answer {
  const text = reason === 'unfamiliar_thing' && words.length ? PHRASES.unfamiliar(words)
    : reason === 'personal_case' ? PHRASES.personalCase
      : reason === 'document_not_named' ? PHRASES.documentNotNamed
        : reason === 'reference_not_found' ? PHRASES.referenceNotFound
      : PHRASES.refusal;
  return { answered: false, text, citations: [], followUps: [], reason, ...(suggested.length ? { suggestions: [...suggested] } : {}) };
}

/**
 * The answer to a question that named an article: its paragraphs verbatim, in order, while they
 * fit in `maxChars` (the first one shortened to its leading sentences if it alone does not), each
 * cited. The citation line names the article.
 */
function articleAnswer(decision: Extract<ReferenceDecision, { answer: true }>, maxChars: number, labels: PathLabels): { answer: Answer; clauseId: string } {
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
  const source = citationLine(toCitation(article, doc));
  const lines = [...quoted, source];
  return {
    answer: {
      answered: true,
      text: lines.join('\n'),
      notes: [],
      quote: quoted.join('\n'),
      source,
      related: [],
      citations: clauses.slice(0, quoted.length).map((c) => toCitation(c, doc, labels)),
      followUps: complete ? [] : ['全文'],
    },
    clauseId: article.id,
  };
}

export function createAnswerEngine(kb: Retriever, params: EngineParams = DEFAULT_ENGINE): AnswerEngine {
  const regionsWithDocuments = new Set(kb.documents.map((d) => kb.regionOf(d)));
  return {
    answer(typed, state) {
      // Traditional characters (醫保, 備案) read as the documents' simplified ones, and sound-alike
      // typos (被案, 节算) as the documents' words.
      const heard = kb.soundAlikes(kb.simplify(typed));
      const question = heard.text;
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
      if (referenced?.answer) return { ...articleAnswer(referenced, params.maxArticleChars, kb), turn, reason: null };
      // Only what the answer can look at: the best places (suggestions), the clauses the question is
      // an alternate of (asked.ts) and those covering enough of it (every other check and list).
      const shortlist = { coverage: params.answerability.minCoverage, top: SUGGESTION_CANDIDATES, clauses: kb.clausesForQuestion(asked) };
      const boosted = boostByAlternates(kb.rank(turn.query, { region, ranking: params.ranking, document: named?.id ?? null, shortlist }), asked, params.alternateBoost, named?.id ?? null);
      // Who the question is about includes whom a follow-up's earlier question named (公司… → 那会罚多少).
      const about = [asked, ...turn.query.concepts.filter((c) => c.context).flatMap((c) => c.own ?? [])].join(' ');
      const ranked = byActor(boosted, about, params.actors);
      const decision = askedDecision(kb, asked, ranked, params.answerability, region ?? null) ?? decide(kb, turn, asked, ranked, params.answerability);
      if (!decision.answer) {
        const suggested = decision.reason === 'out_of_domain' ? [] : suggestions(asked, ranked);
        return { answer: decline(decision.reason, decision.words, suggested), turn, clauseId: null, reason: decision.reason };
      }
      const { best, quote, complete } = decision;
      const notes: string[] = heard.readings.length ? [PHRASES.soundAlike(heard.readings)] : [];
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
      const rel = relatedRanked.map((r) => toCitation(r.entry.clause, r.entry.doc, kb));
      const followUps = [
        ...(complete ? [] : [FULL_TEXT]),
        ...relatedQuestions(relatedRanked, asked),
        ...(askedRegion ? [] : regionalFollowUps(ranked, best, params.regionFollowUpMinShare, params.answerability.minCoverage, params.maxRegionFollowUps)),
      ];
      const understood = understoodAs(best, asked, kb.lexicon.contrasts);
      const choices = closeChoices(question, best, ranked, params.answerability.minCoverage);
      return {
        answer: {
          answered: true,
          ...compose(best, quote, rel, notes),
          ...(understood ? { understoodAs: understood } : {}),
          citations: [toCitation(best.entry.clause, best.entry.doc, kb), ...rel],
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
