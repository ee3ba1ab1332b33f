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
/** Default of `REDIS_TIMEOUT_MS`: a command without a reply by then fails, so a stalled Redis cannot hang a request. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;
/**
 * Most commands waiting for a reply at once. While Redis is stalled, commands that timed out still
 * wait on the connection; past this many, new ones fail at once instead of filling memory.
 */
export const MAX_PENDING_COMMANDS = 10_000;

export interface RedisStoreOptions {
  /** Where connection errors are reported (they carry the host, never the password). */
  onError?: (message: string) => void;
  /** Longest wait for the reply to one command (default {@link DEFAULT_COMMAND_TIMEOUT_MS}). */
  timeoutMs?: number;
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

/** The message of an error, for log lines. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A connected node-redis client. */
export type Client = ReturnType<typeof createClient>;

/**
 * Connects a client the way every Redis-backed part of the server does: no offline queue (a
 * command fails at once while the connection is down), reconnects with backoff, gives up after
 * {@link STARTUP_CONNECT_ATTEMPTS} failed attempts at start. Errors name `module` and the host,
 * never the password.
 */
export async function connectClient(
  url: string,
  module: string,
  onError: (message: string) => void = (message) => console.error(message),
  queue: { maxPendingCommands?: number } = {},
): Promise<{ client: Client; host: string }> {
  const host = redisHost(url);
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    ...(queue.maxPendingCommands ? { commandsQueueMaxLength: queue.maxPendingCommands } : {}),
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (!connected && retries + 1 >= STARTUP_CONNECT_ATTEMPTS) return cause;
        return Math.min(RECONNECT_BASE_MS * 2 ** retries, RECONNECT_MAX_MS);
      },
    },
  });
  client.on('error', (error: unknown) => onError(`${module}: connection to ${host} failed: ${reason(error)}`));
  try {
    await client.connect();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(`${module}: cannot connect to ${host}: ${reason(error)}`);
  }
  connected = true;
  return { client: client as Client, host };
}

/**
 * KeyValueStore on Redis, for state shared by several replicas. Commands fail at once while the
 * connection is down (no offline queue) and after `timeoutMs` when Redis does not reply (a stalled
 * server), so a turn errors out instead of hanging. The client reconnects by itself.
 */
export class RedisStore implements KeyValueStore {
  private constructor(
    private readonly client: Client,
    readonly host: string,
    private readonly timeoutMs: number,
  ) {}

  /** Connects to `url`; rejects after {@link STARTUP_CONNECT_ATTEMPTS} failed attempts. */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new Error(`${MODULE}: timeoutMs must be a positive whole number of milliseconds, got ${timeoutMs}`);
    }
    const { client, host } = await connectClient(url, MODULE, options.onError, { maxPendingCommands: MAX_PENDING_COMMANDS });
    return new RedisStore(client, host, timeoutMs);
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

  /** Closes the connection, waiting for pending replies at most `timeoutMs` (then it is dropped). */
  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    try {
      await this.command('close', () => this.client.close());
    } catch {
      if (this.client.isOpen) this.client.destroy();
    }
  }

  /** Runs one command; it fails naming the command and host, and after `timeoutMs` without a reply. */
  private command<T>(name: string, run: () => Promise<T>): Promise<T> {
    return timedCommand(MODULE, this.host, this.timeoutMs, name, run);
  }
}

/**
 * One Redis command that fails after `timeoutMs` when Redis does not reply (a stalled server), its
 * error naming `module`, the command and the host. A reply that comes after the timeout is dropped.
 */
export async function timedCommand<T>(module: string, host: string, timeoutMs: number, name: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms (REDIS_TIMEOUT_MS)`)), timeoutMs);
  });
  try {
    const reply = run();
    reply.catch(() => undefined);
    return await Promise.race([reply, timedOut]);
  } catch (error) {
    throw new Error(`${module}: ${name} on ${host} failed: ${reason(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Redis `PX` takes a positive whole number of milliseconds. */
function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new Error(`${MODULE}: ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}
