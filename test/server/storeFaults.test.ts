/**
 * A stalled (SIGSTOP) and a dead (SIGKILL) redis-server under the real server, through the real
 * routes: every channel still answers, without conversation memory and saying so; WeChat answers
 * within its window; /readyz reports the store down; and everything recovers by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { RECONNECT_MAX_MS, RedisStore } from '../../state/redis';
import { startRealServer, type RealServer } from '../http/realServer';
import { NO_REDIS_MESSAGE, hasRedisServer, startRedisServer, type RedisServer } from '../state/redisServer';
import { pushXml, signedQuery } from '../wechat/harness';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

const WECHAT_TOKEN = 'store-fault-token';
/** Longest the test waits for the server to find a restarted Redis (the reconnect backoff caps at RECONNECT_MAX_MS). */
const RECOVERY_WAIT_MS = 4 * RECONNECT_MAX_MS;
const POLL_MS = 100;

const FIRST = '灵活就业人员能参加职工医保吗';
const FOLLOW_UP = '那甘肃呢';
/** The clause FIRST is answered from. */
const LAW_QUOTE = '其他灵活就业人员可以参加职工基本医疗保险';

let redis: RedisServer;
let store: RedisStore;
let server: RealServer;
const storeErrors: string[] = [];

beforeAll(async () => {
  if (!redisInstalled) return;
  redis = await startRedisServer();
  const env = { WECHAT_TOKEN, WECHAT_APP_ID: 'wx-store-fault' };
  store = await RedisStore.connect(redis.url, { onError: (line) => storeErrors.push(line) });
  server = await startRealServer({ env, store });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await redis?.stop();
});

interface ApiAnswer {
  answered: boolean;
  text: string;
  citations: { docId: string }[];
}

async function ask(question: string, conversationId: string): Promise<ApiAnswer> {
  const response = await fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question, conversationId }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ApiAnswer;
}

async function webChat(conversationId: string, text: string): Promise<string> {
  const response = await fetch(`${server.url}/web/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(200);
  const { replies } = (await response.json()) as { replies: { text: string }[] };
  return replies.map((r) => r.text).join('\n');
}

let nextMsgId = 1000;
/** The passive reply to a signed plaintext push of `text` from `openid`. */
async function weChat(openid: string, text: string): Promise<string> {
  nextMsgId += 1;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${server.url}/wechat?${signedQuery(WECHAT_TOKEN, {}, timestamp, String(nextMsgId))}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: pushXml({ from: openid, MsgType: 'text', Content: text, MsgId: String(nextMsgId) }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

async function botFramework(conversationId: string, text: string): Promise<string> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `bf-${conversationId}-${text.length}`,
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      from: { id: `user-${conversationId}`, name: '用户' },
      recipient: { id: 'bot-yibao', name: '医保助手' },
      conversation: { id: conversationId },
      text,
    }),
  });
  expect(response.status).toBe(200);
  const { activities } = (await response.json()) as { activities: { text?: string }[] };
  return activities.map((a) => a.text ?? '').join('\n');
}

/** The first line of a text, without the Markdown hard break (two spaces) Bot Framework replies end their lines with. */
const firstLine = (text: string) => (text.split('\n')[0] as string).trimEnd();

async function readiness(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.skipIf(!redisInstalled)('with Redis up', () => {
  it('is ready, with the index loaded and the store reachable', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { ready: true, shuttingDown: false, documents: 11, store: 'reachable', parts: { conversationApp: 'loaded' } } });
  });

  it('remembers the conversation, and does not mention memory', async () => {
    const first = await ask(FIRST, 'up-1');
    expect(first.text).not.toContain(PHRASES.memoryUnavailable);
    expect((await ask(FOLLOW_UP, 'up-1')).citations[0]?.docId).toBe('gs-plan-2021');
  });
});

describe.skipIf(!redisInstalled)('with Redis paused (SIGSTOP)', () => {
  beforeAll(async () => {
    await ask(FIRST, 'paused-1'); // remembered before the stall
    redis.pause();
  });
  afterAll(() => redis.resume());

  it('answers /api/ask with a conversation id, without memory, and says so on the first line', async () => {
    const answer = await ask(FIRST, 'paused-2');
    expect(answer.answered).toBe(true);
    expect(answer.text.split('\n')[0]).toBe(PHRASES.memoryUnavailable);
    expect(answer.text).toContain(LAW_QUOTE);
  });

  it('answers a web chat message, without memory, and says so', async () => {
    const text = await webChat('paused-web', FIRST);
    expect(text.startsWith(`${PHRASES.memoryUnavailable}\n`)).toBe(true);
    expect(text).toContain(LAW_QUOTE);
  });

  it('answers a WeChat push in its passive reply (within the window, not "success"), saying so', async () => {
    const xml = await weChat('o-paused-user', FIRST);
    expect(xml).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(xml).toContain(`<Content><![CDATA[${PHRASES.memoryUnavailable}\n`);
    expect(xml).toContain(LAW_QUOTE);
  });

  it('answers a Bot Framework activity in the HTTP response, saying so', async () => {
    const text = await botFramework('paused-bf', FIRST);
    expect(firstLine(text)).toBe(PHRASES.memoryUnavailable);
    expect(text).toContain(LAW_QUOTE);
  });

  it('reports the store unreachable on /readyz with 503, while /healthz stays 200', async () => {
    expect(await readiness()).toEqual({ status: 503, body: { ready: false, shuttingDown: false, documents: 11, store: 'unreachable', parts: { conversationApp: 'loaded' } } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers a follow-up on its own, and keeps the state saved before the stall for when Redis is back', async () => {
    const alone = await ask(FOLLOW_UP, 'paused-1');
    expect(alone.text.split('\n')[0]).toBe(PHRASES.memoryUnavailable);
    redis.resume();
    const remembered = await ask(FOLLOW_UP, 'paused-1');
    expect(remembered.text).not.toContain(PHRASES.memoryUnavailable);
    expect(remembered.citations[0]?.docId).toBe('gs-plan-2021');
  });
});

describe.skipIf(!redisInstalled)('with Redis killed, then restarted', () => {
  beforeAll(async () => {
    await redis.kill();
  });

  it('answers every channel without memory and says so', async () => {
    expect((await ask(FIRST, 'dead-1')).text.split('\n')[0]).toBe(PHRASES.memoryUnavailable);
    expect((await webChat('dead-web', FIRST)).startsWith(`${PHRASES.memoryUnavailable}\n`)).toBe(true);
    expect(await weChat('o-dead-user', FIRST)).toContain(`<Content><![CDATA[${PHRASES.memoryUnavailable}\n`);
    expect(firstLine(await botFramework('dead-bf', FIRST))).toBe(PHRASES.memoryUnavailable);
  });

  it('reports the store unreachable on /readyz', async () => {
    expect(await readiness()).toMatchObject({ status: 503, body: { ready: false, store: 'unreachable' } });
  });

  it('logs the connection failure naming the host, never a question', () => {
    expect(storeErrors.join('\n')).toContain(`state/redis: connection to 127.0.0.1:${redis.port} failed`);
    expect(storeErrors.join('\n')).not.toContain(FIRST);
  });

  it('recovers by itself once Redis is back on the same address: ready again, with memory', async () => {
    redis = await startRedisServer([], redis.port);
    const giveUpAt = Date.now() + RECOVERY_WAIT_MS;
    while ((await readiness()).status !== 200) {
      if (Date.now() > giveUpAt) throw new Error(`not ready ${RECOVERY_WAIT_MS} ms after Redis came back`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const first = await ask(FIRST, 'back-1');
    expect(first.text).not.toContain(PHRASES.memoryUnavailable);
    expect((await ask(FOLLOW_UP, 'back-1')).citations[0]?.docId).toBe('gs-plan-2021');
    expect(await webChat('back-web', FIRST)).not.toContain(PHRASES.memoryUnavailable);
  });
});
