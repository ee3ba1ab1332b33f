import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../bot/types';
import { createReviewStore, createStore } from '../../state/index';
import type { KeyValueStore } from '../../state/kv';
import type { ReviewStore } from '../../state/reviewStore';
import { startRealServer, type RealServer } from '../http/realServer';
import { hasRedisServer, NO_REDIS_MESSAGE, startRedisServer, type RedisServer } from '../state/redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

const TOKEN = 'staff-token-0123456789abcdef';
/** Replicas look for questions attached elsewhere this often in this test (the default is 2 s). */
const POLL_MS = '50';
/** How long the test waits for replica B to see a question attached on A before giving up. */
const PROPAGATION_WAIT_MS = 10_000;

interface Replica {
  server: RealServer;
  store: KeyValueStore;
  review: ReviewStore;
}

/** One replica as `npm start` runs it with REDIS_URL set: conversation state and review store on Redis. */
async function replica(redisUrl: string): Promise<Replica> {
  const store = await createStore(redisUrl);
  const review = await createReviewStore(redisUrl, 'unused');
  const server = await startRealServer({ env: { CONSOLE_TOKEN: TOKEN, REDIS_URL: redisUrl, REVIEW_POLL_MS: POLL_MS }, store, review });
  return { server, store, review };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

async function ask(base: string, question: string): Promise<Answer> {
  return (await post(base, '/api/ask', { question })).body as Answer;
}

describe.skipIf(!redisInstalled)('two replicas sharing a real redis-server', () => {
  let redis: RedisServer;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    redis = await startRedisServer();
    a = await replica(redis.url);
    b = await replica(redis.url);
  });
  afterAll(async () => {
    for (const r of [a, b]) {
      await r?.server.close();
      await r?.store.close();
      await r?.review.close();
    }
    await redis?.stop();
  });

  it('answers on replica B, without a restart, a question attached to a clause on replica A', async () => {
    const clauseId = 'cn-si-handling-reg:a13.p1';
    const before = await ask(b.server.url, '医保转移怎么弄');
    expect(before.citations[0]?.clauseId).not.toBe(clauseId);
    const attached = await post(a.server.url, '/api/review/attach', { clauseId, question: '医保转移怎么弄' }, { authorization: `Bearer ${TOKEN}` });
    expect(attached.status).toBe(201);
    // Replica A answers from the clause at once; B as soon as its next poll sees the attachment.
    expect((await ask(a.server.url, '医保转移怎么弄')).citations[0]?.clauseId).toBe(clauseId);
    const deadline = Date.now() + PROPAGATION_WAIT_MS;
    let onB = await ask(b.server.url, '医保转移怎么弄');
    while (onB.citations[0]?.clauseId !== clauseId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Number(POLL_MS)));
      onB = await ask(b.server.url, '医保转移怎么弄');
    }
    expect(onB.answered).toBe(true);
    expect(onB.citations[0]?.clauseId).toBe(clauseId);
  });

  it('counts a vote on replica B for an answer given on replica A, once per clause per conversation', async () => {
    const { body: created } = await post(a.server.url, '/web/conversations', {});
    const { body } = await post(a.server.url, `/web/conversations/${created.conversationId}/messages`, { text: '灵活就业人员能参加职工医保吗' });
    const clauseId = body.replies[0].citations[0].clauseId as string;
    const vote = { conversationId: created.conversationId, clauseId, useful: false };
    expect((await post(b.server.url, '/web/feedback', vote)).status).toBe(204);
    expect((await post(a.server.url, '/web/feedback', { ...vote, useful: true })).body.error.code).toBe('already_voted');
    const counts = await (await fetch(`${a.server.url}/web/feedback/${clauseId}`)).json();
    expect(counts).toEqual({ clauseId, useful: 0, notUseful: 1 });
    const [recorded] = (await b.review.recent(1)).votes;
    expect(recorded).toMatchObject({ clauseId, useful: false, question: '灵活就业人员能参加职工医保吗', channel: 'web' });
  });

  it('shows both replicas the declined questions either of them recorded', async () => {
    await ask(a.server.url, '宠物看病能报销吗');
    await ask(b.server.url, '宠物看病能报销吗');
    const res = await fetch(`${b.server.url}/api/review/queue`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { groups } = (await res.json()) as { groups: Array<{ question: string; count: number }> };
    expect(groups.find((g) => g.question === '宠物看病能报销吗')?.count).toBe(2);
  });
});
