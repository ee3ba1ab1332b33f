/**
 * The JSON API of `adapters/http/api.ts`: asking, searching, reading clauses and documents, health.
 * Response schemas admit no undocumented fields: a field added to a response is added here too
 * (test/http/openapi.test.ts checks real responses against them).
 */
import { DECLINE_REASONS } from '../../../bot/answerability';
import type { Catalog } from '../../../knowledge/catalog';
import { CLAUSE_ID_PATTERN, CONVERSATION_ID_PATTERN, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../validate';
import { ANYONE_OR_STAFF, response } from './common';
import { jsonResponse, record, ref, type PathGroup, type Schema } from './types';

const string: Schema = { type: 'string' };
const nullableString: Schema = { type: ['string', 'null'] };
const strings: Schema = { type: 'array', items: string };
const CLAUSE_LEVELS = ['part', 'chapter', 'section', 'article', 'item', 'paragraph'];
const DOCUMENT_LEVELS = ['national', 'provincial', 'city'];


const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });

/** A filter value with its Chinese name, as `GET /api/meta` lists them. */
const entry = (codes: string[]): Schema => record({ code: { type: 'string', enum: codes }, name: string });

/** The values the catalog allows: kind codes, and region codes with their names (`全国` for `national`). */
function enums(catalog: Catalog): { kinds: string[]; regions: string[]; topics: string[] } {
  return {
    kinds: catalog.kinds.map((k) => k.code),
    regions: [...new Set(catalog.regions.flatMap((r) => [r.code, r.name]))],
    topics: catalog.topics.map((t) => t.code),
  };
}

function schemas(catalog: Catalog): Record<string, Schema> {
  const { kinds: KIND_VALUES, regions: REGION_VALUES } = enums(catalog);
  return {
    AskRequest: record(
      {
        question: { type: 'string', minLength: 1, description: 'At most `MAX_QUESTION_CHARS` characters (default 500).' },
        conversationId: { type: 'string', pattern: CONVERSATION_ID_PATTERN.source, description: 'Keeps context across questions (“那青海呢”).' },
        region: { type: 'string', enum: REGION_VALUES, description: 'Used when the question names no region.' },
      },
      ['conversationId', 'region'],
    ),
    Citation: record(
      {
        docId: string,
        title: string,
        docNumber: nullableString,
        clauseId: string,
        path: { type: 'string', description: 'Human clause path, e.g. `第二十三条第二款`.' },
        label: { type: 'string', description: 'The path as a reader says it, knowing the clause’s siblings (`三、（四）` for a lone `三、（四）第1段`).' },
        quote: { type: 'string', description: 'The clause text, verbatim.' },
        region: { type: 'string', description: 'Region as in the manifest (`全国`, `甘肃省` …).' },
        kind: { type: 'string', enum: KIND_VALUES },
        issuer: { type: 'string', description: 'Issuing body, e.g. `国务院办公厅`.' },
        date: { ...nullableString, description: 'ISO date of issue (or amendment), null when unknown.' },
      },
      ['label'],
      'One cited clause.',
    ),
    Answer: record(
      {
        answered: { type: 'boolean' },
        text: string,
        citations: { type: 'array', items: ref('Citation'), description: '`citations[0]` is the clause the answer rests on.' },
        followUps: strings,
        reason: { type: 'string', enum: [...DECLINE_REASONS], description: 'Only on a decline: the check that declined.' },
      },
      ['reason'],
    ),
    SearchHit: record({
      clauseId: string,
      docId: string,
      title: string,
      docNumber: nullableString,
      issuer: string,
      date: nullableString,
      region: string,
      kind: { type: 'string', enum: KIND_VALUES },
      path: string,
      label: { type: 'string', description: 'The path as a reader says it, knowing the clause’s siblings (`三、（四）` for a lone `三、（四）第1段`).' },
      headings: strings,
      quote: { type: 'string', description: 'The clause text, verbatim.' },
      matches: {
        type: 'array',
        description: '[start, end) character ranges of query terms in `quote`.',
        items: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
      },
      score: { type: 'number' },
      relevant: { type: 'boolean', description: 'Whether the clause clears the answer gate’s relevance floor; false marks a weak match (shown under 相关度较低).' },
    }),
    SearchResponse: record({ query: string, hits: { type: 'array', items: ref('SearchHit') } }),
    Clause: record({
      id: { type: 'string', pattern: CLAUSE_ID_PATTERN.source },
      docId: string,
      level: { type: 'string', enum: CLAUSE_LEVELS },
      path: string,
      label: { ...{ type: 'string', description: 'The path as a reader says it, knowing the clause’s siblings (`三、（四）` for a lone `三、（四）第1段`).' }, description: 'The path as a reader says it (in a whole document’s clauses only).' },
      headings: strings,
      text: { type: 'string', description: 'Verbatim; empty for a heading without body text.' },
      parentId: nullableString,
      order: { type: 'integer', minimum: 0 },
      line: { type: 'integer', minimum: 1 },
    }, ['label']),
    DocumentMeta: record(
      {
        id: string,
        file: string,
        title: string,
        issuer: string,
        docNumber: nullableString,
        date: nullableString,
        effective: nullableString,
        region: string,
        level: { type: 'string', enum: DOCUMENT_LEVELS },
        kind: { type: 'string', enum: KIND_VALUES },
        about: string,
        note: string,
      },
      ['effective', 'about', 'note'],
    ),
    ClauseView: record({
      clause: ref('Clause'),
      doc: ref('DocumentMeta'),
      parent: orNull(ref('Clause')),
      previous: orNull(ref('Clause')),
      next: orNull(ref('Clause')),
      children: { type: 'array', items: ref('Clause') },
    }),
    DocumentResponse: record({ document: ref('DocumentMeta'), clauses: { type: 'array', items: ref('Clause') } }),
    Health: record({ ok: { const: true }, documents: { type: 'integer', minimum: 0 } }),
    Meta: record(
      {
        regions: {
          type: 'array',
          description: 'Region codes in the lexicon’s order (`national` first), with the name pages show.',
          items: record({ code: { type: 'string', enum: catalog.regions.map((r) => r.code) }, name: string, hasDocuments: { type: 'boolean', description: 'Whether any loaded document is of this region.' } }),
        },
        topics: { type: 'array', items: entry(enums(catalog).topics) },
        kinds: { type: 'array', items: entry(KIND_VALUES) },
        maxQuestionChars: { type: 'integer', minimum: 1, description: 'Longest question (and search query) accepted, in characters.' },
      },
      [],
      'The lists the API accepts as filters, served so pages need not repeat them.',
    ),
  };
}

const query = (name: string, description: string, schema: Schema, required = false): Schema => ({ name, in: 'query', required, description, schema });
const pathId = (name: string, description: string): Schema => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

/** The JSON API's routes, with the catalog's regions, topics and kinds as enums. */
export function jsonApi(catalog: Catalog): PathGroup {
  const { kinds: KIND_VALUES, regions: REGION_VALUES, topics: TOPIC_VALUES } = enums(catalog);
  return {
    schemas: schemas(catalog),
    paths: {
      '/api/ask': {
        post: {
          summary: 'Ask a question; the answer quotes and cites the clauses it rests on, or declines.',
          operationId: 'ask',
          security: ANYONE_OR_STAFF,
          requestBody: { required: true, content: { 'application/json': { schema: ref('AskRequest') } } },
          responses: {
            200: jsonResponse('The answer, or a decline with its `reason`.', ref('Answer')),
            400: response('BadRequest'),
            413: response('PayloadTooLarge'),
            415: response('UnsupportedMediaType'),
            429: response('TooManyRequests'),
            500: response('InternalError'),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Ranked clauses for a query, with match ranges for highlighting.',
          operationId: 'search',
          security: ANYONE_OR_STAFF,
          parameters: [
            query('q', 'The query, at most `MAX_QUESTION_CHARS` characters.', { type: 'string', minLength: 1 }, true),
            query('region', 'Only this region’s documents (code or name, see `/api/meta`).', { type: 'string', enum: REGION_VALUES }),
            query('includeNational', 'With `region`: national documents too (an operator in 兰州 needs 甘肃 + 全国).', { type: 'boolean', default: false }),
            query('kind', 'Only documents of this kind.', { type: 'string', enum: KIND_VALUES }),
            query('topic', 'Only clauses about this topic.', { type: 'string', enum: catalog.topics.map((t) => t.code) }),
            query('limit', 'How many hits.', { type: 'integer', minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT }),
          ],
          responses: {
            200: jsonResponse('The hits, best first.', ref('SearchResponse')),
            400: response('BadRequest'),
            413: response('PayloadTooLarge'),
            429: response('TooManyRequests'),
          },
        },
      },
      '/api/clauses/{id}': {
        get: {
          summary: 'One clause with its document, parent, neighbours and children.',
          operationId: 'clause',
          security: ANYONE_OR_STAFF,
          parameters: [pathId('id', 'Clause id, `docId:segments` (e.g. `cn-social-insurance-law:a23.p2`).')],
          responses: {
            200: jsonResponse('The clause and its surroundings.', ref('ClauseView')),
            404: response('NotFound'),
            429: response('TooManyRequests'),
          },
        },
      },
      '/api/documents/{docId}': {
        get: {
          summary: 'A whole document: its metadata and every clause in order.',
          operationId: 'document',
          security: ANYONE_OR_STAFF,
          parameters: [pathId('docId', 'Document id as in citations (e.g. `cn-social-insurance-law`).')],
          responses: {
            200: jsonResponse('The document.', ref('DocumentResponse')),
            404: response('NotFound'),
            429: response('TooManyRequests'),
          },
        },
      },
      '/api/meta': {
        get: {
          summary: 'Regions, topics and document kinds the filters accept, with their names, and the question length limit (not rate limited).',
          operationId: 'meta',
          responses: { 200: jsonResponse('The lists.', ref('Meta')) },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is alive (not rate limited).',
          operationId: 'health',
          responses: { 200: jsonResponse('Alive, with the number of documents loaded.', ref('Health')) },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This description (not rate limited).',
          operationId: 'openapi',
          responses: { 200: jsonResponse('An OpenAPI 3.1 document.', { type: 'object' }) },
        },
      },
    },
  };
}
