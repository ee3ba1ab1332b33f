/**
 * One log line and one `yibao_http_requests_total` count per HTTP request: request id, method,
 * route pattern, status and duration. Never the path, the query or the body: the path holds ids
 * and `/api/search?q=` holds the question.
 *
 * The request id is the client's `X-Request-Id` when it looks like one, a new UUID otherwise; it
 * is sent back in the response header and carried by every line logged while the request runs.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Log } from '../adapters/log';
import { requestContext } from './log';
import type { Metrics } from './metrics';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A client's request id is kept only when it is this tame: anything else could forge log fields. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** The route label of a request no route matched (404s, unknown paths): one label, not the path. */
export const UNMATCHED_ROUTE = 'unmatched';
/** Status logged for a request whose client went away before the response was complete (as nginx does). */
export const CLIENT_CLOSED_STATUS = 499;
/** Routes polled by probes and scrapers, logged at debug level so they do not drown the rest. */
export const PROBE_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
const CLIENT_ERROR = 400;
const SERVER_ERROR = 500;
const DURATION_DECIMALS = 1;

/** The pattern of the route that answered `req` (`/api/clauses/:id`, `/wechat`), or `unmatched`. */
export function routeOf(req: Request): string {
  const path: unknown = req.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  if (path === '/' && req.baseUrl) return req.baseUrl;
  return `${req.baseUrl}${path}`;
}

export interface RequestLogOptions {
  log: Log;
  metrics: Metrics;
  newId?: () => string;
}

export function requestLog(options: RequestLogOptions): RequestHandler {
  const { log, metrics } = options;
  const newId = options.newId ?? randomUUID;

  function finished(req: Request, res: Response, started: number, requestId: string): void {
    const route = routeOf(req);
    const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS;
    metrics.httpRequests.inc({ route, status: String(status) });
    const fields = {
      reqId: requestId,
      method: req.method,
      route,
      status,
      durationMs: Number((performance.now() - started).toFixed(DURATION_DECIMALS)),
    };
    if (status >= SERVER_ERROR) log.error(fields, 'request failed');
    else if (status >= CLIENT_ERROR) log.warn(fields, 'request refused');
    else if (PROBE_ROUTES.has(route)) log.debug(fields, 'request');
    else log.info(fields, 'request');
  }

  return (req, res, next) => {
    const started = performance.now();
    const offered = req.get(REQUEST_ID_HEADER);
    const requestId = offered && REQUEST_ID.test(offered) ? offered : newId();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('close', () => finished(req, res, started, requestId));
    requestContext.run({ requestId }, next);
  };
}
