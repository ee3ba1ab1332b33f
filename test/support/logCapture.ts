/**
 * Collects what the server's logger (pino, `server/log.ts`) writes, through its destination
 * stream, as the JSON lines it would have put on stdout.
 */
import type { DestinationStream, Logger } from 'pino';
import { createLogger, type LogLevel } from '../../server/log';

export interface CapturedLog {
  /** Pass to `createLogger` / `createTelemetry` / `startRealServer`. */
  destination: DestinationStream;
  /** Every line written so far, as written. */
  lines: string[];
  /** Every line written so far, parsed. */
  records(): Array<Record<string, unknown>>;
  /** Forgets what was written. */
  clear(): void;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    destination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    clear: () => void lines.splice(0),
  };
}

/** A logger writing into `capture`, at `level` (debug: everything the server logs). */
export function capturingLogger(capture: CapturedLog, level: LogLevel = 'debug'): Logger {
  return createLogger({ level, destination: capture.destination });
}
