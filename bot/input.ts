import { isWordToken, stripEmoji } from '../knowledge/normalize';
import { PHRASES } from './phrases';

/** Longest question accepted by default (characters); WeChat users rarely type more. */
export const DEFAULT_MAX_QUESTION_CHARS = 500;

export type InputCheck = { ok: true; text: string } | { ok: false; message: string };

/**
 * Checks a question before it is searched: empty, whitespace-only, too long, or made of nothing
 * but emoji and punctuation gets a clear message instead of an answer.
 */
export function checkQuestion(raw: unknown, maxChars: number = DEFAULT_MAX_QUESTION_CHARS): InputCheck {
  if (typeof raw !== 'string' || !raw.trim()) return { ok: false, message: PHRASES.empty };
  const text = raw.trim();
  const length = [...text].length;
  if (length > maxChars) return { ok: false, message: PHRASES.tooLong(length, maxChars) };
  if (!isWordToken(stripEmoji(text))) return { ok: false, message: PHRASES.noWords };
  return { ok: true, text };
}
