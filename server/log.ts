/**
 * The server's logger: pino, one JSON line an event on stdout. Every line written while a request
 * is handled carries its request id (`reqId`, from `requestContext`), so the request line and any
 * error line of the same request can be found together. Adapters receive it as `Log`
 * (`adapters/log.ts`); nothing logs message text.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';
import { DEFAULT_LOG_LEVEL, type LogLevel } from './logLevels';

export { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './logLevels';

/** What is known about the request being handled, for every line logged while it is. */
export interface RequestContext {
  requestId: string;
}

/** Set by the request log middleware (`server/requestLog.ts`) around each request. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stdout when omitted (tests pass a stream that collects them). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? DEFAULT_LOG_LEVEL,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { reqId: context.requestId } : {};
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
