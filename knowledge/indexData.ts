import type { CorpusProblem, ParsedDocument } from './types';

/**
 * What indexing the corpus produces, apart from the FlexSearch index itself: the clause tree, each
 * clause's term counts, document frequencies and the statistics ranking needs. Plain strings and
 * typed arrays, so that it is written to a snapshot and read back as it is (snapshot.ts); the knowledge
 * base is assembled from it the same way whether it was just built or read back.
 */
export interface IndexData {
  documents: ParsedDocument[];
  /** Problems found while loading the corpus, the alternate questions and the thesaurus. */
  problems: CorpusProblem[];
  /** Clause id → its alternate questions (questions.ts), in file order. */
  alternates: Array<[string, string[]]>;
  /** Every term of the index; the tables below name terms by their position here. */
  vocabulary: string[];
  /** Per entry: the position of its document in `documents` and of its clause in the document. */
  entryDocument: Uint32Array;
  entryClause: Uint32Array;
  /** Per entry: its topic (topics.ts) and heading scheme (query.ts `headingScheme`), null for none. */
  topics: Array<string | null>;
  schemes: Array<string | null>;
  /** Per entry: 1 when the clause is an indicator footnote (definitions.ts). */
  notes: Uint8Array;
  /** Term counts of each entry's text. */
  body: TermTable;
  /** Term counts of each entry's alternate questions, all of them together. */
  questions: TermTable;
  /** Term counts of each distinct heading chain, segmented once; `entryChain` says which is an entry's. */
  chains: TermTable;
  entryChain: Uint32Array;
  /** Per entry: the number of terms of its text and of its alternate questions. */
  length: Uint32Array;
  questionsLength: Uint32Array;
  /** Per term: the entries that have it (text, headings or questions), and those with it in text or headings. */
  df: Uint32Array;
  textDf: Uint32Array;
  /** Every character the documents use (titles, headings, text), once each. */
  knownChars: string;
}

/**
 * Term counts of many rows (entries or heading chains) in three flat arrays: row `r` has the terms
 * `terms[offsets[r] .. offsets[r + 1])` with their counts beside them, in first-occurrence order.
 */
export interface TermTable {
  offsets: Uint32Array;
  terms: Uint32Array;
  counts: Uint32Array;
}

/** Builds a TermTable row by row, numbering terms through `termId`. */
export function termTableBuilder(termId: (term: string) => number): {
  add(counts: ReadonlyMap<string, number>): number;
  done(): TermTable;
} {
  const offsets = [0];
  const terms: number[] = [];
  const counts: number[] = [];
  return {
    add(row) {
      for (const [term, n] of row) {
        terms.push(termId(term));
        counts.push(n);
      }
      offsets.push(terms.length);
      return offsets.length - 2;
    },
    done: () => ({ offsets: Uint32Array.from(offsets), terms: Uint32Array.from(terms), counts: Uint32Array.from(counts) }),
  };
}

/** Row `row` of a TermTable as term → count, in the order the terms were added. */
export function termCounts(table: TermTable, row: number, vocabulary: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = table.offsets[row] as number, end = table.offsets[row + 1] as number; i < end; i += 1) {
    counts.set(vocabulary[table.terms[i] as number] as string, table.counts[i] as number);
  }
  return counts;
}

/** Number of rows of a TermTable. */
export function termTableRows(table: TermTable): number {
  return table.offsets.length - 1;
}
