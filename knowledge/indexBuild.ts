import type { Analyzer } from './analyzer';
import { isIndicatorNote } from './definitions';
import { termTableBuilder, type IndexData } from './indexData';
import { missingSynonymTargets, type Lexicon } from './lexicon';
import { normalizeForMatch } from './normalize';
import { headingScheme } from './query';
import { loadQuestions } from './questions';
import type { TermIndex } from './termIndex';
import { detectTopic } from './topics';
import type { CorpusProblem, ParsedDocument } from './types';

/** What the index is built from. */
export interface IndexSources {
  documents: ParsedDocument[];
  /** Problems met while loading the documents. */
  problems: CorpusProblem[];
  /** Folder of the alternate questions (questions.ts), null for none. */
  questionsDir: string | null;
  /** Check every official term of the thesaurus against the documents (the real corpus only). */
  checkLexicon: boolean;
}

function countTerms(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/**
 * Segments and counts every clause with text (each distinct heading chain once) and adds it to
 * `termIndex` as entry number n, in corpus order. Clauses without text (bare headings) are not entries.
 */
export function buildIndex(sources: IndexSources, analyzer: Analyzer, lexicon: Lexicon, termIndex: TermIndex): IndexData {
  const { documents } = sources;
  const questions = sources.questionsDir
    ? loadQuestions(sources.questionsDir, new Map(documents.map((d) => [d.meta.id, new Set(d.clauses.map((c) => c.id))])))
    : { byClause: new Map<string, string[]>(), problems: [] };
  const termIds = new Map<string, number>();
  const termId = (term: string) => {
    let id = termIds.get(term);
    if (id === undefined) termIds.set(term, (id = termIds.size));
    return id;
  };
  const body = termTableBuilder(termId);
  const questionTable = termTableBuilder(termId);
  const chainTable = termTableBuilder(termId);
  /** Heading chain (joined as it is segmented) → its row in `chainTable` and its term counts. */
  const chains = new Map<string, { row: number; counts: Map<string, number> }>();
  const entryDocument: number[] = [];
  const entryClause: number[] = [];
  const entryChain: number[] = [];
  const topics: Array<string | null> = [];
  const schemes: Array<string | null> = [];
  const notes: number[] = [];
  const length: number[] = [];
  const questionsLength: number[] = [];
  const df = new Map<string, number>();
  /** Terms of the clauses' own text and headings (alternate questions aside), with the number of clauses using each. */
  const textDf = new Map<string, number>();
  const knownChars = new Set<string>();
  /** The normalised text of every clause and its headings, for checking the thesaurus against. */
  const corpusText: string[] = [];

  documents.forEach((parsed, docIndex) => {
    for (const ch of normalizeForMatch(parsed.meta.title)) knownChars.add(ch);
    parsed.clauses.forEach((clause, clauseIndex) => {
      if (!clause.text.trim()) return;
      const bodyTerms = analyzer.indexTerms(clause.text);
      const chainText = clause.headings.join(' ');
      let chain = chains.get(chainText);
      if (!chain) {
        const counts = countTerms(analyzer.indexTerms(chainText));
        chains.set(chainText, (chain = { row: chainTable.add(counts), counts }));
      }
      const alternates = questions.byClause.get(clause.id) ?? [];
      const questionTerms = alternates.flatMap((q) => analyzer.indexTerms(q));
      const normalized = normalizeForMatch(`${chainText} ${clause.text}`);
      // Only the documents' own characters count as known: an alternate question's everyday words
      // (老妈) are not things the documents speak of (familiar.txt exempts those).
      for (const ch of normalized) knownChars.add(ch);
      corpusText.push(normalized.replace(/\s+/g, ''));
      const bodyCounts = countTerms(bodyTerms);
      const questionCounts = countTerms(questionTerms);
      const id = body.add(bodyCounts);
      questionTable.add(questionCounts);
      entryDocument.push(docIndex);
      entryClause.push(clauseIndex);
      entryChain.push(chain.row);
      topics.push(detectTopic(normalized, lexicon.topics));
      schemes.push(headingScheme(clause.headings.slice(0, -1), lexicon.schemes));
      notes.push(isIndicatorNote(clause.text) ? 1 : 0);
      length.push(bodyTerms.length);
      questionsLength.push(questionTerms.length);
      for (const t of new Set([...bodyCounts.keys(), ...chain.counts.keys()])) textDf.set(t, (textDf.get(t) ?? 0) + 1);
      const unique = new Set([...bodyCounts.keys(), ...chain.counts.keys(), ...questionCounts.keys()]);
      for (const t of unique) df.set(t, (df.get(t) ?? 0) + 1);
      termIndex.add(id, [...unique]);
    });
  });

  // The corpus text joined, for the lexicon checks only (on the real corpus, never at scale).
  const joined = sources.checkLexicon ? corpusText.join('') : '';
  // Every official term of the thesaurus must be wording the documents use (checked on the real corpus).
  const lexiconProblems: CorpusProblem[] = sources.checkLexicon
    ? missingSynonymTargets(lexicon, joined, (t) => textDf.has(t)).map(({ line, term }) => ({
      file: 'synonyms.txt', line, severity: 'warning' as const,
      message: `lexicon: synonyms.txt line ${line}: official term "${term}" does not occur in the corpus`,
    }))
    : [];
  // A thing listed as spoken of nowhere (uncovered.txt) must be spoken of nowhere: in no clause and no alternate question.
  const spokenOf = sources.checkLexicon ? `${joined} ${[...questions.byClause.values()].flat().join(' ')}`.toLowerCase() : '';
  const uncoveredProblems: CorpusProblem[] = sources.checkLexicon
    ? [...lexicon.uncovered].filter((w) => spokenOf.includes(w)).map((w) => ({
      file: 'uncovered.txt', line: null, severity: 'warning' as const,
      message: `lexicon: uncovered.txt: "${w}" occurs in a clause or an alternate question, so the documents do speak of it`,
    }))
    : [];

  const vocabulary = [...termIds.keys()];
  return {
    documents,
    problems: [...sources.problems, ...questions.problems, ...lexiconProblems, ...uncoveredProblems],
    alternates: [...questions.byClause],
    vocabulary,
    entryDocument: Uint32Array.from(entryDocument),
    entryClause: Uint32Array.from(entryClause),
    topics,
    schemes,
    notes: Uint8Array.from(notes),
    body: body.done(),
    questions: questionTable.done(),
    chains: chainTable.done(),
    entryChain: Uint32Array.from(entryChain),
    length: Uint32Array.from(length),
    questionsLength: Uint32Array.from(questionsLength),
    df: Uint32Array.from(vocabulary, (t) => df.get(t) ?? 0),
    textDf: Uint32Array.from(vocabulary, (t) => textDf.get(t) ?? 0),
    knownChars: [...knownChars].join(''),
  };
}
