/**
 * The lists the knowledge base can be filtered by, each kept once: regions (regions.txt), topics
 * (topics.txt) and document kinds (manifest.ts). The API validates against them and serves them
 * (`GET /api/meta`); pages and the bot's wording read them instead of repeating them.
 */
import type { Lexicon } from './lexicon';
import { KIND_LABELS } from './manifest';
import { NATIONAL } from './regions';
import type { DocumentKind, DocumentMeta } from './types';

/** A filter value and the Chinese name people see for it. */
export interface CatalogEntry {
  code: string;
  name: string;
}

export interface CatalogRegion extends CatalogEntry {
  /** Whether any loaded document is of this region. */
  hasDocuments: boolean;
}

export interface Catalog {
  /** Region codes in regions.txt order (`national` first). */
  regions: CatalogRegion[];
  topics: CatalogEntry[];
  kinds: Array<CatalogEntry & { code: DocumentKind }>;
}

/** The catalog of a lexicon and the loaded documents (`regionOf` gives a document's region code). */
export function buildCatalog(lexicon: Pick<Lexicon, 'regions' | 'regionNames' | 'topics'>, documents: readonly DocumentMeta[], regionOf: (doc: DocumentMeta) => string): Catalog {
  const withDocuments = new Set(documents.map(regionOf));
  return {
    regions: lexicon.regions.map((code) => ({ code, name: lexicon.regionNames.get(code) ?? code, hasDocuments: withDocuments.has(code) })),
    topics: lexicon.topics.map(({ topic, words }) => ({ code: topic, name: words[0] ?? topic })),
    kinds: (Object.entries(KIND_LABELS) as Array<[DocumentKind, string]>).map(([code, name]) => ({ code, name })),
  };
}

/** The region code a request names, by code or by name (`national` or `全国`), or null. */
export function findRegion(catalog: Catalog, value: string): string | null {
  return catalog.regions.find((r) => r.code === value || r.name === value)?.code ?? null;
}

/** Names of the local regions that have documents (甘肃、青海 …), as the capability reply lists them. */
export function localRegionNames(catalog: Catalog): string[] {
  return catalog.regions.filter((r) => r.code !== NATIONAL && r.hasDocuments).map((r) => r.name);
}
