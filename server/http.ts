import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * How often Node compares open requests with the request and header timeouts. Node's default
 * (30 s) would let a slow client overstay its timeout by up to that much.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

export interface HttpTimeouts {
  /** Longest a client may take to send a whole request, body included (`REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs: number;
  /** Longest a client may take to send the headers (`HEADERS_TIMEOUT_MS`). */
  headersTimeoutMs: number;
}

/**
 * The HTTP server for `app`. A client that sends its headers or body too slowly (a half-sent body,
 * a trickle of bytes) gets `408 Request Timeout` and is disconnected, so slow clients cannot hold
 * connections open. Idle keep-alive connections close after Node's default 5 s.
 */
export function createHttpServer(app: Express, timeouts: HttpTimeouts): Server {
  return createServer(
    {
      requestTimeout: timeouts.requestTimeoutMs,
      headersTimeout: timeouts.headersTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    app,
  );
}
