import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_STATE_PREFIX, BOT_STATE_TTL_MS, KeyValueBotStorage } from '../../adapters/botframework/storage';
import { createBotApp } from '../../adapters/botframework/app';
import { createConversationRunner } from '../../adapters/botframework/runner';
import type { KeyValueStore } from '../../state/kv';
import { MemoryStore } from '../../state/memory';
import { RedisStore } from '../../state/redis';
import { NO_REDIS_MESSAGE, hasRedisServer, startRedisServer, type RedisServer } from '../state/redisServer';
import { FLEXIBLE_CITATION, fakeConversation } from './fakeConversation';

const KEY = 'wechat/yibao-bot/conversations/o-1';

function storageRoundTrips(name: string, makeStore: () => Promise<KeyValueStore>): void {
  describe(`bot storage over the ${name} store`, () => {
    let store: KeyValueStore;
    let storage: KeyValueBotStorage;
    beforeAll(async () => {
      store = await makeStore();
      storage = new KeyValueBotStorage(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('reads back what it wrote, with a fresh eTag', async () => {
      await storage.write({ [KEY]: { yibao: { region: '青海', turns: 1 }, eTag: 'old' } });
      const items = await storage.read([KEY]);
      expect(items[KEY]?.yibao).toEqual({ region: '青海', turns: 1 });
      expect(items[KEY]?.eTag).toEqual(expect.any(String));
      expect(items[KEY]?.eTag).not.toBe('old');
    });

    it('returns only keys that exist', async () => {
      expect(await storage.read(['never/written'])).toEqual({});
    });

    it('lets the last write win whatever eTag it carries', async () => {
      await storage.write({ [KEY]: { yibao: { region: '甘肃', turns: 1 }, eTag: 'stale' } });
      await storage.write({ [KEY]: { yibao: { region: '浙江', turns: 2 }, eTag: 'also stale' } });
      expect((await storage.read([KEY]))[KEY]?.yibao).toEqual({ region: '浙江', turns: 2 });
    });

    it('forgets deleted keys', async () => {
      await storage.write({ [KEY]: { yibao: { turns: 1 } } });
      await storage.delete([KEY]);
      expect(await storage.read([KEY])).toEqual({});
    });

    it('keeps its keys under its own prefix in the shared store', async () => {
      await storage.write({ [KEY]: { yibao: { turns: 3 } } });
      expect(JSON.parse((await store.get(BOT_STATE_PREFIX + KEY)) ?? 'null')).toMatchObject({ yibao: { turns: 3 } });
    });

    it('remembers the region across turns of a conversation', async () => {
      const app = createBotApp({ conversation: fakeConversation(), storage });
      const run = createConversationRunner({ app });
      const turn = { channel: 'wechat', conversationId: `o-${name}`, userId: `o-${name}`, kind: 'message' as const };
      await run({ ...turn, text: '灵活就业人员能参加职工医保吗' });
      const [reply] = await run({ ...turn, text: '那青海呢' });
      expect(reply?.citations[0]).toEqual(FLEXIBLE_CITATION);
      const [later] = await run({ ...turn, text: '明天下雨吗' });
      expect(later?.text).toContain('地区：青海');
    });
  });
}

storageRoundTrips('in-memory', async () => new MemoryStore());

describe('bot storage errors', () => {
  it('names the module and the key when a stored item is not JSON', async () => {
    const store = new MemoryStore();
    await store.set(BOT_STATE_PREFIX + KEY, '{broken');
    await expect(new KeyValueBotStorage(store).read([KEY])).rejects.toThrow(
      `adapters/botframework/storage: stored item "${KEY}" is not valid JSON`,
    );
  });

  it('names the module and the key when a stored item is not an object', async () => {
    const store = new MemoryStore();
    await store.set(BOT_STATE_PREFIX + KEY, '[1,2]');
    await expect(new KeyValueBotStorage(store).read([KEY])).rejects.toThrow(
      `adapters/botframework/storage: stored item "${KEY}" is not a JSON object`,
    );
  });

  it('lets written items expire after the configured ttl', async () => {
    const storage = new KeyValueBotStorage(new MemoryStore(), { ttlMs: 30 });
    await storage.write({ [KEY]: { yibao: { turns: 1 } } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await storage.read([KEY])).toEqual({});
  });

  it('keeps state a day by default, never for good, and at most a week', async () => {
    let now = 0;
    const store = new MemoryStore(() => now);
    await new KeyValueBotStorage(store).write({ [KEY]: { yibao: { turns: 1 } } });
    now = BOT_STATE_TTL_MS - 1;
    expect(await store.get(BOT_STATE_PREFIX + KEY)).not.toBeNull();
    now = BOT_STATE_TTL_MS;
    expect(await store.get(BOT_STATE_PREFIX + KEY)).toBeNull();
    expect(BOT_STATE_TTL_MS).toBe(24 * 60 * 60 * 1000);
    expect(() => new KeyValueBotStorage(store, { ttlMs: 8 * 24 * 60 * 60 * 1000 })).toThrow(
      'adapters/botframework/storage: ttlMs must be a whole number of milliseconds from 1 to 604800000, got 691200000',
    );
    expect(() => new KeyValueBotStorage(store, { ttlMs: 0 })).toThrow(
      'adapters/botframework/storage: ttlMs must be a whole number of milliseconds from 1 to 604800000, got 0',
    );
  });
});

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

describe.skipIf(!redisInstalled)('bot storage on a real redis-server', () => {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  storageRoundTrips('Redis', async () => RedisStore.connect((server as RedisServer).url));
});
