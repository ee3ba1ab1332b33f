import type { KeyValueStore } from './kv';
import { MemoryStore, type MemoryStoreOptions } from './memory';
import type { RedisStoreOptions } from './redis';
import type { ReviewStore } from './reviewStore';
import type { HitCounter } from './counter';
import { MemoryCounter } from './memoryCounter';
import type { RedisCounterOptions } from './redisCounter';

export type { KeyValueStore } from './kv';
export type { ReviewStore } from './reviewStore';
export type { HitCounter } from './counter';

export interface StoreOptions extends RedisStoreOptions {
  /** Options of the in-memory store, used when no Redis URL is configured. */
  memory?: MemoryStoreOptions;
}

// The Redis client (about 170 ms to import) and better-sqlite3 are imported only by the
// configuration that uses them, so a start without REDIS_URL never loads the Redis client.

/**
 * The key-value store for this process: Redis when a URL is configured (state shared by replicas),
 * otherwise the in-memory store (one machine; state is lost on restart).
 */
export async function createStore(redisUrl: string | null, options: StoreOptions = {}): Promise<KeyValueStore> {
  if (redisUrl === null) return new MemoryStore(Date.now, options.memory);
  const { RedisStore } = await import('./redis');
  return RedisStore.connect(redisUrl, options);
}

/**
 * The review store (feedback, declined questions, attached questions) for this process: Redis
 * when a URL is configured (shared by replicas), otherwise an SQLite file in `dataDir`.
 */
export async function createReviewStore(redisUrl: string | null, dataDir: string, options: RedisStoreOptions = {}): Promise<ReviewStore> {
  if (redisUrl === null) {
    const { SqliteReviewStore } = await import('./sqliteReviewStore');
    return SqliteReviewStore.inDataDir(dataDir);
  }
  const { RedisReviewStore } = await import('./redisReviewStore');
  return RedisReviewStore.connect(redisUrl, options);
}

/**
 * The hit counter for rate limits: on Redis when a URL is configured (every replica counts the
 * same hits), otherwise in memory.
 */
export async function createCounter(redisUrl: string | null, options: RedisCounterOptions = {}): Promise<HitCounter> {
  if (redisUrl === null) return new MemoryCounter();
  const { RedisCounter } = await import('./redisCounter');
  return RedisCounter.connect(redisUrl, options);
}
