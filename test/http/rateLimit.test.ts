/**
 * Back-pressure through the real server: per-client limits on every channel, 429 with
 * Retry-After (a polite reply on WeChat and WeCom), the staff token, and limits shared by two
 * replicas through a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { WeChatCrypto, computeSignature } from '../../adapters/wechat/crypto';
import { parseXmlFields } from '../../adapters/wechat/xml';
import { loadServices, type Services } from '../../server/services';
import { parseConfig } from '../../server/config';
import { RedisCounter } from '../../state/redisCounter';
import { MemoryStore } from '../../state/memory';
import { userMessage } from '../botframework/httpBot';
import { NO_REDIS_MESSAGE, hasRedisServer, startRedisServer, type RedisServer } from '../state/redisServer';
import { httpRequest, type HttpAnswer } from '../support/httpRequest';
import { post, pushXml } from '../wechat/harness';
import { B } from '../wechat/vectors';
import { CORPUS_DIR, startRealServer, type RealServer, type RealServerOptions } from './realServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

const QUESTION = '灵活就业人员能参加职工医保吗';
const STAFF_TOKEN = 'staff-token-0123456789abcdef';

let services: Services;
const servers: RealServer[] = [];

beforeAll(async () => {
  services = await loadServices(parseConfig({ CORPUS_DIR }), new MemoryStore());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A real server on the shared knowledge base, closed after the file. */
async function serve(env: RealServerOptions['env'] = {}, counter?: RealServerOptions['counter']): Promise<string> {
  const server = await startRealServer({ env, services, counter });
  servers.push(server);
  return server.url;
}

const ask = (url: string, from: string, headers: Record<string, string> = {}) =>
  httpRequest(`${url}/api/ask`, { body: { question: QUESTION }, from, headers });

/** The 429 body for a refused request, with the seconds its Retry-After says. */
function refusal(answer: HttpAnswer, what: string, limit: number, name: string) {
  const seconds = Number(answer.headers['retry-after']);
  return {
    status: 429,
    json: {
      error: {
        code: 'rate_limited',
        message: `${PHRASES.tooFrequent(seconds)} / ${what} sent more than ${limit} requests in 60 s ("${name}" limit); retry after ${seconds} s`,
      },
    },
  };
}

describe('the JSON API and the web chat, per client address', () => {
  it('answers 60 questions a minute from one address by default and refuses the 61st with 429, Retry-After and the JSON error', async () => {
    const url = await serve();
    const statuses = [];
    for (let i = 0; i < 60; i += 1) statuses.push((await ask(url, '127.0.0.2')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await ask(url, '127.0.0.2');
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds >= 1 && seconds <= 60).toBe(true);
    expect({ status: refused.status, json: refused.json }).toEqual(refusal(refused, 'rateLimit: this address', 60, 'answers'));
  });

  it('keeps answering another address while one is refused', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1' });
    await ask(url, '127.0.0.2');
    expect((await ask(url, '127.0.0.2')).status).toBe(429);
    const other = await ask(url, '127.0.0.3');
    expect(other.status).toBe(200);
    expect((other.json as { answered: boolean }).answered).toBe(true);
  });

  it('counts web chat conversations, messages and votes against the same limit', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '3' });
    const from = '127.0.0.4';
    const created = await httpRequest(`${url}/web/conversations`, { method: 'POST', from });
    const { conversationId } = created.json as { conversationId: string };
    const message = await httpRequest(`${url}/web/conversations/${conversationId}/messages`, { body: { text: QUESTION }, from });
    const vote = await httpRequest(`${url}/web/feedback`, { body: { conversationId, clauseId: 'cn-social-insurance-law:a23.p2', useful: true }, from });
    expect([created.status, message.status, vote.status]).toEqual([201, 200, 204]);
    const refused = await httpRequest(`${url}/web/conversations/${conversationId}/messages`, { body: { text: '那青海呢' }, from });
    expect({ status: refused.status, json: refused.json }).toEqual(refusal(refused, 'rateLimit: this address', 3, 'answers'));
  });

  it('gives look-ups (search, clauses, documents) their own higher limit', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1', SEARCH_RATE_LIMIT_PER_MINUTE: '3' });
    const from = '127.0.0.5';
    await ask(url, from);
    expect((await ask(url, from)).status).toBe(429);
    const lookups = [
      await httpRequest(`${url}/api/search?q=${encodeURIComponent('异地就医 备案')}`, { from }),
      await httpRequest(`${url}/api/clauses/cn-social-insurance-law:a23.p2`, { from }),
      await httpRequest(`${url}/api/documents/cn-social-insurance-law`, { from }),
    ];
    expect(lookups.map((r) => r.status)).toEqual([200, 200, 200]);
    const refused = await httpRequest(`${url}/api/search?q=${encodeURIComponent('门诊 报销')}`, { from });
    expect({ status: refused.status, json: refused.json }).toEqual(refusal(refused, 'rateLimit: this address', 3, 'lookups'));
  });

  it('answers a client’s repeated refusals only after a pause, and another client’s question meanwhile', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1' });
    await ask(url, '127.0.0.13');
    expect((await ask(url, '127.0.0.13')).status).toBe(429);
    const order: string[] = [];
    await Promise.all([
      ask(url, '127.0.0.13').then((r) => order.push(`repeated refusal ${r.status}`)),
      ask(url, '127.0.0.14').then((r) => order.push(`other client ${r.status}`)),
    ]);
    expect(order).toEqual(['other client 200', 'repeated refusal 429']);
  });

  it('never limits /healthz or /api/openapi.json', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1', SEARCH_RATE_LIMIT_PER_MINUTE: '1' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await httpRequest(`${url}/healthz`, { from: '127.0.0.6' })).status);
      statuses.push((await httpRequest(`${url}/api/openapi.json`, { from: '127.0.0.6' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('does not limit requests with the staff token, and limits a wrong token like any request', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1', CONSOLE_TOKEN: STAFF_TOKEN });
    const staff = { authorization: `Bearer ${STAFF_TOKEN}` };
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await ask(url, '127.0.0.7', staff)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const wrong = { authorization: 'Bearer guessed-token' };
    expect([(await ask(url, '127.0.0.8', wrong)).status, (await ask(url, '127.0.0.8', wrong)).status]).toEqual([200, 429]);
  });

  it('ignores X-Forwarded-For by default, so a client cannot pose as many', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1' });
    const first = await ask(url, '127.0.0.9', { 'x-forwarded-for': '203.0.113.1' });
    const second = await ask(url, '127.0.0.9', { 'x-forwarded-for': '203.0.113.2' });
    expect([first.status, second.status]).toEqual([200, 429]);
  });

  it('counts each client behind a trusted proxy (TRUST_PROXY) by its X-Forwarded-For address', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: 'loopback' });
    const statuses = [
      (await ask(url, '127.0.0.10', { 'x-forwarded-for': '203.0.113.1' })).status,
      (await ask(url, '127.0.0.10', { 'x-forwarded-for': '203.0.113.2' })).status,
      (await ask(url, '127.0.0.10', { 'x-forwarded-for': '203.0.113.1' })).status,
    ];
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('the Bot Framework, per conversation', () => {
  const activity = (conversationId: string, text: string) =>
    ({ ...userMessage(conversationId, text), deliveryMode: 'expectReplies' });

  it('refuses a conversation over its limit with 429 and Retry-After, and runs no turn for it', async () => {
    const url = await serve({ RATE_LIMIT_PER_MINUTE: '2' });
    const send = (conversationId: string, text: string) => httpRequest(`${url}/api/messages`, { body: activity(conversationId, text) });
    const answered = [await send('c-甘肃', QUESTION), await send('c-甘肃', '那青海呢')];
    expect(answered.map((r) => r.status)).toEqual([200, 200]);
    const refused = await send('c-甘肃', '全文');
    expect({ status: refused.status, json: refused.json }).toEqual(
      refusal(refused, 'adapters/botframework/route: this conversation', 2, 'answers'),
    );
    const other = await send('c-青海', QUESTION);
    expect(other.status).toBe(200);
    expect((other.json as { activities: unknown[] }).activities).toHaveLength(1);
  });
});

describe('WeChat and WeCom, per user', () => {
  const TOKEN = 'yibao-wechat-token';
  const now = () => String(Math.floor(Date.now() / 1000));
  const signed = () => {
    const timestamp = now();
    return new URLSearchParams({ signature: computeSignature(TOKEN, timestamp, '42'), timestamp, nonce: '42' }).toString();
  };
  /** The Content of the passive reply to a text push. */
  async function push(url: string, from: string, msgId: string, content = '异地就医怎么备案'): Promise<string> {
    const response = await post(`${url}/wechat`, signed(), pushXml({ from, createTime: now(), MsgType: 'text', Content: content, MsgId: msgId }));
    expect(response.status).toBe(200);
    return parseXmlFields(await response.text()).Content ?? '';
  }
  const polite = /^您发送得太频繁了，请\d+秒后再试。$/;

  it('answers an openid’s pushes up to its limit, then asks it politely to wait', async () => {
    const url = await serve({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wx-yibao', RATE_LIMIT_PER_MINUTE: '2' });
    const replies = [await push(url, 'o-甘肃', '1'), await push(url, 'o-甘肃', '2'), await push(url, 'o-甘肃', '3')];
    expect(replies[0]).toContain('——《');
    expect(replies[2]).toMatch(polite);
    expect(await push(url, 'o-青海', '4')).toContain('——《');
  });

  it('does not count WeChat’s retries of a push again', async () => {
    const url = await serve({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wx-yibao', RATE_LIMIT_PER_MINUTE: '2' });
    const first = await push(url, 'o-retry', '11');
    expect(await push(url, 'o-retry', '11')).toBe(first);
    expect(await push(url, 'o-retry', '11')).toBe(first);
    expect(await push(url, 'o-retry', '12')).toContain('——《');
  });

  it('answers another user while one openid sends 600 pushes: 60 answered, the rest asked to wait', { timeout: 120_000 }, async () => {
    const url = await serve({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wx-yibao' });
    const replies: string[] = [];
    const CONCURRENCY = 100;
    const PUSHES = 600;
    for (let start = 0; start < PUSHES; start += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, i) => push(url, 'o-flood', `f-${start + i}`));
      if (start === PUSHES / 2) batch.push(push(url, 'o-other', 'other-1', QUESTION).then((reply) => `other: ${reply}`));
      replies.push(...(await Promise.all(batch)));
    }
    const other = replies.find((r) => r.startsWith('other: '));
    expect(other).toContain('灵活就业人员可以参加职工基本医疗保险');
    const flood = replies.filter((r) => !r.startsWith('other: '));
    expect(flood.filter((r) => polite.test(r))).toHaveLength(PUSHES - 60);
    expect(flood.filter((r) => r.includes('——《'))).toHaveLength(60);
  });

  it('asks a WeCom user over the limit politely to wait, in an encrypted reply', async () => {
    const url = await serve({ WECOM_TOKEN: B.token, WECOM_CORP_ID: B.corpId, WECOM_ENCODING_AES_KEY: B.encodingAESKey, RATE_LIMIT_PER_MINUTE: '1' });
    const crypto = new WeChatCrypto({ token: B.token, encodingAESKey: B.encodingAESKey, receiveId: B.corpId });
    async function wecom(from: string, msgId: string): Promise<Record<string, string>> {
      const timestamp = now();
      const encrypt = crypto.encrypt(pushXml({ from, to: B.corpId, createTime: timestamp, MsgType: 'text', Content: QUESTION, MsgId: msgId, AgentID: '1000002' }));
      const query = new URLSearchParams({ msg_signature: computeSignature(B.token, timestamp, '7', encrypt), timestamp, nonce: '7' }).toString();
      const body = `<xml><ToUserName><![CDATA[${B.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
      const response = await post(`${url}/wecom`, query, body);
      expect(response.status).toBe(200);
      return parseXmlFields(crypto.decrypt(parseXmlFields(await response.text()).Encrypt ?? ''));
    }
    expect((await wecom('zhangsan', '21')).Content).toContain('——《');
    const refused = await wecom('zhangsan', '22');
    expect(refused).toMatchObject({ ToUserName: 'zhangsan', MsgType: 'text' });
    expect(refused.Content).toMatch(polite);
    expect((await wecom('lisi', '23')).Content).toContain('——《');
  });
});

describe.skipIf(!redisInstalled)('limits shared by two replicas through a real redis-server', () => {
  let redis: RedisServer;
  const counters: RedisCounter[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(counters.map((c) => c.close()));
    await redis?.stop();
  });

  it('counts one address’s questions on both replicas together', async () => {
    counters.push(await RedisCounter.connect(redis.url), await RedisCounter.connect(redis.url));
    const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '3' };
    const [a, b] = [await serve(env, counters[0]), await serve(env, counters[1])];
    const statuses = [
      (await ask(a, '127.0.0.11')).status,
      (await ask(b, '127.0.0.11')).status,
      (await ask(a, '127.0.0.11')).status,
      (await ask(b, '127.0.0.11')).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await ask(a, '127.0.0.12')).status).toBe(200);
  });
});
