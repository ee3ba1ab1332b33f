/**
 * Key-value state shared across replicas: conversation state, WeChat retry de-duplication.
 * `memory.ts` is the embedded default for one machine; `redis.ts` is for several replicas.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Stores `value`; with `ttlMs` the key expires after that many milliseconds. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Stores `value` only when `key` is absent; true when it was stored (Redis `SET NX PX`). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
