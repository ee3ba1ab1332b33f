/**
 * Both cores: with Redis and WEB_CONCURRENCY=2, `server/main.ts` runs two worker processes sharing
 * the port, replaces one that dies, and stops both on SIGTERM. A real child process and a real
 * redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { planWorkers } from '../../server/cluster';
import { startChildServer, type ChildServer } from '../support/childServer';
import { hasRedisServer, NO_REDIS_MESSAGE, startRedisServer, type RedisServer } from '../state/redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

const QUESTION = '灵活就业人员能参加职工医保吗';
const LAW_QUOTE = '其他灵活就业人员可以参加职工基本医疗保险';
/** Three processes load the corpus on a busy machine. */
const CLUSTER_TIMEOUT_MS = 180_000;
/** How often the output is looked at while waiting for workers. */
const POLL_MS = 200;
/** How a worker names itself in its listening line. */
const WORKER_LINE = /listening on http:\/\/[^"]*worker (\d+), pid (\d+)/g;

function listeningWorkers(output: string): Array<{ id: number; pid: number }> {
  return [...output.matchAll(WORKER_LINE)].map((m) => ({ id: Number(m[1]), pid: Number(m[2]) }));
}

/** Resolves once `count` workers have printed their listening line. */
async function untilListening(server: ChildServer, count: number): Promise<void> {
  const deadline = Date.now() + CLUSTER_TIMEOUT_MS;
  while (listeningWorkers(server.output()).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} workers listened; output:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe('how many processes serve the port', () => {
  it('keeps one process with the in-memory store, and says why, even when WEB_CONCURRENCY asks for more', () => {
    expect(planWorkers({ webConcurrency: 4, redisUrl: null }, 2)).toEqual({
      workers: 1,
      reason: 'WEB_CONCURRENCY=4 ignored: one process, because state is in memory (REDIS_URL unset) and worker processes would not share it; set REDIS_URL to serve from every core',
    });
    expect(planWorkers({ webConcurrency: null, redisUrl: null }, 2).workers).toBe(1);
  });

  it('runs one worker per core with Redis, or WEB_CONCURRENCY of them', () => {
    expect(planWorkers({ webConcurrency: null, redisUrl: 'redis://127.0.0.1:6379' }, 2)).toEqual({
      workers: 2,
      reason: '2 worker processes sharing the port (WEB_CONCURRENCY unset: one per core (2)), state in Redis',
    });
    expect(planWorkers({ webConcurrency: 3, redisUrl: 'redis://127.0.0.1:6379' }, availableParallelism()).workers).toBe(3);
    expect(planWorkers({ webConcurrency: 1, redisUrl: 'redis://127.0.0.1:6379' }, 2)).toEqual({ workers: 1, reason: 'one process (WEB_CONCURRENCY=1)' });
  });
});

describe.skipIf(!redisInstalled)('two workers on Redis', { timeout: CLUSTER_TIMEOUT_MS }, () => {
  let redis: RedisServer;
  let server: ChildServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startChildServer({ REDIS_URL: redis.url, WEB_CONCURRENCY: '2' });
    // The child server resolves on the first listening line; wait for the second worker too.
    await untilListening(server, 2);
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await server?.kill();
    await redis?.stop();
  });

  const ask = async () => {
    const response = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    return { status: response.status, body: (await response.json()) as { text: string } };
  };

  it('says it runs two worker processes, and both listen', () => {
    expect(server.output()).toContain('processes: 2 worker processes sharing the port (WEB_CONCURRENCY=2), state in Redis');
    expect(new Set(listeningWorkers(server.output()).map((w) => w.pid)).size).toBe(2);
  });

  it('answers on the shared port', async () => {
    const { status, body } = await ask();
    expect(status).toBe(200);
    expect(body.text).toContain(LAW_QUOTE);
  });

  it('replaces a worker that is killed, and keeps answering', async () => {
    const [first] = listeningWorkers(server.output());
    process.kill(first!.pid, 'SIGKILL');
    await server.waitForOutput(`cluster: worker ${first!.id} (pid ${first!.pid}) killed by SIGKILL; starting a new one`, CLUSTER_TIMEOUT_MS);
    await untilListening(server, 3);
    const { status, body } = await ask();
    expect(status).toBe(200);
    expect(body.text).toContain(LAW_QUOTE);
  });

  it('stops every worker on SIGTERM and exits with 0', async () => {
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('cluster: every worker stopped');
  });
});
