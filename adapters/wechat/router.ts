/**
 * Express router for a 公众号 (`mode: 'mp'`) or 企业微信 app (`mode: 'wecom'`) callback URL.
 *
 * GET verifies the URL. POST checks the signature (401 and nothing processed when it is wrong),
 * decrypts safe-mode / WeCom envelopes, turns the message into a Turn, runs it through the injected
 * ConversationRunner and answers with one passive text reply (encrypted when the push was).
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
import { WeChatRequestError, httpStatus } from './errors';
import type { LateSender } from './kefu';
import { KeyedQueue } from '../keyedQueue';
import type { RateLimiter } from '../rateLimiter';
import { renderReplies } from './render';
import { messageKey, toTurn, type WeChatMode } from './turn';
import {
  parseEnvelope,
  parseMessage,
  parseXmlFields,
  renderEncryptedReply,
  renderTextReply,
  toMessage,
  type WeChatMessage,
} from './xml';

/** Largest request body accepted (413 above). Real pushes are well under 2 KB. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Used when no deadline is given: the platform waits 5 s, this leaves time for the network. */
export const DEFAULT_REPLY_DEADLINE_MS = 4500;
/** What WeChat takes as “no reply, and do not retry”. */
export const SUCCESS = 'success';
const MS_PER_SECOND = 1000;
const BAD_REQUEST = 400;
const PAYLOAD_TOO_LARGE = 413;
const INTERNAL_ERROR = 500;

const textBody = express.text({ type: () => true, limit: MAX_BODY_BYTES });

/** Reads the body as text; a body over MAX_BODY_BYTES becomes a 413 that names the limit. */
function readBody(req: Request, res: Response, next: NextFunction): void {
  textBody(req, res, (error?: unknown) => {
    const tooLarge = (error as { type?: unknown } | undefined)?.type === 'entity.too.large';
    next(tooLarge ? new WeChatRequestError(`body larger than ${MAX_BODY_BYTES} bytes`, PAYLOAD_TOO_LARGE) : error);
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
  /** Per-user limit (counted per openid / userid); none when omitted. */
  limiter?: RateLimiter;
  /** One line per rejected request or undelivered answer: ids and sizes, never message text. */
  log?: (line: string) => void;
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
  if (typeof value !== 'string' || value === '') throw new WeChatRequestError(`missing query parameter ${name}`, BAD_REQUEST);
  return value;
}

/** An incoming push, verified and decrypted. */
interface Push {
  message: WeChatMessage;
  /** Set when the reply must be encrypted: the crypto and the nonce to sign it with. */
  encryption: { crypto: WeChatCrypto; nonce: string } | null;
}

function readPush(acct: Account, req: Request): Push {
  const body = typeof req.body === 'string' ? req.body : '';
  const timestamp = param(req, 'timestamp');
  const nonce = param(req, 'nonce');
  const encrypted = acct.mode === 'wecom' || req.query.encrypt_type === 'aes';
  if (encrypted && acct.crypto) {
    const envelope = parseEnvelope(body);
    const xml = acct.crypto.verifyAndDecrypt(param(req, 'msg_signature'), timestamp, nonce, envelope.encrypt);
    return { message: parseMessage(xml), encryption: { crypto: acct.crypto, nonce } };
  }
  // Plaintext mode, or 兼容模式 on an account without EncodingAESKey (the body also carries the plaintext fields).
  verifySignature(acct.token, param(req, 'signature'), timestamp, nonce);
  const fields = parseXmlFields(body);
  if (encrypted && fields.MsgType === undefined) {
    throw new WeChatRequestError('push is encrypted (安全模式) but WECHAT_ENCODING_AES_KEY is not configured', INTERNAL_ERROR);
  }
  return { message: toMessage(fields), encryption: null };
}

export function createWeChatRouter(options: WeChatRouterOptions): Router {
  const acct = account(options);
  const { runner, kefu } = options;
  const deadlineMs = options.deadlineMs ?? DEFAULT_REPLY_DEADLINE_MS;
  const log = options.log ?? ((line: string) => console.warn(line));
  const now = options.now ?? Date.now;
  const deduper = new RetryDeduper({ store: options.store, log });
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
    const timestamp = param(req, 'timestamp');
    const nonce = param(req, 'nonce');
    const echostr = param(req, 'echostr');
    if (acct.mode === 'wecom' && acct.crypto) {
      res.type('text/plain').send(acct.crypto.verifyAndDecrypt(param(req, 'msg_signature'), timestamp, nonce, echostr));
      return;
    }
    verifySignature(acct.token, param(req, 'signature'), timestamp, nonce);
    res.type('text/plain').send(echostr);
  });

  router.post('/', readBody, async (req, res) => {
    const startedAt = now();
    const { message, encryption } = readPush(acct, req);
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
    const status = httpStatus(error);
    // Request errors are worded here and hold no message text; other errors are logged by name only.
    const cause = error instanceof WeChatRequestError ? error.message : error instanceof Error ? error.name : typeof error;
    log(`wechat: ${req.method} answered ${status} (${cause}), body ${req.get('content-length') ?? 0} bytes`);
    const shown = error instanceof Error && (status < INTERNAL_ERROR || error instanceof WeChatRequestError);
    res.status(status).type('text/plain').send(shown ? error.message : 'wechat: internal error');
  });

  return router;
}
