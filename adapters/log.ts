/**
 * What the adapters log through: structured fields and a fixed message, one JSON line an event.
 * The server injects its logger (pino, `server/log.ts`); adapters never import it.
 *
 * Fields hold ids, sizes, codes and error names, never message text: questions may hold personal
 * details. Only flat values are allowed, so a whole request or body cannot slip into a line.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Log {
  error(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  debug(fields: LogFields, message: string): void;
}

/** The fallback for adapters used without the server (tools, tests): one JSON line on stderr. */
export const stderrLog: Log = {
  error: (fields, message) => writeLine('error', fields, message),
  warn: (fields, message) => writeLine('warn', fields, message),
  info: (fields, message) => writeLine('info', fields, message),
  debug: () => undefined,
};

/** One log line on stderr, as pino writes them: `{"level","time",…fields,"msg"}`. */
export function writeLine(level: string, fields: LogFields, message: string): void {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), ...fields, msg: message })}\n`);
}
