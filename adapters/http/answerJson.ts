/**
 * Sends a computed answer as JSON: the body and headers `res.json` gives (`Content-Type:
 * application/json; charset=utf-8`, `Content-Length`), without the steps that serve cached reads.
 * express's `res.json` hashes every body for an `ETag` and checks the request's freshness against
 * it; an answer to a POST is never revalidated, so that hash (and the copy of the body it reads)
 * is work for nothing on the busiest route. Node's `end` sets `Content-Length` from the body.
 */
import type { Response } from 'express';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendAnswerJson(res: Response, body: unknown): void {
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.end(JSON.stringify(body));
}
