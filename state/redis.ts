import { createClient } from 'redis';
import type { KeyValueStore } from './kv';

const MODULE = 'state/redis';

/** Connection attempts at startup before giving up (a wrong REDIS_URL should fail fast). */
export const STARTUP_CONNECT_ATTEMPTS = 3;
/** Per-attempt connection timeout. */
export const CONNECT_TIMEOUT_MS = 2000;
/** Reconnect backoff after the first successful connection: doubling from the base up to the cap, forever. */
export const RECONNECT_BASE_MS = 100;
export const RECONNECT_MAX_MS = 5000;

export interface RedisStoreOptions {
  /** Where connection errors are reported (they carry the host, never the password). */
  onError?: (message: string) => void;
}

/** `host:port` of a Redis URL, for messages: never the user name or password. */
export function redisHost(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${MODULE}: REDIS_URL is not a valid URL (expected redis://[:password@]host:port[/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`${MODULE}: REDIS_URL must start with redis:// or rediss://, got "${parsed.protocol}//"`);
  }
  return parsed.host;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Client = ReturnType<typeof createClient>;

/**
 * KeyValueStore on Redis, for state shared by several replicas. Commands fail at once while the
 * connection is down (no offline queue), so a turn errors out instead of hanging.
 */
export class RedisStore implements KeyValueStore {
  private constructor(
    private readonly client: Client,
    readonly host: string,
  ) {}

  /** Connects to `url`; rejects after {@link STARTUP_CONNECT_ATTEMPTS} failed attempts. */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
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
    return new RedisStore(client as Client, host);
  }

  async get(key: string): Promise<string | null> {
    return this.command('GET', () => this.client.get(key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined) checkTtl(ttlMs);
    await this.command('SET', () =>
      ttlMs === undefined ? this.client.set(key, value) : this.client.set(key, value, { expiration: { type: 'PX', value: ttlMs } }),
    );
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs);
    const result = await this.command('SET NX', () =>
      this.client.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }),
    );
    return result === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.command('DEL', () => this.client.del(key));
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }

  private async command<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new Error(`${MODULE}: ${name} on ${this.host} failed: ${reason(error)}`);
    }
  }
}

/** Redis `PX` takes a positive whole number of milliseconds. */
function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new Error(`${MODULE}: ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}
