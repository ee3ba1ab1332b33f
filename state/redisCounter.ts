import { createClient } from 'redis';
import type { HitCounter, Hits } from './counter';
import { CONNECT_TIMEOUT_MS, RECONNECT_BASE_MS, RECONNECT_MAX_MS, STARTUP_CONNECT_ATTEMPTS, redisHost } from './redis';

const MODULE = 'state/redisCounter';

export interface RedisCounterOptions {
  /** Where connection errors are reported (they carry the host, never the password). */
  onError?: (message: string) => void;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Client = ReturnType<typeof createClient>;

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
    const host = redisHost(url);
    const onError = options.onError ?? ((message: string) => console.error(message));
    let connected = false;
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries: number, cause: Error) => {
          if (!connected && retries + 1 >= STARTUP_CONNECT_ATTEMPTS) return cause;
          return Math.min(RECONNECT_BASE_MS * 2 ** retries, RECONNECT_MAX_MS);
        },
      },
    });
    client.on('error', (error: unknown) => onError(`${MODULE}: connection to ${host} failed: ${reason(error)}`));
    try {
      await client.connect();
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw new Error(`${MODULE}: cannot connect to ${host}: ${reason(error)}`);
    }
    connected = true;
    return new RedisCounter(client as Client, host);
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
