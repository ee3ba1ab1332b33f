/**
 * Rate limits on the web and JSON API routes, per client address: a request over its client's
 * limit gets `429` with `Retry-After` (seconds) and the project's JSON error; staff requests
 * (`Authorization: Bearer <CONSOLE_TOKEN>`) are not limited.
 *
 *   answers  RATE_LIMIT_PER_MINUTE         POST /api/ask, POST /web/conversations…, POST /web/feedback
 *   lookups  SEARCH_RATE_LIMIT_PER_MINUTE  GET /api/search, /api/clauses/:id, /api/documents/:docId, /web/feedback/:clauseId
 */
import type { Request, RequestHandler, Response } from 'express';
import { PHRASES } from '../../bot/phrases';
import type { RateLimiter, Verdict } from '../rateLimiter';
import { clientOfAddress } from './clientAddress';
import { HttpError } from './errors';
import { staffCheck } from './staffToken';

const MODULE = 'rateLimit';
const MS_PER_SECOND = 1000;

export const TOO_MANY_REQUESTS = 429;

/** The middlewares the routers put in front of their routes. */
export interface HttpLimits {
  /** Routes that answer or record: asking, chatting, voting. */
  answers: RequestHandler;
  /** Read-only look-ups, which the console sends as the operator types. */
  lookups: RequestHandler;
}

/** No limits (routers used on their own, in tests and tools). */
export const UNLIMITED: HttpLimits = {
  answers: (_req, _res, next) => next(),
  lookups: (_req, _res, next) => next(),
};

/** The 429 error for a refused request; `what` names the client in the developer's part. */
export function tooManyRequests(module: string, limiter: RateLimiter, verdict: Verdict, what: string): HttpError {
  return new HttpError(
    TOO_MANY_REQUESTS,
    'rate_limited',
    PHRASES.tooFrequent(verdict.retryAfterSeconds),
    `${module}: ${what} sent more than ${limiter.limit} requests in ${limiter.windowMs / MS_PER_SECOND} s ("${limiter.name}" limit); retry after ${verdict.retryAfterSeconds} s`,
  );
}

/** Writes a 429 with `Retry-After` and the JSON error body. */
export function sendTooManyRequests(res: Response, error: HttpError, verdict: Verdict): void {
  res.status(TOO_MANY_REQUESTS).set('Retry-After', String(verdict.retryAfterSeconds)).json(error.toBody());
}

/** A middleware counting each request against `limiter` by its client's address. */
export function limitByAddress(limiter: RateLimiter, isStaff: (req: Request) => boolean): RequestHandler {
  return async (req, res, next) => {
    if (isStaff(req)) return next();
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    const verdict = await limiter.take(clientOfAddress(address));
    if (verdict.allowed) return next();
    // The address is personal data: the message says only that it was this client.
    sendTooManyRequests(res, tooManyRequests(MODULE, limiter, verdict, 'this address'), verdict);
  };
}

export interface HttpLimitsOptions {
  answers: RateLimiter;
  lookups: RateLimiter;
  /** CONSOLE_TOKEN; null when staff requests are not recognised. */
  staffToken: string | null;
}

export function createHttpLimits(options: HttpLimitsOptions): HttpLimits {
  const isStaff = staffCheck(options.staffToken);
  return {
    answers: limitByAddress(options.answers, isStaff),
    lookups: limitByAddress(options.lookups, isStaff),
  };
}
