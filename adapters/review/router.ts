/**
 * The staff review console and its API, mounted only when CONSOLE_TOKEN is set.
 *
 *   GET  /console/review                 the review page; without the token a 401 carrying the
 *                                        same page, which holds no data and asks for the token
 *   GET  /console/review.js, /console/review.css
 *   GET  /api/review/queue?limit=         → { groups: QueueGroup[] } (most asked first)
 *   POST /api/review/attach { clauseId, question, variants? }
 *                                        → 201 { status: 'attached', attached } | 200 { status: 'already_attached' }
 *   POST /api/review/dismiss { questions } → 204
 *   GET  /api/review/attached            → { questions: AttachedQuestion[] }
 *   GET  /api/review/export              → text/plain, questions-file lines per document
 *
 * Every /api/review route needs `Authorization: Bearer <CONSOLE_TOKEN>` (401 otherwise). Errors
 * are the project's JSON `{ error: { code, message } }`.
 */
import { Router, type RequestHandler } from 'express';
import type { ReviewDesk } from '../../review/desk';
import { exportText } from '../../review/export';
import { describeValue, HttpError, jsonErrorHandler, notFound } from '../http/errors';
import { jsonBody } from '../http/jsonBody';
import * as check from '../http/validate';
import { sendStatic } from '../web/static';
import { hasStaffToken, REVIEW_CHALLENGE, staffTokenRequired } from './auth';

const MODULE = 'review';

/** Groups listed when the queue names no limit, and the most it may ask for. */
export const DEFAULT_QUEUE_LIMIT = 50;
export const MAX_QUEUE_LIMIT = 200;

/** Questions one attach (as variants) or dismiss may name. */
export const MAX_QUESTIONS_PER_REQUEST = 200;

/** Largest request body: a question with its variants. */
export const REVIEW_BODY_LIMIT_BYTES = 256 * 1024;

export interface ReviewRouterOptions {
  token: string;
  desk: ReviewDesk;
  /** Attached questions are at most this long, like the questions users ask. */
  maxQuestionChars: number;
}

function queueLimit(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_QUEUE_LIMIT;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_QUEUE_LIMIT)) {
    throw new HttpError(400, 'invalid_limit', `参数 limit 须为 1 到 ${MAX_QUEUE_LIMIT} 之间的整数。`, `${MODULE}: "limit" must be a whole number from 1 to ${MAX_QUEUE_LIMIT}, got ${describeValue(value)}`);
  }
  return n;
}

/** A list of questions (strings of at most `maxChars`); `required` refuses an empty or missing one. */
function questionList(field: string, value: unknown, maxChars: number, required: boolean): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0)) {
    throw new HttpError(400, 'invalid_type', `参数 ${field} 必须是问题列表。`, `${MODULE}: "${field}" must be a non-empty array of strings, got ${describeValue(value)}`);
  }
  if (value.length > MAX_QUESTIONS_PER_REQUEST) {
    throw new HttpError(413, 'too_many_questions', `一次最多 ${MAX_QUESTIONS_PER_REQUEST} 个问题。`, `${MODULE}: "${field}" has ${value.length} questions, more than the maximum of ${MAX_QUESTIONS_PER_REQUEST}`);
  }
  return value.map((q) => check.question(MODULE, q, maxChars));
}

export function createReviewRouter({ token, desk, maxQuestionChars }: ReviewRouterOptions): Router {
  const router = Router();
  const body = jsonBody(MODULE, REVIEW_BODY_LIMIT_BYTES);

  router.get('/console/review', (req, res) => {
    if (!hasStaffToken(req, token)) res.status(401).setHeader('WWW-Authenticate', REVIEW_CHALLENGE);
    sendStatic(res, { file: 'review.html' });
  });
  router.get('/console/review.js', (_req, res) => sendStatic(res, { file: 'review.js' }));
  router.get('/console/review.css', (_req, res) => sendStatic(res, { file: 'review.css' }));

  const staffOnly: RequestHandler = (req, res, next) => {
    if (hasStaffToken(req, token)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', REVIEW_CHALLENGE);
    next(staffTokenRequired(MODULE));
  };
  router.use('/api/review', staffOnly);

  router.get('/api/review/queue', async (req, res) => {
    res.json({ groups: await desk.queue(queueLimit(req.query.limit)) });
  });

  router.post('/api/review/attach', ...body, async (req, res) => {
    const fields = check.objectBody(MODULE, req.body);
    const clauseId = check.requiredId(MODULE, 'clauseId', fields.clauseId, check.CLAUSE_ID_PATTERN);
    const question = check.question(MODULE, fields.question, maxQuestionChars);
    const variants = questionList('variants', fields.variants, maxQuestionChars, false);
    const outcome = await desk.attach(clauseId, question, variants);
    switch (outcome.status) {
      case 'unknown_clause':
        throw notFound(MODULE, 'clause', clauseId);
      case 'not_indexed':
        throw new HttpError(400, 'clause_without_text', '这个条款只是标题，没有可引用的正文，请选择它下面的条款。', `${MODULE}: clause ${describeValue(clauseId)} is a heading without text of its own`);
      case 'already_attached':
        res.json({ status: outcome.status });
        return;
      case 'attached':
        res.status(201).json(outcome);
    }
  });

  router.post('/api/review/dismiss', ...body, async (req, res) => {
    const fields = check.objectBody(MODULE, req.body);
    await desk.dismiss(questionList('questions', fields.questions, maxQuestionChars, true));
    res.status(204).end();
  });

  router.get('/api/review/attached', async (_req, res) => {
    res.json({ questions: await desk.attached() });
  });

  router.get('/api/review/export', async (_req, res) => {
    res.type('text/plain; charset=utf-8').send(exportText(await desk.attached()));
  });

  router.use('/api/review', (req) => {
    throw notFound(MODULE, 'route', `${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  router.use(jsonErrorHandler(MODULE));
  return router;
}
