import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HttpError } from '../http/errors';

/** The `WWW-Authenticate` challenge of a refused review request. */
export const REVIEW_CHALLENGE = 'Bearer realm="review"';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * True when the request carries `Authorization: Bearer <token>`. Compared as hashes in constant
 * time, so neither the token's length nor its characters leak through timing.
 */
export function hasStaffToken(req: Request, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return Boolean(match?.[1]) && timingSafeEqual(digest(match?.[1] ?? ''), digest(token));
}

/** The 401 for a review request without the staff token (logged nowhere: it is not a fault). */
export function staffTokenRequired(module: string): HttpError {
  return new HttpError(401, 'unauthorized', '需要热线工作人员口令。', `${module}: send the staff token as "Authorization: Bearer <CONSOLE_TOKEN>"`);
}
