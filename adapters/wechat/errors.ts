/**
 * Errors of the WeChat / WeCom adapter. Each names the module (`wechat:`) and the offending value,
 * never message content; `httpStatus` maps them to the answer the route gives.
 */

/** A value the adapter cannot use: bad ciphertext, padding, ReceiveId … */
export class WeChatCryptoError extends Error {
  constructor(message: string) {
    super(`wechat: ${message}`);
    this.name = 'WeChatCryptoError';
  }
}

/** A request whose signature does not match: it did not come from WeChat (or has another token). */
export class WeChatSignatureError extends WeChatCryptoError {
  constructor(parameter: 'signature' | 'msg_signature', timestamp: string) {
    super(`bad ${parameter} for timestamp ${timestamp}`);
    this.name = 'WeChatSignatureError';
  }
}

/** A body that is not a well-formed WeChat message. */
export class WeChatXmlError extends Error {
  constructor(message: string) {
    super(`wechat: ${message}`);
    this.name = 'WeChatXmlError';
  }
}

/** A request the route cannot serve: a missing parameter, a body too large, a mode not configured. */
export class WeChatRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(`wechat: ${message}`);
    this.name = 'WeChatRequestError';
  }
}

/** The WeChat API answered with an error code (`45015`: the user's 48-hour window has closed …). */
export class WeChatApiError extends Error {
  constructor(
    readonly endpoint: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`wechat: ${endpoint} failed with errcode ${errcode}: ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

/** HTTP status lowest and highest a client error may carry through. */
const CLIENT_ERROR_MIN = 400;
const CLIENT_ERROR_MAX = 499;
const BAD_REQUEST = 400;
const UNAUTHORIZED = 401;
const INTERNAL_ERROR = 500;

/** The status the route answers `error` with: 401 for signatures, 400 for bad input, 500 otherwise. */
export function httpStatus(error: unknown): number {
  if (error instanceof WeChatSignatureError) return UNAUTHORIZED;
  if (error instanceof WeChatCryptoError || error instanceof WeChatXmlError) return BAD_REQUEST;
  if (error instanceof WeChatRequestError) return error.status;
  // body-parser errors (413 too large, 415 charset …) carry their status
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= CLIENT_ERROR_MIN && status <= CLIENT_ERROR_MAX) return status;
  return INTERNAL_ERROR;
}
