import { createHash } from 'node:crypto';
import { PHRASES } from '../../bot/phrases';
import type { Reply } from '../../bot/types';

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

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Default logger: one JSON line on stderr. */
export const consoleTurnErrorLogger: TurnErrorLogger = {
  error(event) {
    console.error(JSON.stringify({ level: 'error', msg: 'turn failed', ...event }));
  },
};
