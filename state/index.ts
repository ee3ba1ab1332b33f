import type { KeyValueStore } from './kv';
import { MemoryStore } from './memory';
import { RedisStore, type RedisStoreOptions } from './redis';

export type { KeyValueStore } from './kv';

/**
 * The key-value store for this process: Redis when a URL is configured (state shared by replicas),
 * otherwise the in-memory store (one machine; state is lost on restart).
 */
export async function createStore(redisUrl: string | null, options: RedisStoreOptions = {}): Promise<KeyValueStore> {
  if (redisUrl === null) return new MemoryStore();
  return RedisStore.connect(redisUrl, options);
}
