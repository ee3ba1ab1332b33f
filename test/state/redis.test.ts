import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../state/index';
import { MemoryStore } from '../../state/memory';
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS, RedisStore, redisHost } from '../../state/redis';
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

/** Command timeout of the stores in the stall tests (REDIS_TIMEOUT_MS). */
const TIMEOUT_MS = 200;
/** Longest the tests wait for a restarted server to be reconnected to (the backoff caps at RECONNECT_MAX_MS). */
const RECONNECT_WAIT_MS = 4 * RECONNECT_MAX_MS;

/** Retries `get` until it answers (the client reconnects by itself), for at most RECONNECT_WAIT_MS. */
async function firstAnswer(store: RedisStore, key: string): Promise<string | null> {
  const giveUpAt = Date.now() + RECONNECT_WAIT_MS;
  for (;;) {
    try {
      return await store.get(key);
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_BASE_MS));
    }
  }
}

describe.skipIf(!redisInstalled)('Redis store when the server stalls or dies', () => {
  it('fails a command to a paused server after its timeout, naming the module, command and host', async () => {
    const server = await startRedisServer();
    const store = await RedisStore.connect(server.url, { timeoutMs: TIMEOUT_MS, onError: () => undefined });
    try {
      server.pause();
      await expect(store.get('api:conversation:1')).rejects.toThrow(
        `state/redis: GET on 127.0.0.1:${server.port} failed: no reply within ${TIMEOUT_MS} ms (REDIS_TIMEOUT_MS)`,
      );
      await expect(store.set('region', '甘肃')).rejects.toThrow(`state/redis: SET on 127.0.0.1:${server.port} failed: no reply within`);
      await expect(store.setIfAbsent('msg:1', 'x', 1_000)).rejects.toThrow(`state/redis: SET NX on 127.0.0.1:${server.port} failed: no reply within`);
      await expect(store.delete('region')).rejects.toThrow(`state/redis: DEL on 127.0.0.1:${server.port} failed: no reply within`);
    } finally {
      server.resume();
      await store.close();
      await server.stop();
    }
  });

  it('answers again as soon as a paused server runs again', async () => {
    const server = await startRedisServer();
    const store = await RedisStore.connect(server.url, { timeoutMs: TIMEOUT_MS, onError: () => undefined });
    try {
      await store.set('region', '青海');
      server.pause();
      await expect(store.get('region')).rejects.toThrow('no reply within');
      server.resume();
      expect(await store.get('region')).toBe('青海');
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('closes without waiting for a paused server', async () => {
    const server = await startRedisServer();
    const store = await RedisStore.connect(server.url, { timeoutMs: TIMEOUT_MS, onError: () => undefined });
    server.pause();
    await store.get('k').catch(() => undefined);
    await store.close();
    await expect(store.get('k')).rejects.toThrow('The client is closed');
    await server.stop();
  });

  it('fails commands while the server is dead and reconnects by itself when it is back on the same port', async () => {
    const first = await startRedisServer();
    const reported: string[] = [];
    const store = await RedisStore.connect(first.url, { timeoutMs: TIMEOUT_MS, onError: (m) => reported.push(m) });
    let second: RedisServer | undefined;
    try {
      await store.set('region', '鄂州');
      await first.kill();
      await expect(store.get('region')).rejects.toThrow(`state/redis: GET on 127.0.0.1:${first.port} failed:`);
      second = await startRedisServer([], first.port);
      expect(await firstAnswer(store, 'region')).toBeNull(); // a fresh server: the key is gone, the connection is back
      await store.set('region', '上海');
      expect(await store.get('region')).toBe('上海');
      expect(reported.join('\n')).toContain(`state/redis: connection to 127.0.0.1:${first.port} failed`);
    } finally {
      await store.close();
      await second?.stop();
    }
  });

  it('rejects a timeout that is not a positive whole number', async () => {
    await expect(RedisStore.connect('redis://127.0.0.1:1', { timeoutMs: 0 })).rejects.toThrow(
      'state/redis: timeoutMs must be a positive whole number of milliseconds, got 0',
    );
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
