/**
 * Rate limits on the web and JSON API routes, per client address: a request over its client's
 * limit gets `429` with `Retry-After` (seconds) and the project's JSON error; staff requests
 * (`Authorization: Bearer <CONSOLE_TOKEN>`) are not limited. A client's questions are answered one
 * at a time (`oneAtATime`).
 *
 *   answers  RATE_LIMIT_PER_MINUTE         POST /api/ask, POST /web/conversations…, POST /web/feedback
 *   lookups  SEARCH_RATE_LIMIT_PER_MINUTE  GET /api/search, /api/clauses/:id, /api/documents/:docId, /web/feedback/:clauseId
 *
 * A client's first refusal in a window is answered at once; every further one after
 * REPEAT_REFUSAL_DELAY_MS. A client that ignores Retry-After and keeps its connections busy then
 * gets one answer per connection and second, so answering its refusals cannot crowd out the
 * requests of other clients. Refusals are built without an Error (no stack trace to capture).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PHRASES } from '../../bot/phrases';
import { KeyedQueue } from '../keyedQueue';
import type { RateLimiter, Verdict } from '../rateLimiter';
import { clientOfAddress } from './clientAddress';
import type { ErrorBody } from './errors';
import { staffCheck } from './staffToken';

const MODULE = 'rateLimit';
const MS_PER_SECOND = 1000;

export const TOO_MANY_REQUESTS = 429;
/** How long a repeated refusal waits before it is sent (see above). */
export const REPEAT_REFUSAL_DELAY_MS = 1000;

/** The middlewares the routers put in front of their routes. */
export interface HttpLimits {
  /** Routes that answer or record: asking, chatting, voting. */
  answers: RequestHandler;
  /** Read-only look-ups, which the console sends as the operator types. */
  lookups: RequestHandler;
  /** After the body parser of a route that computes an answer: one request per client at a time. */
  oneAtATime: RequestHandler;
}

/** No limits (routers used on their own, in tests and tools). */
export const UNLIMITED: HttpLimits = {
  answers: (_req, _res, next) => next(),
  lookups: (_req, _res, next) => next(),
  oneAtATime: (_req, _res, next) => next(),
};

/** The body of a 429; `who` names the client in the developer's part, e.g. `rateLimit: this address`. */
export function tooManyRequestsBody(who: string, limiter: RateLimiter, verdict: Verdict): ErrorBody {
  const seconds = verdict.retryAfterSeconds;
  const en = `${who} sent more than ${limiter.limit} requests in ${limiter.windowMs / MS_PER_SECOND} s ("${limiter.name}" limit); retry after ${seconds} s`;
  return { error: { code: 'rate_limited', message: `${PHRASES.tooFrequent(seconds)} / ${en}` } };
}

/** Writes a 429 with `Retry-After` and the JSON error body: at once the first time, later when repeated. */
export function sendTooManyRequests(res: Response, body: ErrorBody, verdict: Verdict): void {
  const send = () => {
    if (res.headersSent || res.destroyed) return;
    res.status(TOO_MANY_REQUESTS).set('Retry-After', String(verdict.retryAfterSeconds)).json(body);
  };
  if (verdict.excess > 1) setTimeout(send, REPEAT_REFUSAL_DELAY_MS);
  else send();
}

const clientOf = (req: Request): string => clientOfAddress(req.ip ?? req.socket.remoteAddress ?? '');

/** Runs `next` and resolves once the response is sent or the connection is gone. */
function untilAnswered(res: Response, next: NextFunction): Promise<void> {
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
    next();
  });
}

/** A middleware counting each request against `limiter` by its client's address. */
export function limitByAddress(limiter: RateLimiter, isStaff: (req: Request) => boolean): RequestHandler {
  return async (req, res, next) => {
    if (isStaff(req)) return next();
    const verdict = await limiter.take(clientOf(req));
    if (verdict.allowed) return next();
    // The address is personal data: the message says only that it was this client.
    sendTooManyRequests(res, tooManyRequestsBody(`${MODULE}: this address`, limiter, verdict), verdict);
  };
}

/**
 * A middleware, placed after a route's body parser, that answers each client's requests one after
 * another (each once the previous one's response is sent): a burst waits behind that client, and
 * other clients' requests are read and answered between its requests. After the body parser, so a
 * client still sending its body holds up no one.
 */
export function oneAtATimeByAddress(queue: KeyedQueue = new KeyedQueue()): RequestHandler {
  return (req, res, next) => {
    void queue.run(clientOf(req), () => untilAnswered(res, next));
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
    oneAtATime: oneAtATimeByAddress(),
  };
}
