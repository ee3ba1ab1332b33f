import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../adapters/rateLimiter';
import { MemoryCounter } from '../../state/memoryCounter';
import { RedisCounter } from '../../state/redisCounter';
import { NO_REDIS_MESSAGE, hasRedisServer, startRedisServer, type RedisServer } from '../state/redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

const MINUTE_MS = 60_000;

describe('per-client rate limiter', () => {
  it('lets a client send its limit in a window and refuses the next request until the window ends', async () => {
    let now = 0;
    const limiter = new RateLimiter({ counter: new MemoryCounter(() => now), name: 'answers', limit: 3 });
    const verdicts = [];
    for (let i = 0; i < 3; i += 1) verdicts.push(await limiter.take('127.0.0.2'));
    expect(verdicts.map((v) => [v.allowed, v.remaining])).toEqual([[true, 2], [true, 1], [true, 0]]);
    now = 17_400;
    expect(await limiter.take('127.0.0.2')).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 43, excess: 1 });
    expect((await limiter.take('127.0.0.2')).excess).toBe(2);
    now = MINUTE_MS;
    expect((await limiter.take('127.0.0.2')).allowed).toBe(true);
  });

  it('counts each client on its own', async () => {
    const limiter = new RateLimiter({ counter: new MemoryCounter(), name: 'answers', limit: 1 });
    await limiter.take('o-flood');
    expect((await limiter.take('o-flood')).allowed).toBe(false);
    expect((await limiter.take('o-other')).allowed).toBe(true);
  });

  it('limits nothing with a limit of 0', async () => {
    const limiter = new RateLimiter({ counter: new MemoryCounter(), name: 'answers', limit: 0 });
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => limiter.take('127.0.0.2')));
    expect(verdicts.every((v) => v.allowed)).toBe(true);
  });

  it('refuses a negative limit, naming it', () => {
    expect(() => new RateLimiter({ counter: new MemoryCounter(), name: 'lookups', limit: -1 })).toThrow(
      'rateLimiter: limit of "lookups" must be a whole number of 0 or more, got -1',
    );
  });
});

describe.skipIf(!redisInstalled)('per-client rate limiter on a real redis-server', () => {
  let server: RedisServer;
  let admin: ReturnType<typeof createClient>;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = createClient({ url: server.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  it('keeps neither addresses nor openids in its keys, only their hashes', async () => {
    const counter = await RedisCounter.connect(server.url);
    const limiter = new RateLimiter({ counter, name: 'answers', limit: 5 });
    await limiter.take('127.0.0.2');
    await limiter.take('mp:wx-app:o-user-甘肃');
    const keys = await admin.keys('ratelimit:*');
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^ratelimit:answers:[0-9a-f]{32}$/);
    await counter.close();
  });

  it('lets requests through while Redis stalls, logging once when it starts and once when it ends', async () => {
    const counter = await RedisCounter.connect(server.url);
    const logs: string[] = [];
    const limiter = new RateLimiter({ counter, name: 'answers', limit: 1, timeoutMs: 100, retryMs: 0, log: (line) => logs.push(line) });
    expect((await limiter.take('127.0.0.9')).allowed).toBe(true);
    await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']);
    const stalled = await Promise.all([limiter.take('127.0.0.9'), limiter.take('127.0.0.9')]);
    expect(stalled.map((v) => v.allowed)).toEqual([true, true]);
    await admin.sendCommand(['CLIENT', 'UNPAUSE']);
    expect((await limiter.take('127.0.0.9')).allowed).toBe(false);
    expect(logs).toEqual([
      'rateLimiter: "answers" limit not checked, requests let through: counter did not answer within 100 ms',
      'rateLimiter: "answers" limit checked again',
    ]);
    await counter.close();
  });

  it('leaves a failed counter alone for a while, letting requests through without asking it', async () => {
    const counter = await RedisCounter.connect(server.url);
    let now = 0;
    const limiter = new RateLimiter({ counter, name: 'answers', limit: 1, timeoutMs: 100, retryMs: 5000, now: () => now, log: () => {} });
    await limiter.take('127.0.0.10');
    await admin.sendCommand(['CLIENT', 'PAUSE', '300', 'ALL']);
    expect((await limiter.take('127.0.0.10')).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    now = 4999;
    expect((await limiter.take('127.0.0.10')).allowed).toBe(true);
    now = 5000;
    expect((await limiter.take('127.0.0.10')).allowed).toBe(false);
    await counter.close();
  });

  it('lets requests through when the counter is closed', async () => {
    const counter = await RedisCounter.connect(server.url);
    const logs: string[] = [];
    const limiter = new RateLimiter({ counter, name: 'lookups', limit: 1, log: (line) => logs.push(line) });
    await counter.close();
    expect((await limiter.take('127.0.0.9')).allowed).toBe(true);
    expect((await limiter.take('127.0.0.9')).allowed).toBe(true);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^rateLimiter: "lookups" limit not checked, requests let through: state\/redisCounter: counting ratelimit:lookups:[0-9a-f]{32} on 127\.0\.0\.1:\d+ failed: The client is closed$/);
  });
});
