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
}

const SEPARATOR = ' ';

/** FlexSearch score buckets per entry; the default, documented in FlexSearch's options. */
const RESOLUTION = 9;

export function createTermIndex(): TermIndex {
  const index = new Index({
    tokenize: 'strict',
    resolution: RESOLUTION,
    cache: false,
    encode: (text: string) => text.split(SEPARATOR).filter(Boolean),
  });
  return {
    add(id, terms) {
      index.add(id, terms.filter((t) => !t.includes(SEPARATOR)).join(SEPARATOR));
    },
    lookup(term, limit) {
      if (!term || term.includes(SEPARATOR)) return [];
      return index.search(term, { limit }) as number[];
    },
  };
}
