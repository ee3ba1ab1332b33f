import type { QueryConcept } from './query';
import { NATIONAL } from './regions';

/**
 * Scoring of candidate clauses: BM25F over the clause body and its heading chain, one score per
 * query concept (its best-matching term), times a region prior. Every number is a named parameter.
 */

/** BM25 saturation and length normalisation (the usual defaults). */
export interface BM25Params {
  /** Term-frequency saturation: higher lets repeated terms count longer. */
  k1: number;
  /** Length normalisation: 0 ignores clause length, 1 divides fully by relative length. */
  b: number;
}

/** How the region a question names shifts the ranking. Multipliers on the BM25 score. */
export interface RegionPriors {
  /** A clause from the region the question names. */
  sameRegion: number;
  /** A national clause when the question names a region (the fallback). */
  nationalWhenRegional: number;
  /** A clause from another region than the one the question names. */
  otherRegion: number;
  /** A national clause when the question names no region. */
  nationalWhenNone: number;
  /** A regional clause when the question names no region: national rules answer first. */
  regionalWhenNone: number;
}

/**
 * Multipliers by document kind, in order of authority: where a law and a lower or older document
 * speak of the same point, the law answers and the other becomes a related clause; a news summary
 * yields to the official texts it summarises. A kind not listed counts 1.
 */
export type KindPriors = Record<string, number>;

/** The alternate-questions field (questions.ts): how much a match there counts. */
export interface QuestionFieldParams {
  /**
   * A term in a clause's alternate questions counts this much of the same term in its body
   * (MiniSearch's `boost`): the questions carry the way people ask, the body the official wording.
   */
  boost: number;
  /** Length normalisation of the field (BM25's b), over the total length of a clause's questions. */
  b: number;
}

export interface RankingParams {
  bm25: BM25Params;
  kinds: KindPriors;
  /** A heading term counts this much of a body term (headings give topic, bodies give answers). */
  headingWeight: number;
  questions: QuestionFieldParams;
  regions: RegionPriors;
  /**
   * Coordination: the BM25 score is multiplied by coverage^coordination, so a clause that answers
   * more of what was asked beats one that repeats a single word (0 turns it off).
   */
  coordination: number;
  /** A clause filed under another insurance scheme's chapter than the question is about. */
  otherScheme: number;
  /**
   * An indicator footnote (④指…) when the question does not ask what something means: notes are
   * short and share the words of many questions, but only define terms (see definitions.ts).
   */
  indicatorNote: number;
  /** A clause of another document than the one the question names (社保法里…). */
  otherDocument: number;
  /** At most this many entries are taken from the index for each query term. */
  perTermCandidates: number;
  /**
   * Candidates come from the question's selective terms: those in at most this share of all
   * clauses (common terms such as 医疗 still score, but do not pull in half the corpus). When a
   * question has no selective term, all its terms are used.
   */
  candidateMaxDfShare: number;
  /** A term in fewer clauses than this is always cheap enough to take whole (small corpora are not pruned). */
  candidateMinDf: number;
}

export const DEFAULT_RANKING: RankingParams = {
  bm25: { k1: 1.2, b: 0.75 },
  kinds: { law: 1, 'administrative-regulation': 0.98, 'local-regulation': 0.96, plan: 0.94, news: 0.8 },
  headingWeight: 0.3,
  questions: { boost: 0.75, b: 0 },
  regions: {
    sameRegion: 1.0,
    nationalWhenRegional: 0.5,
    otherRegion: 0.15,
    nationalWhenNone: 1.0,
    regionalWhenNone: 0.4,
  },
  coordination: 0.7,
  otherScheme: 0.3,
  indicatorNote: 0.5,
  otherDocument: 0.3,
  perTermCandidates: 1000,
  candidateMaxDfShare: 0.05,
  candidateMinDf: 2000,
};

/** Corpus statistics the scorer needs. */
export interface CorpusStats {
  entries: number;
  avgLength: number;
  /** Average total length of the alternate questions of the entries that have any. */
  avgQuestionsLength: number;
  /** Entries containing the term, 0 for a term the corpus does not have. */
  df(term: string): number;
  /**
   * True when `word` is written only with characters the documents or the thesaurus's everyday
   * phrases use (我先, 再住, 能返); absent: no word is.
   */
  ordinary?(word: string): boolean;
}

/**
 * What a word no clause has (not even in an alternate question) is worth, as a share of an unseen
 * word's idf, when it is written with ordinary characters (CorpusStats `ordinary`): jieba's cut of
 * how a story is told (我先, 再住, 真的假) is no thing the documents lack, and at full worth it drowns
 * the coverage of a long question. A word with a character the documents never use (仑卡奈单抗) keeps
 * the full worth, so matching the rest of its question covers it only partly. Swept over all three
 * evaluation sets (0.5: validation false declines 7.3 → 5.3 %, declines 82 → 80 %, the others unchanged).
 */
export const ORDINARY_UNSEEN_SHARE = 0.5;

/** Term counts of one entry. */
export interface EntryTerms {
  body: Map<string, number>;
  headings: Map<string, number>;
  /** Term counts over all of the clause's alternate questions (empty when it has none). */
  questions: Map<string, number>;
  length: number;
  questionsLength: number;
  region: string;
  kind: string;
  /** Id of the clause's document (for a question that names a document). */
  docId?: string;
  /** The scheme the clause's headings file it under (养老, 工伤 …), null when they name none. */
  scheme: string | null;
  /** The clause is a footnote defining an indicator. */
  note?: boolean;
}

/** BM25 inverse document frequency (always positive). */
export function idf(stats: CorpusStats, df: number): number {
  return Math.log(1 + (stats.entries - df + 0.5) / (df + 0.5));
}

/** The largest weight × idf among `terms`, 0 when none (a module function: conceptIdf runs for every concept of every question). */
function weightedBest(stats: CorpusStats, terms: QueryConcept['terms']): number {
  return Math.max(0, ...terms.map((t) => t.weight * idf(stats, stats.df(t.term))));
}

/**
 * How much one concept is worth: the weighted idf of its best-known term; a concept the corpus
 * has no term for is worth what an unseen word is (it counts against coverage: the documents do not
 * speak of it).
 */
export function conceptIdf(stats: CorpusStats, concept: QueryConcept): number {
  const own = new Set(concept.own ?? [concept.label]);
  const known = concept.terms.filter((t) => stats.df(t.term) > 0);
  // A phrase the synonym map explains is worth what its official wording is worth: the user's own
  // colloquial word (职工医保) is rare in the documents, which say 职工基本医疗保险.
  if (concept.explained) {
    const official = weightedBest(stats, known.filter((t) => !own.has(t.term)));
    if (official > 0) return official;
  }
  let best = weightedBest(stats, known);
  const ownWeight = Math.max(0, ...concept.terms.filter((t) => own.has(t.term)).map((t) => t.weight));
  const ownKnown = known.some((t) => own.has(t.term));
  // A word the corpus does not know (宠物医院), that no synonym explains, is worth an unseen word:
  // matching only its sub-word (医院) then covers it only partly. Less when nothing of it is known
  // and it is written with ordinary characters (我先, 再住: how a story is told).
  const unseenShare = known.length === 0 && stats.ordinary?.(concept.label) ? ORDINARY_UNSEEN_SHARE : 1;
  if (!ownKnown && !concept.explained && ownWeight > 0) best = Math.max(best, unseenShare * ownWeight * idf(stats, 0));
  return best > 0 ? best : Math.max(ownWeight, ...concept.terms.map((t) => t.weight)) * idf(stats, 0);
}

export interface ConceptMatch {
  label: string;
  /** The term that matched best, null when none matched. */
  term: string | null;
  score: number;
  idf: number;
}

export interface Scored {
  /**
   * How well the clause matches what was asked: BM25F × coverage^coordination, before any prior.
   * The answerability gates compare this.
   */
  relevance: number;
  /** Relevance times the priors (region, authority, scheme, note): this orders the candidates. */
  score: number;
  /** Share of the question's concept weight (idf) the entry matches, 0–1. */
  coverage: number;
  matches: ConceptMatch[];
}

export function regionPrior(entryRegion: string, queryRegion: string | null, p: RegionPriors): number {
  if (!queryRegion || queryRegion === NATIONAL) return entryRegion === NATIONAL ? p.nationalWhenNone : p.regionalWhenNone;
  if (entryRegion === queryRegion) return p.sameRegion;
  return entryRegion === NATIONAL ? p.nationalWhenRegional : p.otherRegion;
}

/** Where the question stands: its region and the insurance schemes it is about. */
export interface QueryScope {
  region: string | null;
  schemes: string[];
  /** The question asks for a definition, which notes give. */
  asksDefinition?: boolean;
  /** The document the question names (社保法里…), whose clauses rank first; null or absent: none. */
  document?: string | null;
}

/** A concept ready for scoring: its worth and its known terms with weight × idf, computed once per query. */
export interface PreparedConcept {
  label: string;
  worth: number;
  terms: Array<{ term: string; weightedIdf: number }>;
}

/**
 * `stats` whose document frequencies are looked up once per term: a concept's worth reads each
 * of its terms' frequency several times (conceptIdf, weightedBest), and the corpus's table is large.
 * (A class, not an object of closures: nothing is made or named per call but the instance.)
 */
class RememberedDf implements CorpusStats {
  readonly entries: number;
  readonly avgLength: number;
  readonly avgQuestionsLength: number;
  readonly ordinary?: (word: string) => boolean;
  private readonly known = new Map<string, number>();

  constructor(private readonly stats: CorpusStats) {
    this.entries = stats.entries;
    this.avgLength = stats.avgLength;
    this.avgQuestionsLength = stats.avgQuestionsLength;
    if (stats.ordinary) this.ordinary = stats.ordinary;
  }

  df(term: string): number {
    let n = this.known.get(term);
    if (n === undefined) this.known.set(term, (n = this.stats.df(term)));
    return n;
  }
}

/** Computes each concept's worth and its terms' weighted idf once, not once per candidate. */
export function prepareConcepts(concepts: QueryConcept[], corpusStats: CorpusStats): PreparedConcept[] {
  const stats = new RememberedDf(corpusStats);
  return concepts.map((c) => {
    const worth = conceptIdf(stats, c);
    const terms: PreparedConcept['terms'] = [];
    for (const t of c.terms) {
      const df = stats.df(t.term);
      // No way of saying a concept is worth more than the concept (a rare colloquial form included).
      if (df > 0) terms.push({ term: t.term, weightedIdf: Math.min(t.weight * idf(stats, df), worth) });
    }
    return { label: c.label, worth, terms };
  });
}

/**
 * An entry's BM25F term frequencies: each field's count length-normalised, weighted and summed
 * (body and headings share the body's length, as headings are short). Depends only on the entry,
 * the corpus and the parameters, so the knowledge base computes it once per entry.
 */
export function fieldFrequencies(
  entry: EntryTerms,
  stats: Pick<CorpusStats, 'avgLength' | 'avgQuestionsLength'>,
  params: RankingParams = DEFAULT_RANKING,
): Map<string, number> {
  const { b } = params.bm25;
  const q = params.questions;
  const bodyNorm = 1 - b + (b * entry.length) / Math.max(stats.avgLength, 1);
  const questionsNorm = 1 - q.b + (q.b * entry.questionsLength) / Math.max(stats.avgQuestionsLength, 1);
  const tf = new Map<string, number>();
  const add = (term: string, amount: number) => tf.set(term, (tf.get(term) ?? 0) + amount);
  for (const [term, n] of entry.body) add(term, n / bodyNorm);
  for (const [term, n] of entry.headings) add(term, (params.headingWeight * n) / bodyNorm);
  if (q.boost > 0) for (const [term, n] of entry.questions) add(term, (q.boost * n) / questionsNorm);
  return tf;
}

/** A term's BM25 contribution: its weighted idf times its saturated field frequency. */
export function saturated(weightedIdf: number, tf: number, k1: number): number {
  return weightedIdf * ((tf * (k1 + 1)) / (tf + k1));
}

/** Relevance and coverage of an entry, without the per-concept breakdown (the hot loop of ranking). */
export function relevanceOf(
  concepts: PreparedConcept[],
  frequencies: ReadonlyMap<string, number>,
  params: RankingParams = DEFAULT_RANKING,
): { relevance: number; coverage: number } {
  const { k1 } = params.bm25;
  let total = 0;
  let matchedWorth = 0;
  let allWorth = 0;
  for (const concept of concepts) {
    allWorth += concept.worth;
    let bestScore = 0;
    let bestIdf = 0;
    for (const { term, weightedIdf } of concept.terms) {
      const tf = frequencies.get(term);
      if (!tf) continue;
      // BM25 saturation, once over the fields' summed frequency.
      const score = saturated(weightedIdf, tf, k1);
      if (score > bestScore) {
        bestScore = score;
        bestIdf = weightedIdf;
      }
    }
    total += bestScore;
    // A match through a weak term (a sub-word, a synonym) covers the concept only partly.
    matchedWorth += Math.min(concept.worth, bestIdf);
  }
  const coverage = allWorth > 0 ? matchedWorth / allWorth : 0;
  return { relevance: total * coverage ** params.coordination, coverage };
}

/** Each concept's best-matching term and its score in an entry (for quoting and the fit checks). */
export function conceptMatches(
  concepts: PreparedConcept[],
  frequencies: Pick<ReadonlyMap<string, number>, 'get'>,
  params: RankingParams = DEFAULT_RANKING,
): ConceptMatch[] {
  const { k1 } = params.bm25;
  return concepts.map((concept) => {
    let best: { term: string; score: number } | null = null;
    for (const { term, weightedIdf } of concept.terms) {
      const tf = frequencies.get(term);
      if (!tf) continue;
      const score = saturated(weightedIdf, tf, k1);
      if (!best || score > best.score) best = { term, score };
    }
    return { label: concept.label, term: best?.term ?? null, score: best?.score ?? 0, idf: concept.worth };
  });
}

export function scoreEntry(
  entry: EntryTerms,
  concepts: PreparedConcept[],
  scope: QueryScope,
  stats: Pick<CorpusStats, 'avgLength' | 'avgQuestionsLength'>,
  params: RankingParams = DEFAULT_RANKING,
  frequencies: ReadonlyMap<string, number> = fieldFrequencies(entry, stats, params),
): Scored {
  const { relevance, coverage } = relevanceOf(concepts, frequencies, params);
  return {
    relevance,
    score: relevance * priorOf(entry, scope, params),
    coverage,
    matches: conceptMatches(concepts, frequencies, params),
  };
}

/**
 * The largest product of priors any clause can get under `params`, whatever the question (each
 * factor at its largest, multiplied in priorOf's order, so no prior rounds above it); Infinity
 * when some factor could be negative (products are then not ordered by their factors).
 */
export function maxPrior(params: RankingParams = DEFAULT_RANKING): number {
  const r = params.regions;
  const every = [...Object.values(r), ...Object.values(params.kinds), params.otherScheme, params.indicatorNote, params.otherDocument];
  if (every.some((f) => !(f >= 0))) return Infinity;
  const factors = [
    Math.max(r.sameRegion, r.nationalWhenRegional, r.otherRegion, r.nationalWhenNone, r.regionalWhenNone),
    Math.max(1, ...Object.values(params.kinds)), // a kind the table lacks counts 1
    Math.max(1, params.otherScheme),
    Math.max(1, params.indicatorNote),
    Math.max(1, params.otherDocument),
  ];
  return factors.reduce((a, b) => a * b);
}

/** The product of the priors: they order candidates of similar relevance, never gate them. */
export function priorOf(entry: EntryTerms, scope: QueryScope, params: RankingParams = DEFAULT_RANKING): number {
  return regionPrior(entry.region, scope.region, params.regions)
    * (params.kinds[entry.kind] ?? 1)
    * (entry.scheme && !scope.schemes.includes(entry.scheme) ? params.otherScheme : 1)
    * (entry.note && !scope.asksDefinition ? params.indicatorNote : 1)
    * (scope.document && entry.docId !== scope.document ? params.otherDocument : 1);
}
