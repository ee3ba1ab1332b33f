/**
 * `GET /api/openapi.json` describes the JSON API as it answers: real responses of the real routes
 * are checked against the documented schemas, every route of the API router is described, and
 * every documented status is produced at least once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../adapters/http/api';
import { openApiDocument } from '../../adapters/http/openapi/document';
import { jsonApi } from '../../adapters/http/openapi/apiPaths';
import { loadServices, type Services } from '../../server/services';
import { parseConfig } from '../../server/config';
import { MemoryStore } from '../../state/memory';
import { httpRequest, type HttpAnswer } from '../support/httpRequest';
import { unsupportedKeywords, validate, type Schema } from '../support/jsonSchema';
import { CORPUS_DIR, startRealServer, type RealServer } from './realServer';

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, Schema> }>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Schema>; headers: Record<string, { schema: Schema }> };
};

/** One real request and the documented operation and status it must match. */
interface Case {
  name: string;
  method: 'get' | 'post';
  path: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** Sent to the server whose limits are 1 per minute (for the 429s), from this client address. */
  limited?: string;
}

const Q = encodeURIComponent;
const QUESTION = '灵活就业人员能参加职工医保吗';
const CASES: Case[] = [
  { name: 'an answer', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: QUESTION }, status: 200 },
  { name: 'a decline with its reason', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: '宠物医院看病能用医保吗' }, status: 200 },
  { name: 'a follow-up in a conversation with a region', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: '异地就医怎么备案', conversationId: 'c-openapi', region: '甘肃' }, status: 200 },
  { name: 'a wrongly typed question', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: 42 }, status: 400 },
  { name: 'a question that is too long', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: '医'.repeat(501) }, status: 413 },
  { name: 'a body that is not JSON', method: 'post', path: '/api/ask', url: '/api/ask', body: QUESTION, headers: { 'content-type': 'text/plain' }, status: 415 },
  { name: 'a client over its limit', method: 'post', path: '/api/ask', url: '/api/ask', body: { question: QUESTION }, status: 429, limited: '127.0.0.21' },
  { name: 'hits', method: 'get', path: '/api/search', url: `/api/search?q=${Q('异地就医 备案')}&region=${Q('甘肃')}&limit=5`, status: 200 },
  { name: 'hits of a kind and topic', method: 'get', path: '/api/search', url: `/api/search?q=${Q('门诊 报销')}&kind=plan&topic=outpatient`, status: 200 },
  { name: '甘肃 and national hits', method: 'get', path: '/api/search', url: `/api/search?q=${Q('异地就医 备案')}&region=${Q('甘肃')}&includeNational=true`, status: 200 },
  { name: 'an unknown region', method: 'get', path: '/api/search', url: `/api/search?q=${Q('门诊')}&region=${Q('火星')}`, status: 400 },
  { name: 'a query that is too long', method: 'get', path: '/api/search', url: `/api/search?q=${Q('医'.repeat(501))}`, status: 413 },
  { name: 'a client over its look-up limit', method: 'get', path: '/api/search', url: `/api/search?q=${Q('门诊')}`, status: 429, limited: '127.0.0.22' },
  { name: 'a paragraph with its article as parent', method: 'get', path: '/api/clauses/{id}', url: '/api/clauses/cn-social-insurance-law:a23.p2', status: 200 },
  { name: 'a top-level chapter with children', method: 'get', path: '/api/clauses/{id}', url: '/api/clauses/cn-social-insurance-law:ch3', status: 200 },
  { name: 'an unknown clause', method: 'get', path: '/api/clauses/{id}', url: '/api/clauses/cn-social-insurance-law:a999', status: 404 },
  { name: 'a clause for a client over its limit', method: 'get', path: '/api/clauses/{id}', url: '/api/clauses/cn-social-insurance-law:a23.p2', status: 429, limited: '127.0.0.23' },
  { name: 'a whole law', method: 'get', path: '/api/documents/{docId}', url: '/api/documents/cn-social-insurance-law', status: 200 },
  { name: 'an unknown document', method: 'get', path: '/api/documents/{docId}', url: '/api/documents/no-such-document', status: 404 },
  { name: 'a document for a client over its limit', method: 'get', path: '/api/documents/{docId}', url: '/api/documents/cn-social-insurance-law', status: 429, limited: '127.0.0.24' },
  { name: 'the lists of regions, topics and kinds', method: 'get', path: '/api/meta', url: '/api/meta', status: 200 },
  { name: 'health', method: 'get', path: '/healthz', url: '/healthz', status: 200 },
  { name: 'the description itself', method: 'get', path: '/api/openapi.json', url: '/api/openapi.json', status: 200 },
];

/** Documented statuses no real request produces here: the engine failing. */
const NOT_PRODUCED = ['post /api/ask 500'];

let services: Services;
let server: RealServer;
let limited: RealServer;
let doc: Document;

beforeAll(async () => {
  services = await loadServices(parseConfig({ CORPUS_DIR }), new MemoryStore());
  server = await startRealServer({ services, env: { RATE_LIMIT_PER_MINUTE: '1000', SEARCH_RATE_LIMIT_PER_MINUTE: '1000' } });
  limited = await startRealServer({ services, env: { RATE_LIMIT_PER_MINUTE: '1', SEARCH_RATE_LIMIT_PER_MINUTE: '1' } });
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Document;
});
afterAll(async () => {
  await Promise.all([server?.close(), limited?.close()]);
});

/** The document's paths of the JSON API group (the review API has its own test, openapiReview.test.ts). */
const apiPaths = () => Object.entries(doc.paths).filter(([path]) => Object.hasOwn(jsonApi(server.services.kb.catalog).paths, path));

/** The limited server's limits are 1 per minute: its first request of each kind uses them up. */
async function overLimit(url: string, method: string, body: unknown, from: string): Promise<HttpAnswer> {
  await httpRequest(url, { method, body, from });
  return httpRequest(url, { method, body, from });
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document whose schemas use only keywords the checks below understand', () => {
    expect(doc.openapi).toBe('3.1.0');
    const schemas = [
      ...Object.entries(doc.components.schemas),
      ...Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, op]) => Object.values(op.requestBody?.content ?? {}).map((c): [string, Schema] => [`${method} ${path}`, c.schema])),
      ),
    ];
    expect(schemas.flatMap(([name, schema]) => unsupportedKeywords(schema).map((k) => `${name} ${k}`))).toEqual([]);
  });

  it('describes every route of the JSON API router, and no route it does not have', () => {
    const router = createApiRouter({ kb: services.kb, ask: async () => ({ answered: false, text: '', citations: [], followUps: [] }), maxQuestionChars: 500 });
    const routes = new Set(
      (router.stack as Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }>).flatMap((layer) => {
        if (!layer.route) return [];
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        return paths.flatMap((p) => Object.keys(layer.route?.methods ?? {}).map((m) => `${m} ${p.replace(/:(\w+)/g, '{$1}')}`));
      }),
    );
    const described = apiPaths().flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(new Set(described)).toEqual(routes);
  });

  it('produces every documented status in the cases below (except the engine failing)', () => {
    const documented = apiPaths().flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) => Object.keys(op.responses).map((status) => `${method} ${path} ${status}`)),
    );
    const produced = new Set(CASES.map((c) => `${c.method} ${c.path} ${c.status}`));
    expect(documented.filter((d) => !produced.has(d))).toEqual(NOT_PRODUCED);
    expect([...produced].filter((p) => !documented.includes(p))).toEqual([]);
  });

  it('is assembled from path groups and refuses a path described twice', () => {
    expect(() => openApiDocument([jsonApi(services.kb.catalog), { paths: { '/healthz': {} }, schemas: {} }])).toThrow('openapi: path "/healthz" is described twice');
    expect(() => openApiDocument([jsonApi(services.kb.catalog), { paths: {}, schemas: { Answer: {} } }])).toThrow('openapi: schema "Answer" is described twice');
  });
});

describe('real responses match the description', () => {
  it.each(CASES)('$method $path $status: $name', async (c) => {
    const base = c.limited ? limited.url : server.url;
    const method = c.method.toUpperCase();
    const answer = c.limited ? await overLimit(`${base}${c.url}`, method, c.body, c.limited) : await httpRequest(`${base}${c.url}`, { method, body: c.body, headers: c.headers });
    expect(answer.status).toBe(c.status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const operation = doc.paths[c.path]?.[c.method];
    const documented = operation?.responses[String(c.status)] as Schema;
    const response = (typeof documented.$ref === 'string' ? doc.components.responses[documented.$ref.split('/').at(-1) as string] : documented) as {
      content: Record<string, { schema: Schema }>;
      headers?: Record<string, Schema>;
    };
    expect(validate(answer.json, response.content['application/json']?.schema as Schema, doc)).toEqual([]);
    for (const name of Object.keys(response.headers ?? {})) {
      const header = doc.components.headers.RetryAfter as { schema: Schema };
      expect(validate(Number(answer.headers[name.toLowerCase()]), header.schema, doc)).toEqual([]);
    }
    const request = operation?.requestBody?.content['application/json']?.schema;
    if (request && typeof c.body === 'object') {
      expect(validate(c.body, request, doc).length === 0).toBe(c.status !== 400);
    }
  });
});

describe('the schema checks themselves', () => {
  it('find an undocumented field, a wrong type and a missing field in an answer', () => {
    const answer = { answered: 'yes', text: '…', citations: [{ docId: 'cn-social-insurance-law' }], followUps: [], confidence: 0.9 };
    expect(validate(answer, { $ref: '#/components/schemas/Answer' }, doc)).toEqual([
      '/answered: expected boolean, got string',
      '/citations/0: "title" is required',
      '/citations/0: "docNumber" is required',
      '/citations/0: "clauseId" is required',
      '/citations/0: "path" is required',
      '/citations/0: "quote" is required',
      '/citations/0: "region" is required',
      '/citations/0: "kind" is required',
      '/citations/0: "issuer" is required',
      '/citations/0: "date" is required',
      '/: "confidence" is not described',
    ]);
  });

  it('find a decline reason that is not one of the documented codes', () => {
    const decline = { answered: false, text: '抱歉', citations: [], followUps: [], reason: 'no_idea' };
    expect(validate(decline, { $ref: '#/components/schemas/Answer' }, doc)).toHaveLength(1);
  });
});
