import { Index } from 'flexsearch';

/**
 * The inverted index: which entries contain a term. The only module that imports FlexSearch.
 * Entries are added as already-analysed terms (jieba tokens), so FlexSearch's own encoder is
 * bypassed with an `encode` that splits on the separator; FlexSearch keeps the postings and orders
 * each term's entries by where the term occurs in them. Scoring is done afterwards (see ranker.ts):
 * FlexSearch has no BM25 and ignores term frequency.
 */
export interface TermIndex {
  add(id: number, terms: string[]): void;
  /** Ids of entries that contain `term`, at most `limit` of them. */
  lookup(term: string, limit: number): number[];
  /** The index as FlexSearch exports it: (key, data) chunks, to be given back to `createTermIndex` in order. */
  export(): ExportedIndex;
}

/** FlexSearch's export of an index: its chunks in the order they were written. */
export type ExportedIndex = Array<[key: string, data: string]>;

const SEPARATOR = ' ';

/** FlexSearch score buckets per entry; the default, documented in FlexSearch's options. */
const RESOLUTION = 9;

/** A new, empty index, or the one `exported` was exported from. */
export function createTermIndex(exported: ExportedIndex = []): TermIndex {
  const index = new Index({
    tokenize: 'strict',
    resolution: RESOLUTION,
    cache: false,
    encode: (text: string) => text.split(SEPARATOR).filter(Boolean),
  });
  for (const [key, data] of exported) index.import(key, data);
  return {
    add(id, terms) {
      index.add(id, terms.filter((t) => !t.includes(SEPARATOR)).join(SEPARATOR));
    },
    lookup(term, limit) {
      if (!term || term.includes(SEPARATOR)) return [];
      return index.search(term, { limit }) as number[];
    },
    export() {
      const chunks: ExportedIndex = [];
      // Synchronous: FlexSearch waits only for a handler that returns a promise.
      void index.export((key: string, data: string) => {
        chunks.push([key, data]);
      });
      return chunks;
    },
  };
}
