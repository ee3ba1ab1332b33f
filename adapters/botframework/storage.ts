import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { DEFAULT_CONVERSATION_TTL_MS, MAX_CONVERSATION_TTL_MS } from '../../bot/retention';
import type { KeyValueStore } from '../../state/kv';

const MODULE = 'adapters/botframework/storage';

/** Prefix of bot state keys in the shared key-value store (which also holds other modules' keys). */
export const BOT_STATE_PREFIX = 'botstate:';

/**
 * Bot state of a conversation nobody has written to for this long is dropped (a day by default,
 * `CONVERSATION_TTL_HOURS`; bot/retention.ts says what the state holds).
 */
export const BOT_STATE_TTL_MS = DEFAULT_CONVERSATION_TTL_MS;

export interface KeyValueBotStorageOptions {
  /** Expiry of each written item, at most `MAX_CONVERSATION_TTL_MS`: state is never kept for good. */
  ttlMs?: number;
}

/**
 * botbuilder's `Storage` over the project's KeyValueStore (Redis with REDIS_URL, memory otherwise).
 * Items are stored as JSON.
 *
 * Concurrency: writes are last-write-wins; incoming eTags are not compared. Turns of one
 * conversation are already serialised in process (see `serialise.ts`), and with several replicas
 * a WeChat user's burst normally lands on one; an optimistic check would turn the rare
 * cross-replica overlap into a failed turn (an error message to the user) instead of a lost
 * state change, which is the lesser harm for a Q&A bot whose state is a few hints. Each write
 * still gets a fresh eTag, so callers that look at it see a change.
 */
export class KeyValueBotStorage implements Storage {
  private readonly ttlMs: number;

  constructor(
    private readonly store: KeyValueStore,
    options: KeyValueBotStorageOptions = {},
  ) {
    const ttl = options.ttlMs ?? BOT_STATE_TTL_MS;
    if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_CONVERSATION_TTL_MS) {
      throw new Error(`${MODULE}: ttlMs must be a whole number of milliseconds from 1 to ${MAX_CONVERSATION_TTL_MS}, got ${ttl}`);
    }
    this.ttlMs = ttl;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const values = await Promise.all(keys.map((key) => this.store.get(BOT_STATE_PREFIX + key)));
    keys.forEach((key, i) => {
      const raw = values[i];
      if (raw !== null && raw !== undefined) items[key] = parse(key, raw);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => {
        const stored: StoreItem = { ...(item as StoreItem), eTag: randomUUID() };
        return this.store.set(BOT_STATE_PREFIX + key, JSON.stringify(stored), this.ttlMs);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.store.delete(BOT_STATE_PREFIX + key)));
  }
}

function parse(key: string, raw: string): StoreItem {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${MODULE}: stored item "${key}" is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${MODULE}: stored item "${key}" is not a JSON object`);
  }
  return value as StoreItem;
}
