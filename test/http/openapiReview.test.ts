/**
 * `GET /api/openapi.json` describes the staff review API as it answers: a real server with
 * CONSOLE_TOKEN set records a declined question, staff review it, attach one, dismiss one and
 * export; every real response is checked against the documented schema, every review route of
 * the router is described, and every documented status is produced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_API } from '../../adapters/http/openapi/reviewPaths';
import { createReviewRouter } from '../../adapters/review/router';
import { createReviewDesk } from '../../review/desk';
import { httpRequest } from '../support/httpRequest';
import { unsupportedKeywords, validate, type Schema } from '../support/jsonSchema';
import { startRealServer, type RealServer } from './realServer';

type Operation = { security?: unknown; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, Schema> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Schema>; headers: Record<string, { schema: Schema }>; securitySchemes: Record<string, Schema> };
};
type Response = { content?: Record<string, { schema: Schema }>; headers?: Record<string, Schema> };

/** A staff token as CONSOLE_TOKEN would hold it (at least 16 characters). */
const TOKEN = 'review-openapi-token-0123456789';
const STAFF = { authorization: `Bearer ${TOKEN}` };

/** Declined by the bot (unfamiliar things), so they are on the queue. */
const PETS = '宠物医院看病能用医保吗';
const INSULIN = '胰岛素能报销吗';
/** 符合基本医疗保险药品目录……的医疗费用，按照国家规定从基本医疗保险基金中支付。 */
const DRUG_CLAUSE = 'cn-social-insurance-law:a28';

interface Case {
  name: string;
  method: 'get' | 'post';
  path: string;
  url?: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
}

const CASES: Case[] = [
  { name: 'the queue', method: 'get', path: '/api/review/queue', status: 200 },
  { name: 'the first five groups', method: 'get', path: '/api/review/queue', url: '/api/review/queue?limit=5', status: 200 },
  { name: 'a limit outside 1–200', method: 'get', path: '/api/review/queue', url: '/api/review/queue?limit=0', status: 400 },
  { name: 'the queue without the token', method: 'get', path: '/api/review/queue', headers: {}, status: 401 },
  { name: 'a declined question attached to the clause that answers it', method: 'post', path: '/api/review/attach', body: { clauseId: DRUG_CLAUSE, question: INSULIN, variants: [INSULIN] }, status: 201 },
  { name: 'the same question again', method: 'post', path: '/api/review/attach', body: { clauseId: DRUG_CLAUSE, question: `${INSULIN}？` }, status: 200 },
  { name: 'a question that is not text', method: 'post', path: '/api/review/attach', body: { clauseId: DRUG_CLAUSE, question: 42 }, status: 400 },
  { name: 'an unknown clause', method: 'post', path: '/api/review/attach', body: { clauseId: 'cn-social-insurance-law:a999', question: INSULIN }, status: 404 },
  { name: 'a question that is too long', method: 'post', path: '/api/review/attach', body: { clauseId: DRUG_CLAUSE, question: '医'.repeat(501) }, status: 413 },
  { name: 'a body that is not JSON', method: 'post', path: '/api/review/attach', body: INSULIN, headers: { ...STAFF, 'content-type': 'text/plain' }, status: 415 },
  { name: 'an attach without the token', method: 'post', path: '/api/review/attach', body: { clauseId: DRUG_CLAUSE, question: INSULIN }, headers: {}, status: 401 },
  { name: 'a question that needs no clause', method: 'post', path: '/api/review/dismiss', body: { questions: [PETS] }, status: 204 },
  { name: 'an empty list', method: 'post', path: '/api/review/dismiss', body: { questions: [] }, status: 400 },
  { name: 'more than 200 questions', method: 'post', path: '/api/review/dismiss', body: { questions: Array.from({ length: 201 }, (_, i) => `${PETS}${i}`) }, status: 413 },
  { name: 'a body that is not JSON', method: 'post', path: '/api/review/dismiss', body: PETS, headers: { ...STAFF, 'content-type': 'text/plain' }, status: 415 },
  { name: 'a dismiss without the token', method: 'post', path: '/api/review/dismiss', body: { questions: [PETS] }, headers: {}, status: 401 },
  { name: 'the attached questions', method: 'get', path: '/api/review/attached', status: 200 },
  { name: 'the attached questions without the token', method: 'get', path: '/api/review/attached', headers: {}, status: 401 },
  { name: 'the export', method: 'get', path: '/api/review/export', status: 200 },
  { name: 'the export without the token', method: 'get', path: '/api/review/export', headers: {}, status: 401 },
];

let server: RealServer;
let doc: Document;

beforeAll(async () => {
  server = await startRealServer({ env: { CONSOLE_TOKEN: TOKEN } });
  for (const question of [PETS, INSULIN]) {
    const asked = await httpRequest(`${server.url}/api/ask`, { body: { question } });
    expect(asked.json).toMatchObject({ answered: false, reason: 'unfamiliar_thing' });
  }
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Document;
});
afterAll(async () => {
  await server?.close();
});

/** A `$ref` to a component response, resolved. */
function resolved(response: Schema): Response {
  const name = typeof response.$ref === 'string' ? response.$ref.split('/').at(-1) : undefined;
  return (name ? doc.components.responses[name] : response) as Response;
}

describe('GET /api/openapi.json describes the review API', () => {
  it('requires the staff token (a bearer scheme) on every review operation, with schemas the checks understand', () => {
    expect(doc.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.keys(REVIEW_API.paths).flatMap((path) => Object.values(doc.paths[path] ?? {}));
    expect(operations.length).toBe(CASES.filter((c) => c.status === 401).length);
    for (const op of operations) expect(op.security).toEqual([{ staffToken: [] }]);
    const schemas = Object.keys(REVIEW_API.schemas).map((name) => doc.components.schemas[name] as Schema);
    expect(schemas.flatMap((schema) => unsupportedKeywords(schema))).toEqual([]);
  });

  it('describes every /api/review route of the review router, and no route it does not have', () => {
    const { kb, review, questions } = server.services;
    const router = createReviewRouter({ token: TOKEN, desk: createReviewDesk({ kb, store: review, sync: questions }), maxQuestionChars: 500 });
    const routes = (router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>).flatMap((layer) =>
      layer.route?.path.startsWith('/api/review/') ? Object.keys(layer.route.methods).map((m) => `${m} ${layer.route?.path}`) : [],
    );
    const described = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/review/'))
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(new Set(described)).toEqual(new Set(routes));
    expect(routes).toHaveLength(5);
  });

  it('produces every documented status of the review API in the cases below', () => {
    const documented = Object.entries(REVIEW_API.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).flatMap(([method, op]) => Object.keys(op.responses).map((status) => `${method} ${path} ${status}`)),
    );
    const produced = new Set(CASES.map((c) => `${c.method} ${c.path} ${c.status}`));
    expect(new Set(documented)).toEqual(produced);
  });
});

describe('the queue holds the declined questions before staff review them', () => {
  it('lists both, each with candidate clauses', async () => {
    const { json } = await httpRequest(`${server.url}/api/review/queue`, { headers: STAFF });
    const groups = (json as { groups: Array<{ question: string; candidates: unknown[] }> }).groups;
    expect(groups.map((g) => g.question).sort()).toEqual([INSULIN, PETS].sort());
    for (const group of groups) expect(group.candidates.length).toBeGreaterThan(0);
  });
});

describe('real review responses match the description', () => {
  it.each(CASES)('$method $path $status: $name', async (c) => {
    const answer = await httpRequest(`${server.url}${c.url ?? c.path}`, { method: c.method.toUpperCase(), body: c.body, headers: c.headers ?? STAFF });
    expect(answer.status).toBe(c.status);
    const operation = doc.paths[c.path]?.[c.method] as Operation;
    const response = resolved(operation.responses[String(c.status)] as Schema);
    const [type, content] = Object.entries(response.content ?? {})[0] ?? [];
    if (!type || !content) {
      expect(answer.body).toBe('');
    } else {
      expect(answer.headers['content-type']).toMatch(new RegExp(`^${type}`));
      expect(validate(type === 'application/json' ? answer.json : answer.body, content.schema, doc)).toEqual([]);
    }
    for (const name of Object.keys(response.headers ?? {})) {
      const header = resolvedHeader(response.headers?.[name] as Schema);
      expect(validate(answer.headers[name.toLowerCase()], header.schema, doc)).toEqual([]);
    }
    const request = operation.requestBody?.content['application/json']?.schema;
    if (request && typeof c.body === 'object' && c.status !== 401) {
      if (c.status < 300) expect(validate(c.body, request, doc)).toEqual([]);
      if (c.status === 400) expect(validate(c.body, request, doc)).not.toEqual([]);
    }
  });

  it('exported the attached question as a questions-file line, and the queue no longer holds either question', async () => {
    const exported = await httpRequest(`${server.url}/api/review/export`, { headers: STAFF });
    expect(exported.body).toBe(`# cn-social-insurance-law.tsv\n${DRUG_CLAUSE}\t${INSULIN}\n`);
    const { json } = await httpRequest(`${server.url}/api/review/queue`, { headers: STAFF });
    expect(json).toEqual({ groups: [] });
  });
});

/** A `$ref` to a component header, resolved. */
function resolvedHeader(header: Schema): { schema: Schema } {
  const name = typeof header.$ref === 'string' ? header.$ref.split('/').at(-1) : undefined;
  return (name ? doc.components.headers[name] : header) as { schema: Schema };
}
