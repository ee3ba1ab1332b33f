import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounter } from '../../state/index';
import { RedisCounter } from '../../state/redisCounter';
import { runHitCounterContract } from './hitCounterContract';
import { NO_REDIS_MESSAGE, freePort, hasRedisServer, startRedisServer, type RedisServer } from './redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

describe.skipIf(!redisInstalled)('Redis hit counter against a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  runHitCounterContract('Redis', async () => RedisCounter.connect(server.url));

  it('is what createCounter returns for a redis URL', async () => {
    const counter = await createCounter(server.url);
    expect(counter).toBeInstanceOf(RedisCounter);
    await counter.close();
  });

  it('counts the hits of two connections together, as replicas do', async () => {
    const [a, b] = await Promise.all([RedisCounter.connect(server.url), RedisCounter.connect(server.url)]);
    await a.hit('ratelimit:answers:shared', 60_000);
    await b.hit('ratelimit:answers:shared', 60_000);
    expect((await a.hit('ratelimit:answers:shared', 60_000)).count).toBe(3);
    await Promise.all([a.close(), b.close()]);
  });

  it('fails a hit on a closed counter with a message naming the module, key and host', async () => {
    const counter = await RedisCounter.connect(server.url);
    await counter.close();
    await expect(counter.hit('ratelimit:answers:x', 60_000)).rejects.toThrow(
      `state/redisCounter: counting ratelimit:answers:x on 127.0.0.1:${server.port} failed: The client is closed`,
    );
  });

  it('rejects a window that is not a positive whole number of milliseconds', async () => {
    const counter = await RedisCounter.connect(server.url);
    await expect(counter.hit('k', 0)).rejects.toThrow('state/redisCounter: windowMs must be a positive whole number of milliseconds, got 0');
    await counter.close();
  });
});

describe('Redis hit counter without a server', () => {
  it('fails to connect naming the host, after its attempts', async () => {
    const port = await freePort();
    await expect(RedisCounter.connect(`redis://127.0.0.1:${port}`, { onError: () => {} })).rejects.toThrow(
      `state/redisCounter: cannot connect to 127.0.0.1:${port}`,
    );
  });
});
