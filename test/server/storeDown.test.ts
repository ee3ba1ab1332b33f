/**
 * With its Redis gone (a real redis-server, killed), the server still logs no message text on
 * any path, errors included, and counts the failed store calls in `yibao_store_errors_total`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../state/redis';
import { startRealServer, type RealServer } from '../http/realServer';
import { captureLog } from '../support/logCapture';
import { scrape } from '../support/scrape';
import { NO_REDIS_MESSAGE, hasRedisServer, startRedisServer, type RedisServer } from '../state/redisServer';

const redisInstalled = hasRedisServer();
if (!redisInstalled) console.warn(NO_REDIS_MESSAGE);

/** How long closing a client whose server is gone may take before the test stops waiting. */
const CLOSE_WAIT_MS = 1000;

describe.skipIf(!redisInstalled)('with Redis killed', () => {
  const logs = captureLog();
  const connectionErrors: string[] = [];
  let redis: RedisServer;
  let store: RedisStore;
  let server: RealServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    store = await RedisStore.connect(redis.url, { onError: (message) => connectionErrors.push(message) });
    server = await startRealServer({ store, logs: logs.destination });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.race([store?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS))]);
    await redis?.stop();
  });

  const ask = (question: string, requestId: string) =>
    fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Request-Id': requestId },
      body: JSON.stringify({ question, conversationId: 'down-1' }),
    });

  it('answers with conversation memory while Redis runs, counting no store error', async () => {
    expect((await ask('灵活就业人员能参加职工医保吗', 'redis-up')).status).toBe(200);
    expect((await scrape(server.url)).value('yibao_store_errors_total', { operation: 'get' })).toBeUndefined();
  });

  it('logs no question text for an ask or a web chat message that hits the dead store, and counts the failures', async () => {
    await redis.stop();
    const question = '我的手机13912345678，异地就医直接结算需要备案吗';
    const webText = '身份证110101199003071234，退休人员去外地住院怎么报销';
    await ask(question, 'redis-down-api');
    await fetch(`${server.url}/web/conversations/down-2/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Request-Id': 'redis-down-web' },
      body: JSON.stringify({ text: webText }),
    });
    const lines = logs.records();
    expect(lines.find((r) => r.reqId === 'redis-down-api' && r.route === '/api/ask')).toBeDefined();
    expect(lines.find((r) => r.reqId === 'redis-down-web' && r.route === '/web/conversations/:id/messages')).toBeDefined();
    // The failed read is logged (the turn was answered without memory), naming the store's error only.
    expect(lines.some((r) => r.level === 'warn' && r.reqId === 'redis-down-web' && r.module === 'adapters/botframework')).toBe(true);
    const all = logs.lines.join('\n');
    for (const piece of [...question.split('，'), ...webText.split('，'), '1391234', '1101011990']) expect(all).not.toContain(piece);
    const metrics = await scrape(server.url);
    expect(metrics.value('yibao_store_errors_total', { operation: 'get' })).toBeGreaterThanOrEqual(2);
  });
});
