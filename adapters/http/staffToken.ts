/** Requests from staff carry `Authorization: Bearer <CONSOLE_TOKEN>`; this recognises them. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * A check for the staff token, compared in constant time; with no token configured (null) no
 * request is staff.
 */
export function staffCheck(token: string | null): (req: Request) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (req) => {
    const presented = BEARER.exec(req.get('authorization') ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}
