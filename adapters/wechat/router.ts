/**
 * Express router for a 公众号 (`mode: 'mp'`) or 企业微信 app (`mode: 'wecom'`) callback URL.
 *
 * GET verifies the URL. POST verifies before it parses: the timestamp must lie within the window
 * and a plaintext push's signature (over the query alone) must match before the body is read;
 * an encrypted push's `msg_signature` is checked over its `<Encrypt>` value, found by a cheap scan,
 * before anything is decrypted or parsed. A request that fails gets a 4xx JSON error and nothing
 * is processed. The message then becomes a Turn, runs through the injected ConversationRunner and
 * is answered with one passive text reply (encrypted when the push was).
 * An answer not ready within the deadline is replaced by `success`; it then goes out through
 * 客服消息 when a sender is configured. Retries of a push reuse the first run's answer, and the
 * turns of one user run in arrival order. A user over the rate limit (per openid / WeCom userid) gets
 * a polite text asking to wait instead of an answer.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { PHRASES } from '../../bot/phrases';
import type { ConversationRunner, Turn } from '../../bot/types';
import type { WeChatConfig, WeComConfig } from './config';
import type { KeyValueStore } from '../../state/kv';
import { WeChatCrypto, verifySignature } from './crypto';
import { RetryDeduper } from './dedupe';
import { WeChatRequestError, toHttpError } from './errors';
import type { LateSender } from './kefu';
import { KeyedQueue } from '../keyedQueue';
import type { RateLimiter } from '../rateLimiter';
import { renderReplies } from './render';
import { messageKey, toTurn, type WeChatMode } from './turn';
import {
  extractEncrypt,
  parseMessage,
  parseXmlFields,
  renderEncryptedReply,
  renderTextReply,
  toMessage,
  type WeChatMessage,
} from './xml';

/**
 * Largest request body accepted (413 above), small because it is read before anything else can be
 * checked for an encrypted push. Real pushes are well under 2 KB; 16 KB still holds a text of
 * 2,000 Chinese characters (four times the longest question the bot answers) in 兼容模式, where
 * the body carries it twice, as plaintext and as base64 ciphertext.
 */
export const MAX_BODY_BYTES = 16 * 1024;
/** How far a request's `timestamp` may be from the server clock, by default (5 minutes). */
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300;
/** Used when no deadline is given: the platform waits 5 s, this leaves time for the network. */
export const DEFAULT_REPLY_DEADLINE_MS = 4500;
/** What WeChat takes as “no reply, and do not retry”. */
export const SUCCESS = 'success';
const MS_PER_SECOND = 1000;
const BAD_REQUEST = 400;
const UNAUTHORIZED = 401;
const PAYLOAD_TOO_LARGE = 413;
/** A timestamp is whole seconds since the epoch. */
const TIMESTAMP_PATTERN = /^\d{1,12}$/;
/** Characters of a malformed timestamp echoed in the error. */
const TIMESTAMP_ECHO_CHARS = 20;

const textBody = express.text({ type: () => true, limit: MAX_BODY_BYTES });

/** Reads the body as text; a body over MAX_BODY_BYTES becomes a 413 that names the limit. */
function readBody(req: Request, res: Response, next: NextFunction): void {
  textBody(req, res, (error?: unknown) => {
    const tooLarge = (error as { type?: unknown } | undefined)?.type === 'entity.too.large';
    next(tooLarge ? new WeChatRequestError(`body larger than ${MAX_BODY_BYTES} bytes`, PAYLOAD_TOO_LARGE, 'body_too_large') : error);
  });
}

export type WeChatRouterOptions = ({ mode: 'mp'; config: WeChatConfig } | { mode: 'wecom'; config: WeComConfig }) & {
  runner: ConversationRunner;
  /** Shared state: retry records (and, through `kefu`, the access token). */
  store: KeyValueStore;
  /** How long a push waits for its answer; pass `config.wechatReplyDeadlineMs`. */
  deadlineMs?: number;
  /** 公众号 only: sends answers that missed the deadline (客服消息). */
  kefu?: LateSender;
  /** Requests whose `timestamp` is further than this from `now` are refused (401); default 300. */
  timestampWindowSeconds?: number;
  /** Per-user limit (counted per openid / userid); none when omitted. */
  limiter?: RateLimiter;
  /** One line per rejected request or undelivered answer: ids and sizes, never message text. */
  log?: (line: string) => void;
  /** Called for every push that repeats one already answered or being answered (WeChat retries). */
  onRetry?: () => void;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
};

/** What differs between a 公众号 and a WeCom app. */
interface Account {
  mode: WeChatMode;
  token: string;
  /** AppID or CorpID: the ReceiveId of encrypted messages. */
  receiveId: string;
  /** Null for a 公众号 in plaintext mode (no EncodingAESKey). */
  crypto: WeChatCrypto | null;
}

function account(options: WeChatRouterOptions): Account {
  if (options.mode === 'mp') {
    const { token, appId, encodingAESKey } = options.config;
    const crypto = encodingAESKey ? new WeChatCrypto({ token, encodingAESKey, receiveId: appId }) : null;
    return { mode: 'mp', token, receiveId: appId, crypto };
  }
  const { token, corpId, encodingAESKey } = options.config;
  return { mode: 'wecom', token, receiveId: corpId, crypto: new WeChatCrypto({ token, encodingAESKey, receiveId: corpId }) };
}

function param(req: Request, name: string): string {
  const value = (req.query as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value === '') throw new WeChatRequestError(`missing query parameter ${name}`, BAD_REQUEST, 'missing_parameter');
  return value;
}

/** The request's `timestamp`, refused unless it is within `windowSeconds` of `nowMs`. */
function freshTimestamp(req: Request, nowMs: number, windowSeconds: number): string {
  const timestamp = param(req, 'timestamp');
  if (!TIMESTAMP_PATTERN.test(timestamp)) {
    throw new WeChatRequestError(`timestamp ${JSON.stringify(timestamp.slice(0, TIMESTAMP_ECHO_CHARS))} is not whole seconds since the epoch`, BAD_REQUEST, 'invalid_timestamp');
  }
  const skew = Math.abs(Math.floor(nowMs / MS_PER_SECOND) - Number(timestamp));
  if (skew > windowSeconds) {
    throw new WeChatRequestError(`timestamp ${timestamp} is ${skew} s from the server clock, outside the ${windowSeconds}-second window`, UNAUTHORIZED, 'stale_timestamp');
  }
  return timestamp;
}

/** An incoming push, verified and decrypted. */
interface Push {
  message: WeChatMessage;
  /** Set when the reply must be encrypted: the crypto and the nonce to sign it with. */
  encryption: { crypto: WeChatCrypto; nonce: string } | null;
}

/** What the query of a push says, checked before the body is read. */
interface PushQuery {
  timestamp: string;
  nonce: string;
  /** The query asked for encryption (`encrypt_type=aes`, or WeCom). */
  encrypted: boolean;
  /** For a push to decrypt: the crypto, and the `msg_signature` to check over its `<Encrypt>`. */
  envelope: { crypto: WeChatCrypto; msgSignature: string } | null;
}

/**
 * Checks a push's query: its parameters, its timestamp and, for a push that will not be decrypted,
 * its signature (which covers only the token, timestamp and nonce, so the body is not needed).
 */
function checkPushQuery(acct: Account, req: Request, nowMs: number, windowSeconds: number): PushQuery {
  const timestamp = freshTimestamp(req, nowMs, windowSeconds);
  const nonce = param(req, 'nonce');
  const encrypted = acct.mode === 'wecom' || req.query.encrypt_type === 'aes';
  if (encrypted && acct.crypto) return { timestamp, nonce, encrypted, envelope: { crypto: acct.crypto, msgSignature: param(req, 'msg_signature') } };
  verifySignature(acct.token, param(req, 'signature'), timestamp, nonce);
  return { timestamp, nonce, encrypted, envelope: null };
}

function readPush(req: Request, query: PushQuery): Push {
  const body = typeof req.body === 'string' ? req.body : '';
  const { timestamp, nonce, envelope } = query;
  if (envelope) {
    // The signature covers Encrypt: check it over the scanned value before anything is parsed.
    const xml = envelope.crypto.verifyAndDecrypt(envelope.msgSignature, timestamp, nonce, extractEncrypt(body));
    return { message: parseMessage(xml), encryption: { crypto: envelope.crypto, nonce } };
  }
  // Plaintext mode, or 兼容模式 on an account without EncodingAESKey (the body also carries the
  // plaintext fields); the signature was checked before the body was read.
  const fields = parseXmlFields(body);
  if (query.encrypted && fields.MsgType === undefined) {
    throw new WeChatRequestError('push is encrypted (安全模式) but WECHAT_ENCODING_AES_KEY is not configured', BAD_REQUEST, 'encryption_not_configured');
  }
  return { message: toMessage(fields), encryption: null };
}

export function createWeChatRouter(options: WeChatRouterOptions): Router {
  const acct = account(options);
  const { runner, kefu } = options;
  const deadlineMs = options.deadlineMs ?? DEFAULT_REPLY_DEADLINE_MS;
  const log = options.log ?? ((line: string) => console.warn(line));
  const now = options.now ?? Date.now;
  const windowSeconds = options.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS;
  const deduper = new RetryDeduper({ store: options.store, log, onRetry: options.onRetry });
  const queue = new KeyedQueue();
  const router = Router();

  /** The reply text for `turn` ('' for none); a failing runner yields the fixed apology. */
  async function answer(turn: Turn, id: string): Promise<string> {
    try {
      return renderReplies(await runner(turn));
    } catch (error) {
      log(`wechat: runner failed for message ${id} (${error instanceof Error ? error.name : typeof error})`);
      return PHRASES.error;
    }
  }

  /** The polite refusal when the user is over the rate limit, or null when the turn may run. */
  async function overLimit(turn: Turn): Promise<string | null> {
    if (!options.limiter) return null;
    const verdict = await options.limiter.take(`${acct.mode}:${acct.receiveId}:${turn.userId}`);
    return verdict.allowed ? null : PHRASES.tooFrequent(verdict.retryAfterSeconds);
  }

  function deliverLate(message: WeChatMessage, id: string, content: string): void {
    const size = `${Buffer.byteLength(content)} bytes`;
    if (acct.mode === 'wecom') {
      // WeCom late replies would go through the app message API (/cgi-bin/message/send with a
      // corpsecret token), which this adapter does not implement: logged and dropped.
      log(`wechat: late answer for wecom message ${id} dropped (${size})`);
    } else if (!kefu) {
      log(`wechat: late answer for message ${id} dropped, no 客服 sender configured (${size})`);
    } else {
      kefu.sendText(message.fromUserName, content).catch((error: unknown) => {
        log(`wechat: late answer for message ${id} not sent (${size}): ${error instanceof Error ? error.message : typeof error}`);
      });
    }
  }

  router.get('/', (req, res) => {
    const timestamp = freshTimestamp(req, now(), windowSeconds);
    const nonce = param(req, 'nonce');
    const echostr = param(req, 'echostr');
    if (acct.mode === 'wecom' && acct.crypto) {
      const plaintext = acct.crypto.verifyAndDecrypt(param(req, 'msg_signature'), timestamp, nonce, echostr);
      res.type('text/plain').send(plaintext);
      return;
    }
    verifySignature(acct.token, param(req, 'signature'), timestamp, nonce);
    res.type('text/plain').send(echostr);
  });

  const checkQuery = (req: Request, res: Response, next: NextFunction): void => {
    res.locals.pushQuery = checkPushQuery(acct, req, now(), windowSeconds);
    next();
  };

  router.post('/', checkQuery, readBody, async (req, res) => {
    const startedAt = now();
    const { message, encryption } = readPush(req, res.locals.pushQuery as PushQuery);
    const turn = toTurn(message, acct.mode);
    if (!turn) {
      res.type('text/plain').send(SUCCESS);
      return;
    }
    const id = messageKey(message);
    const content = await deduper.handle({
      key: `${acct.mode}:${acct.receiveId}:${id}`,
      // Inside the de-duplicated work: retries of a push are not counted again and get the same reply.
      work: async () => (await overLimit(turn)) ?? queue.run(turn.conversationId, () => answer(turn, id)),
      waitMs: Math.max(0, deadlineMs - (now() - startedAt)),
      onLate: (late) => deliverLate(message, id, late),
    });
    if (!content) {
      res.type('text/plain').send(SUCCESS);
      return;
    }
    const createTime = Math.floor(now() / MS_PER_SECOND);
    const xml = renderTextReply({ toUser: message.fromUserName, fromUser: message.toUserName, createTime, content });
    const body = encryption ? renderEncryptedReply(encryption.crypto.encryptReply(xml, String(createTime), encryption.nonce)) : xml;
    res.type('application/xml').send(body);
  });

  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const answer = toHttpError(error, req);
    // One line, no stack. Request errors are worded here and hold no message text; other errors are logged by name only.
    const cause = error instanceof WeChatRequestError ? error.message : error instanceof Error ? error.name : typeof error;
    log(`wechat: ${req.method} answered ${answer.status} (${cause}), body ${req.get('content-length') ?? 0} bytes`);
    res.status(answer.status).type('application/json').json(answer.toBody());
  });

  return router;
}
