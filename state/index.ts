import type { KeyValueStore } from './kv';
import { MemoryStore } from './memory';
import { RedisStore, type RedisStoreOptions } from './redis';
import type { HitCounter } from './counter';
import { MemoryCounter } from './memoryCounter';
import { RedisCounter, type RedisCounterOptions } from './redisCounter';

export type { KeyValueStore } from './kv';
export type { HitCounter } from './counter';

/**
 * The key-value store for this process: Redis when a URL is configured (state shared by replicas),
 * otherwise the in-memory store (one machine; state is lost on restart).
 */
export async function createStore(redisUrl: string | null, options: RedisStoreOptions = {}): Promise<KeyValueStore> {
  if (redisUrl === null) return new MemoryStore();
  return RedisStore.connect(redisUrl, options);
}

/**
 * The hit counter for rate limits: on Redis when a URL is configured (every replica counts the
 * same hits), otherwise in memory.
 */
export async function createCounter(redisUrl: string | null, options: RedisCounterOptions = {}): Promise<HitCounter> {
  if (redisUrl === null) return new MemoryCounter();
  return RedisCounter.connect(redisUrl, options);
}
