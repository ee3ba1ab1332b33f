/**
 * JSON errors for the HTTP routes: every client mistake becomes a 4xx
 * `{ error: { code, message } }` whose message says what is wrong in Chinese (for people)
 * and in English naming the module and the offending value (for developers).
 */
import type { ErrorRequestHandler, Request } from 'express';
import { PHRASES } from '../../bot/phrases';
import { redact, withoutText } from '../../bot/redact';
import { stderrLog, type Log } from '../log';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** A client (or server) error with its HTTP status and a stable machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** What a person reads, in Chinese. */
    readonly zh: string,
    /** What a developer reads: module, field and offending value. */
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Longest piece of an offending value echoed back in a message (values may be personal data). */
const MAX_ECHO_CHARS = 40;
/**
 * Characters past the echoed piece that are masked with it: the longest personal number as typed
 * (a 19-digit card in groups) fits, so one that starts inside the piece is masked whole, and a long
 * value costs no more than a short one.
 */
const MASK_MARGIN_CHARS = 24;

/** A short, redacted, quoted rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const all = Array.from(value);
    const chars = Array.from(redact(all.slice(0, MAX_ECHO_CHARS + MASK_MARGIN_CHARS).join('')));
    const cut = chars.length > MAX_ECHO_CHARS || all.length > MAX_ECHO_CHARS + MASK_MARGIN_CHARS;
    const shown = cut ? `${chars.slice(0, MAX_ECHO_CHARS).join('')}…` : chars.join('');
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Body-parser failures (their `type` field) mapped to our errors. */
function bodyParserError(module: string, err: { type?: unknown; limit?: unknown }): HttpError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      // The parser's own message quotes the body, which may hold personal data: never echo it.
      return new HttpError(400, 'invalid_json', '请求内容不是合法的 JSON。', `${module}: request body is not valid JSON`);
    case 'entity.too.large':
      return new HttpError(
        413,
        'body_too_large',
        '请求内容太大了，请精简后再试。',
        `${module}: request body is larger than the limit of ${String(err.limit)} bytes`,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpError(
        415,
        'unsupported_encoding',
        '请求内容的编码不受支持，请使用 UTF-8。',
        `${module}: request body must be UTF-8 JSON without content encoding`,
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpError(400, 'incomplete_body', '请求内容不完整，请重试。', `${module}: request body was incomplete`);
    default:
      return null;
  }
}

/** What Node's zlib calls a stream it cannot inflate (`Z_DATA_ERROR`, `Z_BUF_ERROR` …); brotli codes start `ERR_`. */
const DECOMPRESSION_ERROR_CODE = /^(Z_|ERR__ERROR_)/;

/** The part of a request an error message may name: method and path, never the query or body. */
interface RequestLine {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The texts a request carries (string fields of its JSON body, query values): never to be logged. */
export function requestTexts(req: Request): string[] {
  const body: unknown = req.body;
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.values(body) : [body];
  return [...fields, ...Object.values(req.query ?? {})].filter((v): v is string => typeof v === 'string');
}

/** The stack (or message) of an unexpected error, for a log line: without the request's texts, numbers masked. */
export function describeFailure(err: unknown, ...texts: string[]): string {
  return withoutText(err instanceof Error ? (err.stack ?? err.message) : String(err), ...texts);
}

/**
 * The HttpError a failure stands for when it is the client's mistake, or null when it is not:
 * our own HttpErrors, body-parser failures, a compressed body that does not inflate, and a path
 * parameter that is not valid percent-encoding (`%ff`, a lone `%`), which the router reports as
 * a URIError with status 400.
 */
export function clientError(module: string, err: unknown, req: RequestLine): HttpError | null {
  if (err instanceof HttpError) return err;
  if (typeof err !== 'object' || err === null) return null;
  const known = bodyParserError(module, err as { type?: unknown; limit?: unknown });
  if (known) return known;
  const { status, code } = err as { status?: unknown; code?: unknown };
  if (status !== 400) return null;
  if (err instanceof URIError) {
    const path = req.originalUrl.split('?')[0] ?? '';
    return new HttpError(400, 'invalid_path', '请求地址的编码不对。', `${module}: ${req.method} path ${describeValue(path)} is not valid percent-encoding`);
  }
  if (typeof code === 'string' && DECOMPRESSION_ERROR_CODE.test(code)) {
    const encoding = String(req.headers['content-encoding'] ?? 'compressed');
    return new HttpError(400, 'invalid_content_encoding', '请求内容无法解压，请检查 Content-Encoding。', `${module}: request body is not valid ${describeValue(encoding)} data`);
  }
  return null;
}

/**
 * The last middleware of a router: answers client errors (see `clientError`) with their 4xx status,
 * anything else with 500 and the bot's fixed apology (the details go to the log, never to the client).
 */
export function jsonErrorHandler(module: string, log: Log = stderrLog): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = clientError(module, err, req);
    if (known) {
      res.status(known.status).json(known.toBody());
      return;
    }
    log.error({ module, error: describeFailure(err, ...requestTexts(req)) }, 'unexpected error');
    const internal = new HttpError(500, 'internal_error', PHRASES.error, `${module}: internal error (see the server log)`);
    res.status(500).json(internal.toBody());
  };
}

/** What each kind of missing thing is called in Chinese. */
const THING_ZH = { clause: '条款', document: '文件', route: '接口地址' } as const;

/** 404 for an id (or path) that does not exist. */
export function notFound(module: string, what: keyof typeof THING_ZH, value: string): HttpError {
  return new HttpError(404, `unknown_${what}`, `没有找到该${THING_ZH[what]}。`, `${module}: unknown ${what} ${describeValue(value)}`);
}
