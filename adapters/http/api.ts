/**
 * The JSON HTTP API: ask a question, search clauses, read a clause or a whole document, health.
 *
 *   POST /api/ask            { question, conversationId?, region? } → Answer
 *   GET  /api/search?q=&region=&includeNational=&kind=&topic=&limit= → { query, hits: SearchResult[] }
 *        (region keeps only that region's documents, and national ones too with includeNational=true;
 *        kind and topic filter; limit 1–50, default 10)
 *   GET  /api/meta                                                → regions, topics, kinds, maxQuestionChars
 *   GET  /api/clauses/:id                                         → ClauseView
 *   GET  /api/documents/:docId                                    → { document, clauses }
 *   GET  /healthz                                                 → { ok: true, documents }
 *   GET  /api/openapi.json                                        → the OpenAPI 3.1 description (openapi/)
 *
 * Errors are `{ error: { code, message } }`: 400 for malformed JSON and bad fields, 413 for a body
 * over the size limit and for a question longer than `maxQuestionChars`, 415 for a non-JSON body,
 * 404 for unknown ids and paths, 429 (with `Retry-After`) over a client's rate limit, 500 (with the
 * bot's fixed apology) when the engine fails.
 * Question text is never logged: a failed answer is logged with the error, the question left out.
 */
import { Router } from 'express';
import type { Answer } from '../../bot/types';
import { PHRASES } from '../../bot/phrases';
import { NATIONAL } from '../../knowledge/regions';
import type { DocumentKind, KnowledgeBase } from '../../knowledge/types';
import { stderrLog, type Log } from '../log';
import { describeFailure, HttpError, jsonErrorHandler, notFound } from './errors';
import { jsonBody } from './jsonBody';
import { sendAnswerJson } from './answerJson';
import { openApiDocument } from './openapi/document';
import { pathGroups } from './openapi/paths';
import { UNLIMITED, type HttpLimits } from './rateLimit';
import { redact } from '../../bot/redact';
import { toSearchResult, type SearchResult } from './searchResult';
import * as check from './validate';

const MODULE = 'api';

/** Bytes allowed per question character in a JSON body (a `\uXXXX` escape is 6 bytes). */
const BODY_BYTES_PER_CHAR = 6;
/** Room in a body for the other fields and the JSON syntax. */
const BODY_OVERHEAD_BYTES = 4096;

/**
 * How many hits are drawn from the index before a region filter is applied: the index ranks the
 * region's documents first but does not drop the others.
 */
const REGION_FILTER_POOL = 200;

export interface AskOptions {
  conversationId?: string;
  region?: string;
}

export interface ApiDependencies {
  kb: KnowledgeBase;
  ask: (question: string, options: AskOptions) => Promise<Answer>;
  /** Questions (and search queries) longer than this are refused with 413. */
  maxQuestionChars: number;
  /** Where failures are logged (JSON lines on stderr when omitted). */
  log?: Log;
  /** Per-client rate limits (rateLimit.ts); none when omitted. */
  limits?: HttpLimits;
}

/** The JSON body limit for a given maximum question length. */
export function apiBodyLimitBytes(maxQuestionChars: number): number {
  return maxQuestionChars * BODY_BYTES_PER_CHAR + BODY_OVERHEAD_BYTES;
}

/** Only the public Answer fields, in their documented order (`reason` only on a decline). */
function publicAnswer(answer: Answer): Answer {
  const { answered, text, citations, followUps, reason } = answer;
  return reason ? { answered, text, citations, followUps, reason } : { answered, text, citations, followUps };
}

export function createApiRouter(deps: ApiDependencies): Router {
  const { kb, maxQuestionChars } = deps;
  const { catalog } = kb;
  const log = deps.log ?? stderrLog;
  const router = Router();
  const limits = deps.limits ?? UNLIMITED;
  router.post('/api/ask', limits.answers);
  router.get(['/api/search', '/api/clauses/:id', '/api/documents/:docId'], limits.lookups);

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, documents: kb.documents.length });
  });

  // The lists pages and tools read instead of repeating them (knowledge/catalog.ts).
  const meta = { ...catalog, maxQuestionChars };
  router.get('/api/meta', (_req, res) => {
    res.json(meta);
  });

  router.post('/api/ask', ...jsonBody(MODULE, apiBodyLimitBytes(maxQuestionChars)), limits.oneAtATime, async (req, res) => {
    const body = check.objectBody(MODULE, req.body);
    const question = check.question(MODULE, body.question, maxQuestionChars);
    const conversationId = check.optionalId(MODULE, 'conversationId', body.conversationId, check.CONVERSATION_ID_PATTERN);
    const region = check.optionalRegion(MODULE, body.region, catalog);
    let answer: Answer;
    try {
      answer = await deps.ask(question, { conversationId, region });
    } catch (err) {
      log.error({ module: MODULE, questionChars: question.length, error: describeFailure(err, question) }, 'answering failed');
      throw new HttpError(500, 'internal_error', PHRASES.error, `${MODULE}: the answer engine failed (see the server log)`);
    }
    sendAnswerJson(res, publicAnswer(answer));
  });

  router.get('/api/search', (req, res) => {
    const query = check.searchQuery(MODULE, req.query.q, maxQuestionChars);
    const region = check.optionalRegion(MODULE, req.query.region, catalog);
    const includeNational = check.optionalFlag(MODULE, 'includeNational', req.query.includeNational, false);
    const kind = check.optionalKind(MODULE, req.query.kind, catalog);
    const topic = check.optionalTopic(MODULE, req.query.topic, catalog);
    const limit = check.searchLimit(MODULE, req.query.limit);
    res.json({ query, hits: search(kb, query, { region, includeNational, kind, topic, limit }) });
  });

  router.get('/api/clauses/:id', (req, res) => {
    const view = kb.clause(req.params.id);
    if (!view) throw notFound(MODULE, 'clause', req.params.id);
    res.json(view);
  });

  router.get('/api/documents/:docId', (req, res) => {
    const document = kb.documents.find((d) => d.id === req.params.docId);
    const clauses = document ? kb.documentClauses(document.id) : null;
    if (!document || !clauses) throw notFound(MODULE, 'document', req.params.docId);
    res.json({ document, clauses: clauses.map((clause) => ({ ...clause, label: kb.pathLabel(clause) })) });
  });

  const description = openApiDocument(pathGroups(catalog));
  router.get('/api/openapi.json', (_req, res) => {
    res.json(description);
  });

  router.use('/api', (req) => {
    throw notFound(MODULE, 'route', `${req.method} ${req.originalUrl.split('?')[0]}`);
  });

  router.use(jsonErrorHandler(MODULE, log));
  return router;
}

/** Ranked hits; with a region, only that region's documents (and the national ones with `includeNational`). */
function search(
  kb: KnowledgeBase,
  query: string,
  options: { region?: string; includeNational: boolean; kind?: DocumentKind; topic?: string; limit: number },
): SearchResult[] {
  const { region, includeNational, kind, topic, limit } = options;
  const hits = kb.search(query, { region, kind, topic, limit: region ? Math.max(limit, REGION_FILTER_POOL) : limit });
  const wanted = (code: string) => code === region || (includeNational && code === NATIONAL);
  const kept = region ? hits.filter((hit) => wanted(hit.region)) : hits;
  return kept.slice(0, limit).map((hit) => toSearchResult(hit, kb.pathLabel(hit.clause)));
}
