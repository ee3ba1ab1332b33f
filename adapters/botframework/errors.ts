import { createHash } from 'node:crypto';
import { PHRASES } from '../../bot/phrases';
import { withoutText } from '../../bot/redact';
import type { Reply } from '../../bot/types';
import { stderrLog, type Log } from '../log';

/** The reply a user gets when a turn fails: a fixed apology, never the error itself. */
export function errorReply(): Reply {
  return { kind: 'refusal', answered: false, text: PHRASES.error, citations: [], followUps: [] };
}

/** What is logged about a failed turn. No message text: questions may hold personal details. */
export interface TurnErrorEvent {
  module: string;
  channel: string;
  /** First characters of a SHA-256 of the conversation id (WeChat ids are personal identifiers). */
  conversation: string;
  kind: string;
  /** Length of the message text, the only thing logged about it. */
  textChars: number;
  error: string;
}

export interface TurnErrorLogger {
  error(event: TurnErrorEvent): void;
}

/** Hex characters of the conversation hash kept in logs: enough to correlate, not to reverse. */
export const REDACTED_ID_CHARS = 12;

export function redactId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, REDACTED_ID_CHARS);
}

/** Name and message of an error, with the turn's text (should the message quote it) left out and numbers masked. */
export function describeError(error: unknown, text?: string): string {
  return withoutText(error instanceof Error ? `${error.name}: ${error.message}` : String(error), text);
}

/** Failed turns as `turn failed` lines of `log`. */
export function logTurnErrors(log: Log): TurnErrorLogger {
  return { error: (event) => log.error({ ...event }, 'turn failed') };
}

/** Default logger: one JSON line on stderr. */
export const consoleTurnErrorLogger: TurnErrorLogger = logTurnErrors(stderrLog);
