/**
 * Configuration, parsed once from the environment into a typed, validated object.
 * Every key is listed with a comment and a safe default in `.env.example`.
 * A channel whose keys are all unset is not mounted; a half-configured channel fails here,
 * naming the missing key.
 */

import { isIP } from 'node:net';
import type { BotFrameworkConfig } from '../adapters/botframework/config';
import type { WeChatConfig, WeComConfig } from '../adapters/wechat/config';
import { DEFAULT_CONVERSATION_TTL_HOURS, MAX_CONVERSATION_TTL_HOURS, MS_PER_HOUR } from '../bot/retention';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './logLevels';

export type { BotFrameworkConfig, WeChatConfig, WeComConfig };

export interface Config {
  port: number;
  host: string;
  /** Redis URL for state shared across replicas; null = embedded in-memory store. */
  redisUrl: string | null;
  /** Folder holding `manifest.json` and the policy documents. */
  corpusDir: string;
  /** Questions longer than this are refused with a clear message. */
  maxQuestionChars: number;
  /** Time the WeChat route waits for the answer before replying `success` (the platform allows 5 s). */
  wechatReplyDeadlineMs: number;
  /** WeChat and WeCom requests whose `timestamp` is further than this from the server clock are refused (replays). */
  wechatTimestampWindowSeconds: number;
  wechat: WeChatConfig | null;
  wecom: WeComConfig | null;
  botFramework: BotFrameworkConfig;
  /** After SIGTERM/SIGINT, how long in-flight requests may take before their connections are destroyed. */
  shutdownGraceMs: number;
  /** Longest a client may take to send a whole request, body included (slower ones get 408). */
  requestTimeoutMs: number;
  /** Longest a client may take to send the request headers (at most `requestTimeoutMs`). */
  headersTimeoutMs: number;
  /** Longest wait for one Redis command; the request then goes on without the store. */
  redisTimeoutMs: number;
  /** Most keys the in-memory store keeps (oldest-written evicted first); unused with Redis. */
  memoryStoreMaxKeys: number;
  /** Least severe log level written (`silent` writes nothing). */
  logLevel: LogLevel;
  /** How long a conversation's state is kept after its last turn (bounded: see bot/retention.ts). */
  conversationTtlMs: number;
  /** Folder of the embedded review database (feedback, declined questions, attached questions) when no Redis is set. */
  dataDir: string;
  /** Folder where the built index is kept between starts (knowledge/indexCache.ts); rebuilt there when stale. */
  indexCacheDir: string;
  /** Staff token for the review console and `/api/review/*`; null = review routes not mounted. */
  consoleToken: string | null;
  /** How often each replica looks for questions attached on another replica (ms). */
  reviewPollMs: number;
  /** Requests per minute and client to the routes that answer (0 = no limit). */
  rateLimitPerMinute: number;
  /** Look-ups (search, clause, document) per minute and client address (0 = no limit). */
  searchRateLimitPerMinute: number;
  /** Express `trust proxy`: false, a hop count, or the proxies' addresses / subnets. */
  trustProxy: TrustProxy;
  /** `WEB_CONCURRENCY`: worker processes sharing the port; null = the default (server/cluster.ts). */
  webConcurrency: number | null;
}

export type TrustProxy = false | number | string[];

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(`config: ${message}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS = {
  PORT: 3978,
  HOST: '0.0.0.0',
  CORPUS_DIR: 'knowledge/corpus',
  MAX_QUESTION_CHARS: 500,
  WECHAT_REPLY_DEADLINE_MS: 4500,
  WECHAT_TIMESTAMP_WINDOW_SECONDS: 300,
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  SHUTDOWN_GRACE_MS: 10_000,
  REQUEST_TIMEOUT_MS: 20_000,
  HEADERS_TIMEOUT_MS: 10_000,
  REDIS_TIMEOUT_MS: 500,
  MEMORY_STORE_MAX_KEYS: 20_000,
  DATA_DIR: 'data',
  INDEX_CACHE_DIR: '.cache/index',
  REVIEW_POLL_MS: 2000,
  RATE_LIMIT_PER_MINUTE: 60,
  SEARCH_RATE_LIMIT_PER_MINUTE: 600,
} as const;

const SECONDS_PER_DAY = 86_400;
/** Upper bound of the time settings above: ten minutes. */
const MAX_TIMEOUT_MS = 600_000;
/** Shortest request and header timeout accepted: below this even a healthy client on a slow link fails. */
const MIN_REQUEST_TIMEOUT_MS = 100;
/** Largest in-memory store size accepted (a few gigabytes of conversations). */
const MAX_MEMORY_STORE_KEYS = 10_000_000;

/** A staff token shorter than this is refused: it would be guessable. */
export const MIN_CONSOLE_TOKEN_CHARS = 16;

function consoleToken(env: Env): string | null {
  const token = value(env, 'CONSOLE_TOKEN');
  if (token !== null && token.length < MIN_CONSOLE_TOKEN_CHARS) {
    throw new ConfigError(`CONSOLE_TOKEN must be at least ${MIN_CONSOLE_TOKEN_CHARS} characters, got ${token.length}`);
  }
  return token;
}

/** Highest rate limit accepted (per minute and client). */
const MAX_RATE_LIMIT = 1_000_000;
/** Most worker processes `WEB_CONCURRENCY` may ask for (each holds a whole knowledge base). */
const MAX_WEB_CONCURRENCY = 64;
/** Most proxy hops `TRUST_PROXY` may name. */
const MAX_PROXY_HOPS = 10;
/** Names express's `trust proxy` knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

function value(env: Env, key: string): string | null {
  const v = env[key]?.trim();
  return v ? v : null;
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = value(env, key);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${key} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${key} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** All of `keys` or none: a channel with some keys set and others missing is a mistake. */
function group(env: Env, channel: string, required: string[]): Record<string, string> | null {
  const present = required.filter((k) => value(env, k) !== null);
  if (present.length === 0) return null;
  const missing = required.filter((k) => value(env, k) === null);
  if (missing.length > 0) {
    throw new ConfigError(`${channel} is half-configured: ${missing.join(', ')} missing (set it, or unset ${present.join(', ')})`);
  }
  return Object.fromEntries(required.map((k) => [k, value(env, k) as string]));
}

/** REQUEST_TIMEOUT_MS and HEADERS_TIMEOUT_MS; the headers arrive before the whole request, so theirs is not longer. */
function requestTimeouts(env: Env): Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'> {
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', DEFAULTS.REQUEST_TIMEOUT_MS, MIN_REQUEST_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(DEFAULTS.HEADERS_TIMEOUT_MS, requestTimeoutMs), MIN_REQUEST_TIMEOUT_MS, MAX_TIMEOUT_MS);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got ${headersTimeoutMs}`);
  }
  return { requestTimeoutMs, headersTimeoutMs };
}

function encodingAESKey(key: string, raw: string): string {
  if (!/^[A-Za-z0-9+/]{43}$/.test(raw)) throw new ConfigError(`${key} must be 43 base64 characters, got ${raw.length} characters`);
  return raw;
}

function logLevel(env: Env): LogLevel {
  const raw = value(env, 'LOG_LEVEL') ?? DEFAULT_LOG_LEVEL;
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw as LogLevel;
}

/** An address, `address/prefix`, or one of PROXY_RANGE_NAMES. */
function proxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: empty or `false` trusts nobody (the client is the connection's address); a whole
 * number trusts that many proxy hops; otherwise a comma-separated list of proxy addresses, subnets
 * or range names. `true` is refused: every client could then choose its own address.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = value(env, 'TRUST_PROXY');
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') {
    throw new ConfigError('TRUST_PROXY=true would let every client choose its own address; give the hop count or the proxy addresses (e.g. "loopback" or "10.0.0.0/8")');
  }
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, MAX_PROXY_HOPS);
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !proxyEntry(e));
  if (bad !== undefined) {
    throw new ConfigError(`TRUST_PROXY must be a hop count or addresses, subnets or ${PROXY_RANGE_NAMES.join('/')}, got "${bad}"`);
  }
  return entries;
}

export function parseConfig(env: Env): Config {
  const wx = group(env, 'WeChat', ['WECHAT_TOKEN', 'WECHAT_APP_ID']);
  const aes = value(env, 'WECHAT_ENCODING_AES_KEY');
  const secret = value(env, 'WECHAT_APP_SECRET');
  if (!wx && (aes || secret)) throw new ConfigError('WeChat is half-configured: WECHAT_TOKEN, WECHAT_APP_ID missing');
  const wecom = group(env, 'WeCom', ['WECOM_TOKEN', 'WECOM_CORP_ID', 'WECOM_ENCODING_AES_KEY']);
  const appType = value(env, 'MicrosoftAppType') ?? 'MultiTenant';
  if (!(APP_TYPES as readonly string[]).includes(appType)) {
    throw new ConfigError(`MicrosoftAppType must be one of ${APP_TYPES.join(', ')}, got "${appType}"`);
  }
  const appId = value(env, 'MicrosoftAppId') ?? '';
  if (appId && appType !== 'UserAssignedMSI' && !value(env, 'MicrosoftAppPassword')) {
    throw new ConfigError('Bot Framework is half-configured: MicrosoftAppPassword missing');
  }
  if (appId && appType !== 'MultiTenant' && !value(env, 'MicrosoftAppTenantId')) {
    throw new ConfigError(`Bot Framework is half-configured: MicrosoftAppTenantId missing (MicrosoftAppType is ${appType})`);
  }
  return {
    port: integer(env, 'PORT', DEFAULTS.PORT, 0, 65535),
    host: value(env, 'HOST') ?? DEFAULTS.HOST,
    redisUrl: value(env, 'REDIS_URL'),
    corpusDir: value(env, 'CORPUS_DIR') ?? DEFAULTS.CORPUS_DIR,
    maxQuestionChars: integer(env, 'MAX_QUESTION_CHARS', DEFAULTS.MAX_QUESTION_CHARS, 10, 100_000),
    wechatReplyDeadlineMs: integer(env, 'WECHAT_REPLY_DEADLINE_MS', DEFAULTS.WECHAT_REPLY_DEADLINE_MS, 100, 4900),
    wechatTimestampWindowSeconds: integer(env, 'WECHAT_TIMESTAMP_WINDOW_SECONDS', DEFAULTS.WECHAT_TIMESTAMP_WINDOW_SECONDS, 1, SECONDS_PER_DAY),
    wechat: wx && {
      token: wx.WECHAT_TOKEN as string,
      appId: wx.WECHAT_APP_ID as string,
      encodingAESKey: aes && encodingAESKey('WECHAT_ENCODING_AES_KEY', aes),
      appSecret: secret,
      apiBase: value(env, 'WECHAT_API_BASE') ?? DEFAULTS.WECHAT_API_BASE,
    },
    wecom: wecom && {
      token: wecom.WECOM_TOKEN as string,
      corpId: wecom.WECOM_CORP_ID as string,
      encodingAESKey: encodingAESKey('WECOM_ENCODING_AES_KEY', wecom.WECOM_ENCODING_AES_KEY as string),
    },
    botFramework: {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: value(env, 'MicrosoftAppPassword') ?? '',
      MicrosoftAppType: appType as BotFrameworkConfig['MicrosoftAppType'],
      MicrosoftAppTenantId: value(env, 'MicrosoftAppTenantId') ?? '',
    },
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', DEFAULTS.SHUTDOWN_GRACE_MS, 0, MAX_TIMEOUT_MS),
    ...requestTimeouts(env),
    redisTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', DEFAULTS.REDIS_TIMEOUT_MS, 1, MAX_TIMEOUT_MS),
    memoryStoreMaxKeys: integer(env, 'MEMORY_STORE_MAX_KEYS', DEFAULTS.MEMORY_STORE_MAX_KEYS, 1, MAX_MEMORY_STORE_KEYS),
    logLevel: logLevel(env),
    conversationTtlMs: integer(env, 'CONVERSATION_TTL_HOURS', DEFAULT_CONVERSATION_TTL_HOURS, 1, MAX_CONVERSATION_TTL_HOURS) * MS_PER_HOUR,
    dataDir: value(env, 'DATA_DIR') ?? DEFAULTS.DATA_DIR,
    indexCacheDir: value(env, 'INDEX_CACHE_DIR') ?? DEFAULTS.INDEX_CACHE_DIR,
    consoleToken: consoleToken(env),
    reviewPollMs: integer(env, 'REVIEW_POLL_MS', DEFAULTS.REVIEW_POLL_MS, 10, MAX_TIMEOUT_MS),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', DEFAULTS.RATE_LIMIT_PER_MINUTE, 0, MAX_RATE_LIMIT),
    searchRateLimitPerMinute: integer(env, 'SEARCH_RATE_LIMIT_PER_MINUTE', DEFAULTS.SEARCH_RATE_LIMIT_PER_MINUTE, 0, MAX_RATE_LIMIT),
    trustProxy: trustProxy(env),
    webConcurrency: value(env, 'WEB_CONCURRENCY') === null ? null : integer(env, 'WEB_CONCURRENCY', 1, 1, MAX_WEB_CONCURRENCY),
  };
}
