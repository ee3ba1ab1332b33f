/**
 * Errors of the WeChat / WeCom adapter. Each names the module (`wechat:`) and the offending value,
 * never message content; `toHttpError` maps them to the JSON error the route answers with.
 */
import { PHRASES } from '../../bot/phrases';
import { clientError, HttpError } from '../http/errors';

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

/** Machine-readable codes of the requests the route refuses, with what an operator reads in Chinese. */
const REQUEST_ERROR_ZH = {
  missing_parameter: '缺少查询参数。',
  invalid_timestamp: '时间戳格式不对。',
  stale_timestamp: '时间戳超出允许的时间窗口：可能是重放的旧请求，或服务器时钟不准。',
  body_too_large: '消息太大了。',
  encryption_not_configured: '消息是加密的（安全模式），但服务器没有配置 EncodingAESKey。',
  upstream_error: '微信接口调用失败。',
} as const;

export type WeChatRequestErrorCode = keyof typeof REQUEST_ERROR_ZH;

/** A request the route cannot serve: a missing parameter, a stale timestamp, a body too large, a mode not configured. */
export class WeChatRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: WeChatRequestErrorCode,
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

const MODULE = 'wechat';

/** What a request line the error may name looks like (see `clientError`). */
type RequestLine = Parameters<typeof clientError>[2];

/**
 * The JSON error the route answers `error` with: 401 for signatures and stale timestamps, 400 for
 * bad ciphertext and XML, the request error's own status, 4xx for body and path mistakes, and
 * 500 (with the bot's fixed apology, nothing of the error) for anything else.
 */
export function toHttpError(error: unknown, req: RequestLine): HttpError {
  if (error instanceof WeChatSignatureError) {
    return new HttpError(401, 'bad_signature', '签名校验失败：请求不是来自微信，或 Token 与后台配置不一致。', error.message);
  }
  if (error instanceof WeChatCryptoError) {
    return new HttpError(400, 'bad_ciphertext', '加密消息无法解密：EncodingAESKey 或 AppID/CorpID 与后台配置不一致。', error.message);
  }
  if (error instanceof WeChatXmlError) return new HttpError(400, 'malformed_xml', '消息不是合法的微信 XML。', error.message);
  if (error instanceof WeChatRequestError) return new HttpError(error.status, error.code, REQUEST_ERROR_ZH[error.code], error.message);
  return clientError(MODULE, error, req) ?? new HttpError(500, 'internal_error', PHRASES.error, `${MODULE}: internal error`);
}
