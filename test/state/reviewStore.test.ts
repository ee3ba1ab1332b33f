import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewStore } from '../../state/index';
import { RedisReviewStore } from '../../state/redisReviewStore';
import { REVIEW_DB_FILE, SqliteReviewStore } from '../../state/sqliteReviewStore';
import { runReviewStoreContract } from './reviewStoreContract';
import { hasRedisServer, NO_REDIS_MESSAGE, startRedisServer, type RedisServer } from './redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

describe('SQLite review store in a data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'review-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  runReviewStoreContract('SQLite', async () => SqliteReviewStore.inDataDir(dataDir), async () => SqliteReviewStore.inDataDir(dataDir));

  it('is what createReviewStore returns without a Redis URL, in DATA_DIR/review.db', async () => {
    const dir = join(dataDir, 'nested', 'data');
    const store = await createReviewStore(null, dir);
    expect(store).toBeInstanceOf(SqliteReviewStore);
    expect(store.description).toBe(`SQLite ${join(dir, REVIEW_DB_FILE)}`);
    expect(existsSync(join(dir, REVIEW_DB_FILE))).toBe(true);
    await store.close();
  });

  it('gives a version 1 database the column for a 没用 vote\'s reason, keeping its votes', async () => {
    const file = join(dataDir, 'version-1.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE votes (id INTEGER PRIMARY KEY, voter TEXT NOT NULL, clause_id TEXT NOT NULL, useful INTEGER NOT NULL, question TEXT,
      channel TEXT NOT NULL, at INTEGER NOT NULL, UNIQUE (voter, clause_id)); PRAGMA user_version = 1;`);
    old.prepare('INSERT INTO votes (voter, clause_id, useful, question, channel, at) VALUES (?, ?, ?, ?, ?, ?)').run('v1', 'cn-plan-2021:p1', 1, '异地就医怎么备案', 'web', 1);
    old.close();
    const store = new SqliteReviewStore(file);
    await store.recordVote({ voter: 'v2', clauseId: 'cn-plan-2021:p1', useful: false, question: '异地就医怎么备案', channel: 'web', at: 2, reason: '看不懂' });
    const { votes } = await store.recent(10);
    expect(votes.map((v) => [v.voter, v.reason])).toEqual([['v2', '看不懂'], ['v1', undefined]]);
    await store.close();
  });

  it('names the module and the file when the database cannot be opened', () => {
    const file = join(dataDir, 'not-a-database.db');
    rmSync(file, { force: true });
    writeFileSync(file, 'this is not an SQLite file, just text that is long enough to be read as a header');
    expect(() => new SqliteReviewStore(file)).toThrow(`state/sqlite: cannot open the review database ${file}: file is not a database`);
  });
});

describe.skipIf(!redisInstalled)('Redis review store against a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  runReviewStoreContract('Redis', async () => RedisReviewStore.connect(server.url), async () => RedisReviewStore.connect(server.url));

  it('is what createReviewStore returns for a Redis URL', async () => {
    const store = await createReviewStore(server.url, 'unused');
    expect(store).toBeInstanceOf(RedisReviewStore);
    expect(store.description).toBe(`Redis 127.0.0.1:${server.port}`);
    await store.close();
  });

  it('gives up on a command after its timeout when Redis stalls, naming REDIS_TIMEOUT_MS', async () => {
    const store = await RedisReviewStore.connect(server.url, { timeoutMs: 100 });
    server.pause();
    try {
      await expect(store.voteCounts('cn-plan-2021:p1')).rejects.toThrow(`state/redis-review: HGETALL counts on 127.0.0.1:${server.port} failed: no reply within 100 ms (REDIS_TIMEOUT_MS)`);
    } finally {
      server.resume();
      await store.close();
    }
  });

  it('fails a command on a closed store with a message naming the module, command and host', async () => {
    const store = await RedisReviewStore.connect(server.url);
    await store.close();
    await expect(store.voteCounts('cn-plan-2021:p1')).rejects.toThrow(`state/redis-review: HGETALL counts on 127.0.0.1:${server.port} failed: The client is closed`);
  });
});
