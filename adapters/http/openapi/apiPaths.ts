/**
 * The JSON API of `adapters/http/api.ts`: asking, searching, reading clauses and documents, health.
 * Response schemas admit no undocumented fields: a field added to a response is added here too
 * (test/http/openapi.test.ts checks real responses against them).
 */
import { DECLINE_REASONS } from '../../../bot/answerability';
import { KINDS, REGIONS, TOPICS } from '../filters';
import { CLAUSE_ID_PATTERN, CONVERSATION_ID_PATTERN, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../validate';
import { ANYONE_OR_STAFF, response } from './common';
import { jsonResponse, ref, type PathGroup, type Schema } from './types';

const string: Schema = { type: 'string' };
const nullableString: Schema = { type: ['string', 'null'] };
const strings: Schema = { type: 'array', items: string };
const KIND_VALUES = Object.keys(KINDS);
/** Region codes a request may name (`全国` is accepted for `national`). */
const REGION_VALUES = [...Object.keys(REGIONS), REGIONS.national];
const CLAUSE_LEVELS = ['part', 'chapter', 'section', 'article', 'item', 'paragraph'];
const DOCUMENT_LEVELS = ['national', 'provincial', 'city'];

/** An object whose listed properties are all required unless named in `optional`. */
function record(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });

const schemas: Record<string, Schema> = {
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
      quote: { type: 'string', description: 'The clause text, verbatim.' },
      region: { type: 'string', description: 'Region as in the manifest (`全国`, `甘肃省` …).' },
      kind: { type: 'string', enum: KIND_VALUES },
    },
    [],
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
    headings: strings,
    quote: { type: 'string', description: 'The clause text, verbatim.' },
    matches: {
      type: 'array',
      description: '[start, end) character ranges of query terms in `quote`.',
      items: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
    },
    score: { type: 'number' },
  }),
  SearchResponse: record({ query: string, hits: { type: 'array', items: ref('SearchHit') } }),
  Clause: record({
    id: { type: 'string', pattern: CLAUSE_ID_PATTERN.source },
    docId: string,
    level: { type: 'string', enum: CLAUSE_LEVELS },
    path: string,
    headings: strings,
    text: { type: 'string', description: 'Verbatim; empty for a heading without body text.' },
    parentId: nullableString,
    order: { type: 'integer', minimum: 0 },
    line: { type: 'integer', minimum: 1 },
  }),
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
};

const query = (name: string, description: string, schema: Schema, required = false): Schema => ({ name, in: 'query', required, description, schema });
const pathId = (name: string, description: string): Schema => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

export const JSON_API: PathGroup = {
  schemas,
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
          query('region', 'Only this region’s documents.', { type: 'string', enum: REGION_VALUES }),
          query('kind', 'Only documents of this kind.', { type: 'string', enum: KIND_VALUES }),
          query('topic', 'Only clauses about this topic.', { type: 'string', enum: Object.keys(TOPICS) }),
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
