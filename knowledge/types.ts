/** Shapes shared by the knowledge layer: documents, clauses and search hits. */
import type { Catalog } from './catalog';

/** Document kinds as written in `corpus/manifest.json`. */
export type DocumentKind = 'plan' | 'news' | 'law' | 'administrative-regulation' | 'local-regulation';

/** Administrative level of the issuing body. */
export type DocumentLevel = 'national' | 'provincial' | 'city';

/** One entry of `corpus/manifest.json`. */
export interface DocumentMeta {
  /** Public, stable document id used in citations, e.g. `cn-plan-2021`. */
  id: string;
  /** Path relative to the corpus folder, e.g. `plans/000_9353a802a3e15c5c.txt`. */
  file: string;
  title: string;
  issuer: string;
  /** 文号, e.g. `国办发〔2021〕36号`; null when the document has none. */
  docNumber: string | null;
  /** ISO date of issue (or amendment), null when unknown. */
  date: string | null;
  effective?: string | null;
  /** Region as written in the manifest: `全国`, `甘肃省`, `湖北省鄂州市` … */
  region: string;
  level: DocumentLevel;
  kind: DocumentKind;
  /** For news summaries: the document the summary is about. */
  about?: string;
  note?: string;
}

/** Depth of a node in the clause tree. */
export type ClauseLevel = 'part' | 'chapter' | 'section' | 'article' | 'item' | 'paragraph';

/**
 * One addressable piece of a document. Headings are nodes too (with empty `text` when they
 * carry no body); the leaves are what search ranks and answers quote.
 */
export interface Clause {
  /** Stable id: `${docId}:${segments}`, e.g. `cn-social-insurance-law:a23.p2` (URL-safe; stays the same while the clause keeps its place). */
  id: string;
  docId: string;
  level: ClauseLevel;
  /** Human path label, e.g. `三、（四）` or `第二十三条第二款`. */
  path: string;
  /** Heading chain from the top of the document down to (and including) this clause's own heading. */
  headings: string[];
  /** Verbatim source text (whitespace and Word bookmark marks removed, nothing else changed). */
  text: string;
  /** Id of the parent node, null for top-level nodes. */
  parentId: string | null;
  /** Position in document order (0-based), for neighbours and scrolling. */
  order: number;
  /** 1-based line in the source file where the clause starts (for error messages and the console). */
  line: number;
}

/** A parsed document: its metadata and its clauses in document order. */
export interface ParsedDocument {
  meta: DocumentMeta;
  clauses: Clause[];
}

/** A problem found while loading the corpus: the document is skipped, the rest still load. */
export interface CorpusProblem {
  file: string;
  line: number | null;
  message: string;
  /** A warning leaves the document loaded (a duplicate alternate question); absent for errors. */
  severity?: 'warning';
}

/** Filters for a clause search. */
export interface SearchOptions {
  /** Region code (`甘肃`, `青海`, `鄂州`, `上海`, `浙江`, `national`): that region's documents rank first. */
  region?: string;
  /** Only documents of this kind. */
  kind?: DocumentKind;
  /** Only clauses about this topic (`enrolment`, `cross_province`, `outpatient`). */
  topic?: string;
  /** At most this many hits. */
  limit?: number;
}

/** One ranked clause. `matches` are [start, end) character ranges of query terms in `clause.text`. */
export interface SearchHit {
  clause: Clause;
  doc: DocumentMeta;
  /** Region code of the document (`national`, `甘肃` …), as the catalog lists it. */
  region: string;
  score: number;
  /** How well the clause matches the query before priors (BM25F × coverage^coordination, ranker.ts). */
  relevance: number;
  /** Share of the query's concept weight the clause matches (0–1). */
  coverage: number;
  matches: Array<[number, number]>;
}

/** A clause with its document and its neighbours in document order. */
export interface ClauseView {
  clause: Clause;
  doc: DocumentMeta;
  parent: Clause | null;
  previous: Clause | null;
  next: Clause | null;
  children: Clause[];
}

/** The loaded, indexed corpus. Implemented in `knowledge/knowledgeBase.ts`. */
export interface KnowledgeBase {
  documents: DocumentMeta[];
  /** Regions, topics and document kinds it can be filtered by (catalog.ts). */
  catalog: Catalog;
  /** Documents that failed to load, with the reason; the others still load. */
  problems: CorpusProblem[];
  search(query: string, options?: SearchOptions): SearchHit[];
  clause(id: string): ClauseView | null;
  /** All clauses of a document in order, or null for an unknown id. */
  documentClauses(docId: string): Clause[] | null;
  /** The label a reader sees for a clause of a loaded document (knowledge/pathLabel.ts); its path otherwise. */
  pathLabel(clause: Clause): string;
}
