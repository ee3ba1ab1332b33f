import type { KeyValueStore } from './kv';

const MODULE = 'state/memory';

/** How often expired keys are swept out, so keys nobody reads again do not stay in memory. */
export const SWEEP_INTERVAL_MS = 60_000;

/**
 * Most keys kept by default. A conversation holds one or two keys of a few hundred bytes, so this
 * bounds the store at a few megabytes; past it the oldest-written key is evicted.
 */
export const DEFAULT_MAX_KEYS = 20_000;

export interface MemoryStoreOptions {
  /** Most keys kept; writing one more evicts the key written longest ago (default {@link DEFAULT_MAX_KEYS}). */
  maxKeys?: number;
  /** Time between sweeps of expired keys (default {@link SWEEP_INTERVAL_MS}); the timer never keeps the process alive. */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * In-process store: the default when no `REDIS_URL` is set. Expired keys are dropped when read and
 * by a periodic sweep; the store holds at most `maxKeys` keys, evicting the oldest-written first.
 */
export class MemoryStore implements KeyValueStore {
  /** In write order: a key written again moves to the end, so the first key is the oldest. */
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    options: MemoryStoreOptions = {},
  ) {
    this.maxKeys = positive('maxKeys', options.maxKeys ?? DEFAULT_MAX_KEYS);
    const interval = positive('sweepIntervalMs', options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
    this.sweeper = setInterval(() => this.sweep(), interval);
    this.sweeper.unref();
  }

  /** Keys held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.now() + ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  /** Drops every expired key; returns how many were dropped. Runs every `sweepIntervalMs`. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${MODULE}: ${name} must be a positive whole number, got ${value}`);
  return value;
}
