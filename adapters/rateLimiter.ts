/**
 * Per-client rate limits: at most `limit` requests per window for each client (an address, an
 * openid, a conversation), counted in a HitCounter that replicas can share. Channels decide who
 * the client is and how to say no (a 429, or a polite WeChat reply).
 *
 * A limit that cannot be checked lets the request through: the counter going down (or stalling)
 * must not take the answers down with it. After a failure the counter is left alone for
 * COUNTER_RETRY_MS (requests go through at once instead of each waiting for the timeout). Failures
 * are logged when they start and when they end, without the client.
 */
import { createHash } from 'node:crypto';
import type { HitCounter } from '../state/counter';

const MODULE = 'rateLimiter';

/** Limits are per minute (`RATE_LIMIT_PER_MINUTE`, `SEARCH_RATE_LIMIT_PER_MINUTE`). */
export const MINUTE_MS = 60_000;
/** A counter that has not answered by then is treated as down: the request goes through. */
export const COUNTER_TIMEOUT_MS = 500;
/** After the counter failed, how long requests go through without asking it. */
export const COUNTER_RETRY_MS = 5000;
/** Hex characters of the SHA-256 of a client id kept in counter keys (addresses and openids are not stored as they are). */
const CLIENT_HASH_CHARS = 32;
const MS_PER_SECOND = 1000;
/**
 * Clients whose counter key is remembered (the SHA-256 of every request's address was a share of
 * each answer's CPU); past this many the memo starts afresh, so memory stays bounded whatever the
 * traffic. It is process memory only, like the per-client queues: the keys stored stay hashed.
 */
const KEY_MEMO_MAX_CLIENTS = 10_000;

export interface Verdict {
  allowed: boolean;
  limit: number;
  /** Requests left in this window after this one. */
  remaining: number;
  /** Whole seconds until the window ends (at least 1): the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
  /** Requests over the limit in this window, this one included (0 when allowed, 1 for the first refusal). */
  excess: number;
}

export interface RateLimiterOptions {
  counter: HitCounter;
  /** Names the limit in counter keys and log lines, e.g. `answers`. */
  name: string;
  /** Requests per window and client; 0 turns the limit off. */
  limit: number;
  windowMs?: number;
  timeoutMs?: number;
  retryMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export class RateLimiter {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private failing = false;
  /** While the counter is left alone after a failure: until then, requests go through. */
  private retryAt = 0;
  /** Client → its counter key, for recent clients (KEY_MEMO_MAX_CLIENTS). */
  private readonly keys = new Map<string, string>();

  constructor(private readonly options: RateLimiterOptions) {
    const { name, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`${MODULE}: limit of "${name}" must be a whole number of 0 or more, got ${limit}`);
    this.name = name;
    this.limit = limit;
    this.windowMs = options.windowMs ?? MINUTE_MS;
    this.timeoutMs = options.timeoutMs ?? COUNTER_TIMEOUT_MS;
    this.retryMs = options.retryMs ?? COUNTER_RETRY_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line: string) => console.warn(line));
  }

  /** Counts one request of `client` and says whether it may go on. */
  async take(client: string): Promise<Verdict> {
    const open: Verdict = { allowed: true, limit: this.limit, remaining: this.limit, retryAfterSeconds: 1, excess: 0 };
    if (this.limit === 0 || this.now() < this.retryAt) return open;
    let hits;
    try {
      hits = await this.countWithin(this.key(client));
    } catch (error) {
      if (!this.failing) this.log(`${MODULE}: "${this.name}" limit not checked, requests let through: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
      this.retryAt = this.now() + this.retryMs;
      return open;
    }
    if (this.failing) this.log(`${MODULE}: "${this.name}" limit checked again`);
    this.failing = false;
    return {
      allowed: hits.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - hits.count),
      retryAfterSeconds: Math.max(1, Math.ceil(hits.resetInMs / MS_PER_SECOND)),
      excess: Math.max(0, hits.count - this.limit),
    };
  }

  private key(client: string): string {
    let key = this.keys.get(client);
    if (key === undefined) {
      const digest = createHash('sha256').update(client).digest('hex').slice(0, CLIENT_HASH_CHARS);
      key = `ratelimit:${this.name}:${digest}`;
      if (this.keys.size >= KEY_MEMO_MAX_CLIENTS) this.keys.clear();
      this.keys.set(client, key);
    }
    return key;
  }

  private countWithin(key: string) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`counter did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([this.options.counter.hit(key, this.windowMs), timeout]).finally(() => clearTimeout(timer));
  }
}
