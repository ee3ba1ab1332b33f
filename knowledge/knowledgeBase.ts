import { join } from 'node:path';
import { loadCorpus } from './corpus';
import { buildIndex } from './indexBuild';
import { cachedIndex, type BuiltIndex, type IndexLog } from './indexCache';
import { IndexedEntry } from './indexedEntry';
import { indexKey } from './indexKey';
import { createAnalyzer, type Analyzer } from './analyzer';
import { buildCatalog } from './catalog';
import { DEFAULT_DATA_DIR, loadLexicon, withShortNames, type Lexicon } from './lexicon';
import { definedShortNames } from './shortNames';
import { GENERAL_IDF_FILE, isDomainSpecific, readGeneralIdf } from './domain';
import { normalizeForMatch } from './normalize';
import { createSimplifier } from './traditional';
import { analyzeQuery, DEFAULT_QUERY_WEIGHTS, type AnalyzedQuery, type QueryWeights } from './query';
import { conceptMatches, DEFAULT_RANKING, maxPrior, prepareConcepts, priorOf, type ConceptMatch, type CorpusStats, type EntryTerms, type PreparedConcept, type RankingParams, type Scored } from './ranker';
import { documentRegion } from './regions';
import { bundledStopWords, createSegmenter, UNKNOWN_TAG as UNKNOWN_WORD_TAG } from './segmenter';
import { createSoundAlikeCorrector, writtenIn, type SoundAlikeCorrector } from './soundAlike';
import { createTermIndex } from './termIndex';
import { accumulate, postingsOf, type Postings } from './accumulator';
import { createFieldIndex, type FieldIndex } from './fieldIndex';
import { Shortlist } from './shortlist';
import { spokenChars, unfamiliarWords, writtenWith } from './unfamiliar';
import { DEFAULT_QUESTIONS_DIR, questionKey } from './questions';
import { pathLabels } from './pathLabel';
import { createReferenceFinder, type ReferenceFinder } from './references';
import type {
  Clause, ClauseView, CorpusProblem, DocumentMeta, KnowledgeBase, ParsedDocument, SearchHit, SearchOptions,
} from './types';

/** One searchable clause with what ranking needs to know about it. */
export interface Entry extends EntryTerms {
  clause: Clause;
  doc: DocumentMeta;
  topic: string | null;
  /** The clause's alternate questions (questions.ts), as written. */
  alternates: string[];
}

/** A ranked entry with its score breakdown (what the answer engine decides on). */
export interface Ranked extends Scored {
  entry: Entry;
}

export interface RankOptions {
  /** Overrides the region the query names (null: none). */
  region?: string | null;
  kind?: string;
  topic?: string;
  /** A document the question names: its clauses rank first (ranker.ts `otherDocument`). */
  document?: string | null;
  /** Ranking parameters for this call instead of the knowledge base's (the eval sweep). */
  ranking?: RankingParams;
  /** Only the candidates a caller can look at (`Shortlisting`); absent: every candidate. */
  shortlist?: Shortlisting;
}

/**
 * What a caller looks at among the candidates (the answer engine): those covering at least
 * `coverage` of the question, those of `clauses`, and the `top` best whatever their coverage.
 * The others are left out of the result, so they are never built or sorted. Safe for a caller
 * whose every look at the list is the first `top` places, or a search or filter that only accepts
 * candidates of `clauses` or with at least `coverage`: leaving out what those never accept
 * changes neither what they find nor in what order (the order of the rest is the same).
 */
export interface Shortlisting {
  coverage: number;
  top: number;
  clauses?: readonly string[];
}

/** The knowledge base plus the lower-level ranking the answer engine uses. */
export interface Retriever extends KnowledgeBase {
  lexicon: Lexicon;
  analyzer: Analyzer;
  /** The question analysed into concepts; `weights` instead of the knowledge base's own (the eval sweep). */
  analyze(question: string, weights?: QueryWeights): AnalyzedQuery;
  /** Every candidate for an analysed query, best first. `region` overrides the detected one. */
  rank(query: AnalyzedQuery, options?: RankOptions): Ranked[];
  /** Region code of a document. */
  regionOf(doc: DocumentMeta): string;
  /** Words of the question that name something the documents never speak of (see unfamiliar.ts). */
  unfamiliar(query: AnalyzedQuery): string[];
  /** Documents and articles questions name (社保法第二十三条), see references.ts. */
  references: ReferenceFinder;
  /** The question with traditional characters the documents never use read as simplified ones (traditional.ts). */
  simplify(question: string): string;
  /** The question with sound-alike typos (被案, 节算) read as the documents' terms, and what was read so (soundAlike.ts). */
  soundAlikes: SoundAlikeCorrector;
  /** True when some indexed clause (text, headings or alternate questions) has the term. */
  knows(term: string): boolean;
  /** True when some clause's own text or headings (not its alternate questions) has the term. */
  knowsInText(term: string): boolean;
  /** True when clauses use the word far more often than general text does (domain.ts: 征缴, 滞纳金). */
  domainSpecific(word: string): boolean;
  /** Every indexed clause with its terms and alternate questions, in corpus order. */
  entries: readonly Entry[];
  /** The corpus statistics ranking uses (entry count, average field lengths, document frequency). */
  stats: CorpusStats;
  /**
   * Adds an alternate question to an indexed clause at run time (the staff review loop): ranked
   * from the next call on, no rebuild. False when the clause already has that question (questions.ts
   * `questionKey`); throws for a clause that is not indexed.
   */
  addQuestion(clauseId: string, question: string): boolean;
  /** Ids of the indexed clauses that have `question` (questions.ts `questionKey`) among their alternate questions. */
  clausesForQuestion(question: string): readonly string[];
}

export interface KnowledgeBaseOptions {
  corpusDir: string;
  /** Folder of userdict/synonyms/stopwords/regions/topics; the shipped data by default. */
  dataDir?: string;
  ranking?: RankingParams;
  queryWeights?: QueryWeights;
  /** Documents to index instead of reading `corpusDir` (benchmarks, tests). */
  documents?: ParsedDocument[];
  /** Folder of `<docId>.tsv` alternate questions (questions.ts); the shipped ones by default, null for none. */
  questionsDir?: string | null;
  /**
   * Folder where the built index is kept between starts (snapshot.ts, indexCache.ts): loaded when
   * it matches the corpus, data and code, built and saved otherwise. Null or absent: built every time.
   */
  indexCacheDir?: string | null;
  /** A name for `documents` that changes whenever they do: without it, given documents are never cached. */
  documentsName?: string;
  /** Told what became of the snapshot (loaded; missing, stale or damaged and rebuilt). */
  log?: IndexLog;
}

/** Hits returned by `search` when no limit is given. */
export const DEFAULT_SEARCH_LIMIT = 10;

/**
 * A candidate's score is at most its BM25F total times its priors (coverage^coordination ≤ 1);
 * the bound is widened by this factor so that no rounding of the power can make it too tight.
 */
const ALL_COVERED_MARGIN = 1 + 1e-9;

/** [start, end) ranges where any of `terms` occurs in `text`, merged. */
export function matchRanges(text: string, terms: string[]): Array<[number, number]> {
  const norm = normalizeForMatch(text);
  if (norm.length !== text.length) return []; // folding changed lengths: offsets would be wrong
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = norm.indexOf(term); at >= 0 && term; at = norm.indexOf(term, at + term.length)) {
      ranges.push([at, at + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A ranked entry whose per-concept breakdown is worked out only when it is looked at. */
class Candidate implements Ranked {
  #matches: ConceptMatch[] | undefined;
  constructor(
    readonly entry: Entry,
    readonly relevance: number,
    readonly score: number,
    readonly coverage: number,
    private readonly id: number,
    /** The document's place in date order (`dateOrder`) and the clause's in its document: the ties' order. */
    readonly dateRank: number,
    readonly order: number,
    /** Position in the order the candidates were reached (the last tie-break: the sort is stable). */
    readonly reached: number,
    private readonly concepts: PreparedConcept[],
    private readonly fields: FieldIndex,
    private readonly ranking: RankingParams,
    /** Kept only as one of the best places (its coverage is below the shortlist's). */
    readonly leftOut = false,
  ) {}

  get matches(): ConceptMatch[] {
    // The concepts' terms looked up one by one (`of`), not the clause's whole Map of frequencies.
    return (this.#matches ??= conceptMatches(this.concepts, new EntryFrequencies(this.fields, this.id), this.ranking));
  }
}

/** One entry's field frequencies, read term by term from the field index (no closure made per candidate). */
class EntryFrequencies {
  constructor(
    private readonly fields: FieldIndex,
    private readonly id: number,
  ) {}

  get(term: string): number {
    return this.fields.of(this.id, term);
  }
}

/** What scoring one candidate of a `rank` call reads: the accumulated sums and the call's settings. */
interface RankRound {
  ids: Int32Array;
  total: Float64Array;
  matchedWorth: Float64Array;
  /** coverage^coordination by matched worth (many candidates match the same concepts alike). */
  powers: Map<number, number>;
  /** Per entry: its document's rank in date order. */
  dateRanks: Uint32Array;
  best: Shortlist<Candidate>;
  prepared: PreparedConcept[];
  fields: FieldIndex;
  ranking: RankingParams;
}

/**
 * Scores candidate `n` of a round; null when its score is not positive, or when it is `left` out
 * by coverage and would not end among the best places. (A module function: nothing is made per
 * `rank` call but the round.)
 */
function scoreCandidate(round: RankRound, n: number, entry: Entry, coverage: number, prior: number, left: boolean): Candidate | null {
  const { ids, matchedWorth, powers, ranking, best } = round;
  const id = ids[n] as number;
  let covered = powers.get(matchedWorth[n] as number);
  if (covered === undefined) powers.set(matchedWorth[n] as number, (covered = coverage ** ranking.coordination));
  const relevance = (round.total[n] as number) * covered;
  const value = relevance * prior;
  if (value <= 0) return null;
  const dateRank = round.dateRanks[id] as number;
  const order = entry.clause.order;
  if (left && !best.wouldKeep({ score: value, dateRank, order, reached: n })) return null;
  return new Candidate(entry, relevance, value, coverage, id, dateRank, order, n, round.prepared, round.fields, ranking, left);
}

/** True when the caller's kind or topic filter leaves the entry out. */
function filteredOut(entry: Entry, opts: RankOptions): boolean {
  return Boolean((opts.kind && entry.doc.kind !== opts.kind) || (opts.topic && entry.topic !== opts.topic));
}

/** Sort key: negative when `a` was issued after `b` (undated documents last). */
function newer(a: DocumentMeta, b: DocumentMeta): number {
  return (b.date ?? '').localeCompare(a.date ?? '');
}

/**
 * Each document's rank in date order, oldest (and undated) lowest, equal dates equal: comparing
 * two ranks gives `newer`'s answer without comparing strings while sorting thousands of candidates.
 */
function dateOrder(documents: readonly DocumentMeta[]): Map<string, number> {
  const byDate = [...documents].sort((a, b) => newer(b, a));
  const ranks = new Map<string, number>();
  let rank = 0;
  byDate.forEach((doc, i) => {
    if (i > 0 && newer(byDate[i - 1] as DocumentMeta, doc) !== 0) rank += 1;
    ranks.set(doc.id, rank);
  });
  return ranks;
}

/** Best first; equal scores: the newer document first, then document order (then the order reached). */
function byScore(a: Candidate, b: Candidate): number {
  // The scores' difference reduced to its sign (a small integer, not a new heap number per
  // comparison); a zero or NaN difference falls through to the next key, as `||` would.
  const d = b.score - a.score;
  if (d > 0) return 1;
  if (d < 0) return -1;
  return b.dateRank - a.dateRank || a.order - b.order || a.reached - b.reached;
}

/** The clause texts of `documents`, one at a time (at scale there are hundreds of thousands). */
function* clauseTexts(documents: readonly ParsedDocument[]): Generator<string> {
  for (const doc of documents) for (const clause of doc.clauses) yield clause.text;
}

export function loadKnowledgeBase(options: KnowledgeBaseOptions): Retriever {
  const lexicon = loadLexicon(options.dataDir);
  const generalIdf = readGeneralIdf(join(options.dataDir ?? DEFAULT_DATA_DIR, GENERAL_IDF_FILE));
  // jieba's list drops fillers (去, 跟) but also words this domain needs (借, 他人): those are kept.
  const stopWords = new Set([...lexicon.stopWords, ...bundledStopWords().filter((w) => !lexicon.meaningful.has(w)), ...lexicon.familiar]);
  const segmenter = createSegmenter(lexicon.userDictPath);
  // Every official term the synonym map points to, every group name and every place is a word:
  // otherwise 移动终端 would split into 移动/终端 and a synonym would only ever match in pieces.
  segmenter.addWords([
    ...lexicon.synonyms.flatMap((s) => s.terms),
    ...lexicon.groups.map((g) => g.name),
    ...lexicon.places.map((p) => p.place),
  ]);
  const analyzer = createAnalyzer(segmenter, stopWords);
  const defaultRanking = options.ranking ?? DEFAULT_RANKING;
  const queryWeights = options.queryWeights ?? DEFAULT_QUERY_WEIGHTS;
  const questionsDir = options.questionsDir === undefined ? DEFAULT_QUESTIONS_DIR : options.questionsDir;
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const build = (): BuiltIndex => {
    const corpus: { documents: ParsedDocument[]; problems: CorpusProblem[] } = options.documents
      ? { documents: options.documents, problems: [] }
      : loadCorpus(options.corpusDir);
    const termIndex = createTermIndex();
    const sources = { ...corpus, questionsDir, checkLexicon: !options.documents };
    return { data: buildIndex(sources, analyzer, lexicon, termIndex), termIndex };
  };
  // Documents given by the caller are cached only under a name for them (the corpus folder is hashed).
  const cacheable = options.indexCacheDir && (!options.documents || options.documentsName !== undefined);
  const { data, termIndex } = cacheable
    ? cachedIndex(options.indexCacheDir as string, indexKey({
      corpus: options.documents ? { name: options.documentsName as string } : { dir: options.corpusDir }, dataDir, questionsDir,
    }), build, options.log)
    : build();
  const corpus = { documents: data.documents, problems: data.problems };
  const alternatesOf = new Map(data.alternates);

  const regionOf = (doc: DocumentMeta) => documentRegion(doc, lexicon.regions);
  const docs = new Map<string, ParsedDocument>();
  const clauses = new Map<string, { clause: Clause; doc: DocumentMeta; index: number }>();
  for (const parsed of corpus.documents) {
    docs.set(parsed.meta.id, parsed);
    parsed.clauses.forEach((clause, index) => clauses.set(clause.id, { clause, doc: parsed.meta, index }));
  }
  // A document's reader-facing labels are worked out when one of its clauses is first cited (at
  // scale, hundreds of thousands of clauses would otherwise be labelled at every start).
  const labelsByDocument = new Map<string, Map<string, string>>();
  const labelsOf = (docId: string): Map<string, string> | undefined => {
    let labels = labelsByDocument.get(docId);
    const parsed = docs.get(docId);
    if (!labels && parsed) labelsByDocument.set(docId, (labels = pathLabels(parsed.clauses)));
    return labels;
  };
  const regions = corpus.documents.map((d) => regionOf(d.meta));
  /** Alternate question (its `questionKey`) → the clauses that have it. */
  const byQuestion = new Map<string, string[]>();
  const indexQuestion = (clauseId: string, question: string) => {
    const key = questionKey(question);
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), clauseId]);
  };
  const entries: Entry[] = Array.from(data.entryDocument, (docIndex, id) => {
    const parsed = corpus.documents[docIndex] as ParsedDocument;
    const clause = parsed.clauses[data.entryClause[id] as number] as Clause;
    const alternates = alternatesOf.get(clause.id) ?? [];
    for (const q of alternates) indexQuestion(clause.id, q);
    return new IndexedEntry(data, id, clause, parsed.meta, regions[docIndex] as string, alternates);
  });
  const dateRanksByDoc = dateOrder(corpus.documents.map((d) => d.meta));
  /** Per entry: its document's rank in date order (`dateOrder`). */
  const dateRanks = Uint32Array.from(entries, (e) => dateRanksByDoc.get(e.doc.id) as number);
  /** Clause id → its position in `entries`. */
  const entryIds = new Map(entries.map((e, id) => [e.clause.id, id]));
  const df = new Map<string, number>();
  /** Terms of the clauses' own text and headings (alternate questions aside), with the number of clauses using each. */
  const textTerms = new Map<string, number>();
  data.vocabulary.forEach((term, id) => {
    df.set(term, data.df[id] as number);
    const inText = data.textDf[id] as number;
    if (inText > 0) textTerms.set(term, inText);
  });
  /** Every character the indexed clauses use, in their text and headings, and the documents' titles. */
  const knownChars = new Set(data.knownChars);
  /** …and those of the thesaurus's everyday phrases (unfamiliar.ts `spokenChars`). */
  const knownAndSpoken = new Set([...knownChars, ...spokenChars(lexicon)]);
  let totalLength = 0;
  let totalQuestionsLength = 0;
  let entriesWithQuestions = 0;
  for (let id = 0; id < entries.length; id += 1) {
    totalLength += data.length[id] as number;
    const n = data.questionsLength[id] as number;
    if (n) {
      totalQuestionsLength += n;
      entriesWithQuestions += 1;
    }
  }

  const stats: CorpusStats = {
    entries: entries.length,
    avgLength: entries.length ? totalLength / entries.length : 0,
    avgQuestionsLength: entriesWithQuestions ? totalQuestionsLength / entriesWithQuestions : 0,
    df: (term) => df.get(term) ?? 0,
    ordinary: (word) => writtenWith(word, knownAndSpoken),
  };

  const simplify = createSimplifier(knownAndSpoken);
  const domainSpecific = (word: string) => isDomainSpecific(textTerms.get(word) ?? 0, entries.length, generalIdf.get(word));
  const written = writtenIn(() => entries.map((e) => `${e.clause.text}\n${e.alternates.join('\n')}`).join('\n'));
  // Sound-alike typos read as the words clauses use far more than general text does, or as the thesaurus's phrases.
  const soundAlikes = createSoundAlikeCorrector({
    terms: () => [...textTerms.keys()].filter(domainSpecific),
    spoken: () => lexicon.synonyms.map((s) => s.phrase),
    isWord: (span) => textTerms.has(span) || analyzer.partOfSpeech(span) !== UNKNOWN_WORD_TAG,
    // Cut as the analyser will cut it next (normalised), so that the second cut is the segmenter's last one.
    words: (text) => segmenter.cut(normalizeForMatch(text)).map((word) => {
      const tag = segmenter.tag(word);
      return { word, tag, known: tag !== UNKNOWN_WORD_TAG };
    }),
    written,
    prepareWritten: written.prepare,
  });
  // The thesaurus the questions are read with: synonyms.txt and the short names the documents define.
  const shortNames = definedShortNames(clauseTexts(corpus.documents), { cut: (text) => segmenter.cut(text), partOfSpeech: analyzer.partOfSpeech });
  const queryLexicon = { ...lexicon, synonyms: withShortNames(lexicon.synonyms, shortNames) };
  const analyze = (question: string, weights: QueryWeights = queryWeights) => analyzeQuery(question, analyzer, queryLexicon, weights, (word) => textTerms.has(word));

  /** Bumped by every `addQuestion`: the caches below are then built afresh. */
  let generation = 0;

  /** One cache per set of ranking parameters (the knowledge base's own, or a sweep's). */
  const perRanking = <T>(build: (ranking: RankingParams) => T) => {
    const built = new Map<RankingParams, T>();
    let builtFor = generation;
    return (ranking: RankingParams): T => {
      if (builtFor !== generation) {
        built.clear();
        builtFor = generation;
      }
      let value = built.get(ranking);
      if (value === undefined) built.set(ranking, (value = build(ranking)));
      return value;
    };
  };

  /** Vocabulary term → its number in the index data. */
  const termIds = new Map(data.vocabulary.map((term, id) => [term, id]));
  /** Entries given an alternate question at run time: their own Maps describe them, not the index data. */
  const changed = new Set<number>();
  /** Field frequencies (ranker.ts) read from the index data (fieldIndex.ts). */
  const fieldsFor = perRanking((ranking) => createFieldIndex({ data, entries, termIds, changed, stats }, ranking));

  /**
   * A term's postings: the entries FlexSearch lists for it (at most `perTermCandidates`) and the
   * term's field frequency in each, computed on first use.
   */
  const postingsFor = perRanking((ranking) => {
    const known = new Map<string, Postings>();
    const fields = fieldsFor(ranking);
    return (term: string): Postings => {
      let p = known.get(term);
      if (!p) {
        const ids = Int32Array.from(termIndex.lookup(term, ranking.perTermCandidates));
        known.set(term, (p = postingsOf(ids, Float64Array.from(ids, (id) => fields.of(id, term)), ranking.bm25.k1)));
      }
      return p;
    };
  });

  /** Scratch for `rank`: the candidates the coverage leaves out, scored after the others. */
  let leftOut = new Int32Array(0);

  /** The largest priors a clause can get (ranker.ts `maxPrior`): a bound for dropping candidates early. */
  const maxPriorFor = perRanking(maxPrior);

  const rank: Retriever['rank'] = (query, opts = {}) => {
    const ranking = opts.ranking ?? defaultRanking;
    const region = opts.region !== undefined ? opts.region : (query.region?.region ?? null);
    const maxDf = Math.max(ranking.candidateMaxDfShare * entries.length, ranking.candidateMinDf);
    const prepared = prepareConcepts(query.concepts, stats);
    const fields = fieldsFor(ranking);
    const postings = postingsFor(ranking);
    // Candidates come from the selective terms' postings; common terms score on those candidates.
    // No term is in more clauses than there are (a small corpus): every term is selective.
    let fromPostings: (term: string) => Postings | null = postings;
    if (entries.length > maxDf) {
      const terms = [...new Set(query.concepts.flatMap((c) => c.terms.map((t) => t.term)))].filter((t) => df.has(t));
      const selective = terms.filter((t) => (df.get(t) as number) <= maxDf);
      const taken = new Set(selective.length ? selective : terms);
      fromPostings = (term) => (taken.has(term) ? postings(term) : null);
    }
    const { ids, total, matchedWorth } = accumulate(entries.length, prepared, fromPostings, fields.postings);
    const allWorth = prepared.reduce((n, c) => n + c.worth, 0);
    const scope = { region, schemes: query.schemes, asksDefinition: query.asksDefinition, document: opts.document ?? null };
    const ranked: Candidate[] = [];
    const shortlisting = opts.shortlist;
    /** Entry ids of the clauses the caller keeps whatever their coverage. */
    const kept = shortlisting?.clauses?.length ? new Set(shortlisting.clauses.flatMap((c) => entryIds.get(c) ?? [])) : null;
    /**
     * The best `top` of all the candidates so far, whatever their coverage: a candidate the
     * coverage leaves out is kept only if it ends among them (the caller's first `top` places).
     */
    const best = new Shortlist<Candidate>(shortlisting?.top ?? 0);
    /** The largest priors, widened by the margin (ALL_COVERED_MARGIN). */
    const anyPrior = ALL_COVERED_MARGIN * maxPriorFor(ranking);
    /**
     * The largest coverage^coordination of a candidate the coverage leaves out: its coverage is
     * below the shortlist's, and the power grows with it; no coverage is above 1 (the matched worth
     * is a sum of shares of the whole). No bound for a negative coordination.
     */
    const leftPower = shortlisting && ranking.coordination >= 0 ? Math.min(1, shortlisting.coverage ** ranking.coordination) : Infinity;
    const round: RankRound = { ids, total, matchedWorth, powers: new Map(), dateRanks, best, prepared, fields, ranking };
    // First the candidates the caller looks at whatever their score: they fill the best places
    // early, so that most of the others are ruled out by their bounds alone. The order of scoring
    // changes nothing: every tie is broken by the order reached.
    let deferred = 0;
    if (leftOut.length < ids.length) leftOut = new Int32Array(ids.length);
    // A left-out candidate's entry is not read before its bound lets it through (most are not).
    for (let n = 0; n < ids.length; n += 1) {
      const coverage = allWorth > 0 ? (matchedWorth[n] as number) / allWorth : 0;
      if (shortlisting !== undefined && coverage < shortlisting.coverage && !kept?.has(ids[n] as number)) {
        leftOut[deferred++] = n;
        continue;
      }
      const entry = entries[ids[n] as number] as Entry;
      if (filteredOut(entry, opts)) continue;
      const candidate = scoreCandidate(round, n, entry, coverage, priorOf(entry, scope, ranking), false);
      if (!candidate) continue;
      ranked.push(candidate);
      best.offer(candidate);
    }
    for (let d = 0; d < deferred; d += 1) {
      const n = leftOut[d] as number;
      // A candidate left out by coverage that cannot reach the best places even with the largest
      // coverage it can have and the largest priors is dropped before its priors and its
      // coordination power (the loop's dearest step) are worked out; then again with its own priors.
      if (best.outOfReach((total[n] as number) * anyPrior * leftPower)) continue;
      const entry = entries[ids[n] as number] as Entry;
      if (filteredOut(entry, opts)) continue;
      const prior = priorOf(entry, scope, ranking);
      if (best.outOfReach(ALL_COVERED_MARGIN * (total[n] as number) * prior * leftPower)) continue;
      const candidate = scoreCandidate(round, n, entry, allWorth > 0 ? (matchedWorth[n] as number) / allWorth : 0, prior, true);
      if (candidate) best.offer(candidate);
    }
    for (const candidate of best.items) if (candidate.leftOut) ranked.push(candidate);
    return ranked.sort(byScore);
  };

  const addQuestion: Retriever['addQuestion'] = (clauseId, question) => {
    const id = entryIds.get(clauseId);
    if (id === undefined) throw new Error(`knowledge: cannot add a question to "${clauseId}": no indexed clause has that id`);
    const entry = entries[id] as Entry;
    const key = questionKey(question);
    if (!key || entry.alternates.some((q) => questionKey(q) === key)) return false;
    const terms = analyzer.indexTerms(question);
    const had = new Set([...entry.body.keys(), ...entry.headings.keys(), ...entry.questions.keys()]);
    entry.alternates = [...entry.alternates, question];
    for (const t of terms) entry.questions.set(t, (entry.questions.get(t) ?? 0) + 1);
    if (entry.questionsLength === 0 && terms.length) entriesWithQuestions += 1;
    entry.questionsLength += terms.length;
    totalQuestionsLength += terms.length;
    stats.avgQuestionsLength = entriesWithQuestions ? totalQuestionsLength / entriesWithQuestions : 0;
    for (const t of new Set(terms)) if (!had.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
    termIndex.add(id, [...new Set([...had, ...terms])]);
    changed.add(id);
    indexQuestion(clauseId, question);
    generation += 1;
    return true;
  };

  const view = (id: string): ClauseView | null => {
    const found = clauses.get(id);
    if (!found) return null;
    const all = (docs.get(found.doc.id) as ParsedDocument).clauses;
    return {
      clause: found.clause,
      doc: found.doc,
      parent: found.clause.parentId ? (clauses.get(found.clause.parentId)?.clause ?? null) : null,
      previous: all[found.index - 1] ?? null,
      next: all[found.index + 1] ?? null,
      children: all.filter((c) => c.parentId === id),
    };
  };

  const references = createReferenceFinder(corpus.documents.map((d) => d.meta), lexicon.aliases, (docId) => docs.get(docId)?.clauses ?? null);
  return {
    lexicon,
    analyzer,
    documents: corpus.documents.map((d) => d.meta),
    catalog: buildCatalog(lexicon, corpus.documents.map((d) => d.meta), regionOf),
    problems: corpus.problems,
    analyze,
    rank,
    regionOf,
    simplify,
    soundAlikes,
    knows: (term) => df.has(term),
    stats,
    knowsInText: (term) => textTerms.has(term),
    domainSpecific,
    entries,
    unfamiliar: (query) => unfamiliarWords(query, knownAndSpoken, analyzer.partOfSpeech, undefined, lexicon.uncovered),
    references,
    search(q: string, opts: SearchOptions = {}): SearchHit[] {
      const query = analyze(soundAlikes(simplify(q)).text);
      const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
      const document = references.find(query.normalized)?.docId ?? null;
      // Only the first `limit` places are looked at: a shortlist of them, whatever their coverage.
      const shortlist = limit >= 0 ? { coverage: Infinity, top: limit } : undefined;
      return rank(query, { region: opts.region ?? query.region?.region ?? null, kind: opts.kind, topic: opts.topic, document, shortlist })
        .slice(0, limit)
        .map((r) => ({
          clause: r.entry.clause,
          doc: r.entry.doc,
          region: r.entry.region,
          score: r.score,
          relevance: r.relevance,
          coverage: r.coverage,
          matches: matchRanges(r.entry.clause.text, r.matches.flatMap((m) => (m.term ? [m.term] : []))),
        }));
    },
    clause: view,
    documentClauses: (docId) => docs.get(docId)?.clauses ?? null,
    pathLabel: (clause) => labelsOf(clause.docId)?.get(clause.id) ?? clause.path,
    addQuestion,
    clausesForQuestion: (question) => byQuestion.get(questionKey(question)) ?? [],
  };
}
