/**
 * The levels `LOG_LEVEL` accepts, apart from the logger (server/log.ts): the config and the CLI
 * read them without loading pino.
 */

/** Most severe first (`silent` logs nothing). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** True when a line at `line` is written by a logger at `threshold` (error is written at info; debug is not). */
export function logs(threshold: LogLevel, line: Exclude<LogLevel, 'silent'>): boolean {
  return threshold !== 'silent' && LOG_LEVELS.indexOf(line) <= LOG_LEVELS.indexOf(threshold);
}
