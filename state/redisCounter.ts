import type { HitCounter, Hits } from './counter';
import { connectClient, reason, type Client } from './redis';

const MODULE = 'state/redisCounter';

export interface RedisCounterOptions {
  /** Where connection errors are reported (they carry the host, never the password). */
  onError?: (message: string) => void;
}



/**
 * HitCounter on Redis, so every replica counts the same hits. One transaction per hit:
 * `SET key 0 NX PX window` starts a window when there is none, `INCR` counts (keeping the
 * expiry), `PTTL` says when the window ends. Commands fail at once while the connection is down.
 */
export class RedisCounter implements HitCounter {
  private constructor(
    private readonly client: Client,
    readonly host: string,
  ) {}

  /** Connects to `url`; rejects after STARTUP_CONNECT_ATTEMPTS failed attempts. */
  static async connect(url: string, options: RedisCounterOptions = {}): Promise<RedisCounter> {
    const { client, host } = await connectClient(url, MODULE, options.onError);
    return new RedisCounter(client, host);
  }

  async hit(key: string, windowMs: number): Promise<Hits> {
    if (!Number.isInteger(windowMs) || windowMs <= 0) {
      throw new Error(`${MODULE}: windowMs must be a positive whole number of milliseconds, got ${windowMs}`);
    }
    let replies: unknown[];
    try {
      replies = await this.client
        .multi()
        .set(key, '0', { condition: 'NX', expiration: { type: 'PX', value: windowMs } })
        .incr(key)
        .pTTL(key)
        .exec();
    } catch (error) {
      throw new Error(`${MODULE}: counting ${key} on ${this.host} failed: ${reason(error)}`);
    }
    const [, count, ttl] = replies;
    // PTTL is -1 only if the key lost its expiry (written by something else): treat it as a fresh window.
    return { count: Number(count), resetInMs: Number(ttl) > 0 ? Number(ttl) : windowMs };
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
