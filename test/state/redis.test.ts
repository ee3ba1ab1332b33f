import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../state/index';
import { MemoryStore } from '../../state/memory';
import { RedisStore, redisHost } from '../../state/redis';
import { runKeyValueStoreContract } from './keyValueContract';
import { NO_REDIS_MESSAGE, freePort, hasRedisServer, startRedisServer, type RedisServer } from './redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

describe.skipIf(!redisInstalled)('Redis store against a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  runKeyValueStoreContract('Redis', async () => RedisStore.connect(server.url));

  it('is what createStore returns for a redis URL', async () => {
    const store = await createStore(server.url);
    expect(store).toBeInstanceOf(RedisStore);
    await store.close();
  });

  it('shares keys between two connections, as replicas do', async () => {
    const [a, b] = await Promise.all([RedisStore.connect(server.url), RedisStore.connect(server.url)]);
    await a.set('shared', '鄂州');
    expect(await b.get('shared')).toBe('鄂州');
    await Promise.all([a.close(), b.close()]);
  });

  it('fails a command on a closed store with a message naming the module, command and host', async () => {
    const store = await RedisStore.connect(server.url);
    await store.close();
    await expect(store.get('k')).rejects.toThrow(`state/redis: GET on 127.0.0.1:${server.port} failed: The client is closed`);
  });

  it('rejects a ttl that is not a positive whole number', async () => {
    const store = await RedisStore.connect(server.url);
    await expect(store.set('k', 'v', 0)).rejects.toThrow('state/redis: ttlMs must be a positive whole number of milliseconds, got 0');
    await store.close();
  });
});

describe.skipIf(!redisInstalled)('Redis store with a password', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer(['--requirepass', 's3cret-pw']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('connects with the password in the URL', async () => {
    const store = await RedisStore.connect(`redis://:s3cret-pw@127.0.0.1:${server.port}`);
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
    await store.close();
  });

  it('names the host but never the password when the password is wrong', async () => {
    const reported: string[] = [];
    const error = await RedisStore.connect(`redis://:wrong-pw@127.0.0.1:${server.port}`, { onError: (m) => reported.push(m) }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(new RegExp(`^state/redis: cannot connect to 127\\.0\\.0\\.1:${server.port}: WRONGPASS`));
    expect(error?.message).not.toContain('wrong-pw');
    expect(reported.join('\n')).not.toContain('wrong-pw');
  });
});

describe('Redis store configuration', () => {
  it('gives up on an unreachable server with a message naming the module and host', async () => {
    const port = await freePort();
    await expect(RedisStore.connect(`redis://:pw@127.0.0.1:${port}`, { onError: () => undefined })).rejects.toThrow(
      `state/redis: cannot connect to 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('rejects a URL that does not parse, without echoing it', async () => {
    await expect(createStore('::not a url:secret')).rejects.toThrow(
      'state/redis: REDIS_URL is not a valid URL (expected redis://[:password@]host:port[/db])',
    );
  });

  it('rejects a URL with another scheme', () => {
    expect(() => redisHost('http://127.0.0.1:6379')).toThrow('state/redis: REDIS_URL must start with redis:// or rediss://, got "http://"');
  });

  it('uses the in-memory store when no URL is configured', async () => {
    expect(await createStore(null)).toBeInstanceOf(MemoryStore);
  });
});
