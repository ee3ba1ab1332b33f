/**
 * Operations through the real server's HTTP routes: the JSON request log (request id, route
 * pattern, status, duration, never message text), `GET /metrics`, and what conversation state
 * keeps and for how long.
 */
import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_STATE_PREFIX } from '../../adapters/botframework/storage';
import { DEFAULT_BOT_ID } from '../../adapters/botframework/runner';
import { MemoryStore } from '../../state/memory';
import { startRealServer, type RealServer } from '../http/realServer';
import { captureLog } from '../support/logCapture';
import { scrape } from '../support/scrape';
import { post as postPush, pushXml, signedQuery } from '../wechat/harness';

const WECHAT_TOKEN = 'yibao-ops-token';
const logs = captureLog();
/** Added to the store's clock to let time pass for conversation state. */
let skewMs = 0;
const store = new MemoryStore(() => Date.now() + skewMs);
let server: RealServer;

beforeAll(async () => {
  server = await startRealServer({ env: { WECHAT_TOKEN, WECHAT_APP_ID: 'wx-ops-test' }, store, logs: logs.destination });
});
afterAll(async () => {
  await server?.close();
});

async function askApi(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as { answered: boolean; reason?: string; citations: Array<{ docId: string }> } };
}

async function sayOnWeb(conversationId: string, text: string) {
  const res = await fetch(`${server.url}/web/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(200);
  return res;
}

/** A text push signed now (a push from 2023 may be refused as stale). */
function wechatPush(content: string, msgId: string) {
  const now = String(Math.floor(Date.now() / 1000));
  const body = pushXml({ MsgType: 'text', Content: content, MsgId: msgId, from: 'o-ops-user', createTime: now });
  return postPush(`${server.url}/wechat`, signedQuery(WECHAT_TOKEN, {}, now), body);
}

/** The log lines of one request, as parsed records. */
function linesOf(requestId: string): Array<Record<string, unknown>> {
  return logs.records().filter((r) => r.reqId === requestId);
}

/** The request line of one request (waits a moment: it is written when the response is done). */
async function requestLine(requestId: string): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 20 && !linesOf(requestId).some((r) => 'route' in r); i++) await new Promise((r) => setTimeout(r, 10));
  return linesOf(requestId).find((r) => 'route' in r);
}

describe('the request log', () => {
  it('writes one JSON line per request with its request id, method, route pattern, status and duration', async () => {
    const res = await fetch(`${server.url}/api/clauses/cn-social-insurance-law:a23.p2`, { headers: { 'X-Request-Id': 'hotline-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('hotline-42');
    expect(await requestLine('hotline-42')).toEqual({
      level: 'info',
      time: expect.any(String),
      reqId: 'hotline-42',
      method: 'GET',
      route: '/api/clauses/:id',
      status: 200,
      durationMs: expect.any(Number),
      msg: 'request',
    });
    expect(linesOf('hotline-42')).toHaveLength(1);
  });

  it('makes up a request id when the client sends none, or one that could forge log fields', async () => {
    const plain = await fetch(`${server.url}/healthz`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const offered of ['abc"}{"level":"fatal', 'x'.repeat(65), 'two words']) {
      const res = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': offered } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs refused requests as warnings, under the route pattern or as unmatched, never the path', async () => {
    await fetch(`${server.url}/api/clauses/no-such-clause-4711`, { headers: { 'X-Request-Id': 'refused-1' } });
    await fetch(`${server.url}/no/such/page-4711`, { headers: { 'X-Request-Id': 'refused-2' } });
    expect(await requestLine('refused-1')).toMatchObject({ level: 'warn', route: '/api/clauses/:id', status: 404, msg: 'request refused' });
    expect(await requestLine('refused-2')).toMatchObject({ level: 'warn', route: 'unmatched', status: 404 });
    expect(logs.lines.join('\n')).not.toMatch(/no-such-clause|page-4711/);
  });

  it('gives the WeChat route its mount path, and the request id to the lines the route logs itself', async () => {
    const res = await fetch(`${server.url}/wechat?signature=wrong&timestamp=1&nonce=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'X-Request-Id': 'bad-signature-1' },
      body: pushXml({ MsgType: 'text', Content: '异地就医怎么备案', MsgId: '8001' }),
    });
    expect(res.status).toBe(401);
    const lines = linesOf('bad-signature-1');
    expect(lines.find((r) => r.module === 'adapters/wechat')).toMatchObject({ level: 'warn' });
    expect(await requestLine('bad-signature-1')).toMatchObject({ route: '/wechat', status: 401 });
  });

  it('never logs message text: not a question, a search, a web chat message nor a WeChat push', async () => {
    const texts = {
      api: '我的手机13912345678，灵活就业人员能参加职工医保吗',
      search: '门诊慢特病的待遇标准',
      web: '身份证110101199003071234，异地就医怎么备案',
      wechat: '护照E12345678，出国期间医保怎么办',
    };
    await askApi({ question: texts.api, conversationId: 'ops-log-1' }, { 'X-Request-Id': 'text-api' });
    await fetch(`${server.url}/api/search?q=${encodeURIComponent(texts.search)}`, { headers: { 'X-Request-Id': 'text-search' } });
    await sayOnWeb('ops-log-2', texts.web);
    expect((await wechatPush(texts.wechat, '8101')).status).toBe(200);
    expect(await requestLine('text-api')).toMatchObject({ route: '/api/ask', status: 200 });
    expect(await requestLine('text-search')).toMatchObject({ route: '/api/search', status: 200 });
    const all = logs.lines.join('\n');
    for (const text of Object.values(texts)) {
      for (const piece of text.split(/[，,]/)) expect(all).not.toContain(piece);
    }
  });
});

describe('GET /metrics', () => {
  it('serves the Prometheus text format from the server\'s own registry', async () => {
    const metrics = await scrape(server.url);
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of ['yibao_answers_total', 'yibao_answer_duration_seconds', 'yibao_http_requests_total', 'yibao_wechat_retries_total', 'yibao_store_errors_total']) {
      expect(metrics.text).toMatch(new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'));
    }
    expect(metrics.text).toContain('process_resident_memory_bytes');
    expect(await globalRegistry.getSingleMetric('yibao_answers_total')).toBeUndefined();
  });

  it('counts an answer by channel, outcome and reason, and times it', async () => {
    const labels = { channel: 'api', outcome: 'answered', reason: 'none' };
    const before = await scrape(server.url);
    const { body } = await askApi({ question: '灵活就业人员能参加职工医保吗' });
    expect(body.answered).toBe(true);
    const after = await scrape(server.url);
    expect(after.value('yibao_answers_total', labels)).toBe((before.value('yibao_answers_total', labels) ?? 0) + 1);
    const count = (s: typeof before) => s.value('yibao_answer_duration_seconds_count', { channel: 'api' }) ?? 0;
    expect(count(after)).toBe(count(before) + 1);
  });

  it('counts a declined answer under the reason the answer gives', async () => {
    const { body } = await askApi({ question: '我家的宠物狗生病了能用医保报销吗' });
    expect(body.answered).toBe(false);
    expect(body.reason).toEqual(expect.any(String));
    const metrics = await scrape(server.url);
    expect(metrics.value('yibao_answers_total', { channel: 'api', outcome: 'declined', reason: body.reason as string })).toBeGreaterThanOrEqual(1);
  });

  it('counts web chat replies under channel web', async () => {
    const labels = { channel: 'web', outcome: 'smalltalk', reason: 'none' };
    const before = (await scrape(server.url)).value('yibao_answers_total', labels) ?? 0;
    await sayOnWeb('ops-metrics-web', '你好');
    expect((await scrape(server.url)).value('yibao_answers_total', labels)).toBe(before + 1);
  });

  it('counts HTTP requests by route pattern and status, never by the raw path', async () => {
    const labels = { route: '/api/clauses/:id', status: '404' };
    const before = (await scrape(server.url)).value('yibao_http_requests_total', labels) ?? 0;
    await fetch(`${server.url}/api/clauses/made-up-clause-0815`);
    const after = await scrape(server.url);
    expect(after.value('yibao_http_requests_total', labels)).toBe(before + 1);
    expect(after.text).not.toContain('made-up-clause');
  });

  it('counts a WeChat retry of a push, which gets the first answer again', async () => {
    const before = (await scrape(server.url)).value('yibao_wechat_retries_total', { channel: 'wechat' }) ?? 0;
    const first = await (await wechatPush('灵活就业人员能参加职工医保吗', '8201')).text();
    const retry = await (await wechatPush('灵活就业人员能参加职工医保吗', '8201')).text();
    // The same reply; its CreateTime is the second it is sent in, which a retry may be a second past.
    const withoutTime = (xml: string) => xml.replace(/<CreateTime>\d+<\/CreateTime>/, '<CreateTime/>');
    expect(withoutTime(retry)).toBe(withoutTime(first));
    expect(retry).toContain('无雇工的个体工商户');
    expect((await scrape(server.url)).value('yibao_wechat_retries_total', { channel: 'wechat' })).toBe(before + 1);
  });
});

describe('conversation state', () => {
  const LONG_DIGITS = /\d{7,}/;
  const apiKey = (id: string) => `api:conversation:${id}`;
  const webKey = (id: string) => `${BOT_STATE_PREFIX}web/${DEFAULT_BOT_ID}/conversations/${id}`;

  it('remembers the question of the JSON API without its personal numbers, and still follows up on it', async () => {
    await askApi({ question: '我的身份证号110101199003071234，灵活就业人员能参加职工医保吗', conversationId: 'ops-state-api' });
    const raw = (await store.get(apiKey('ops-state-api'))) as string;
    expect(JSON.parse(raw).lastQuestion).toBe('我的身份证号，灵活就业人员能参加职工医保吗');
    expect(raw).not.toMatch(LONG_DIGITS);
    const { body } = await askApi({ question: '那甘肃呢', conversationId: 'ops-state-api' });
    expect(body.citations[0]?.docId).toBe('gs-plan-2021');
  });

  it('keeps the web chat state (the bot state) without personal numbers too, and nothing but that state', async () => {
    await sayOnWeb('ops-state-web', '手机１３９－１２３４－５６７８，异地就医怎么备案');
    const stored = JSON.parse((await store.get(webKey('ops-state-web'))) as string);
    expect(Object.keys(stored).sort()).toEqual(['eTag', 'yibao']);
    expect(JSON.stringify(stored.yibao)).not.toMatch(LONG_DIGITS);
    expect(stored.yibao.lastQuestion).toBe('手机，异地就医怎么备案');
  });

  it('forgets both after CONVERSATION_TTL_HOURS of silence (a day by default)', async () => {
    expect(server.config.conversationTtlMs).toBe(24 * 60 * 60 * 1000);
    await askApi({ question: '灵活就业人员能参加职工医保吗', conversationId: 'ops-ttl' });
    await sayOnWeb('ops-ttl', '灵活就业人员能参加职工医保吗');
    skewMs = server.config.conversationTtlMs - 60_000;
    expect(await store.get(apiKey('ops-ttl'))).not.toBeNull();
    expect(await store.get(webKey('ops-ttl'))).not.toBeNull();
    skewMs = server.config.conversationTtlMs;
    try {
      expect(await store.get(apiKey('ops-ttl'))).toBeNull();
      expect(await store.get(webKey('ops-ttl'))).toBeNull();
    } finally {
      skewMs = 0;
    }
  });
});
