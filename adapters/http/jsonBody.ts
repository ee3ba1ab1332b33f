/**
 * JSON request bodies: only `application/json` is accepted (anything else is a clear 415, not a
 * silently empty body) and bodies over `limitBytes` are refused with 413 before they are read.
 */
import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';

/** Whether a request carries a body at all (POST without a body is allowed and parses as `undefined`). */
function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Middleware list parsing a JSON body of at most `limitBytes`. */
export function jsonBody(module: string, limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      const type = req.headers['content-type'] ?? '(none)';
      next(new HttpError(415, 'unsupported_media_type', '请求须为 JSON 格式（Content-Type: application/json）。', `${module}: Content-Type must be application/json, got ${JSON.stringify(type)}`));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, strict: true })];
}
