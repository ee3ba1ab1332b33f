import { writeLine, type Log } from '../adapters/log';
import { logs, type LogLevel } from '../server/logLevels';

/**
 * The CLI's log: the server's JSON lines on stderr (stdout carries the answer, which --json makes
 * parseable), at the configured `LOG_LEVEL`, without loading the server's logger.
 */
export function cliLog(level: LogLevel): Log {
  const at = (line: Exclude<LogLevel, 'silent'>): Log['info'] => (logs(level, line) ? (fields, message) => writeLine(line, fields, message) : () => undefined);
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
