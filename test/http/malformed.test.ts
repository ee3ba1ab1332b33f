/**
 * Malformed requests on every route of the real server are a 4xx with the JSON error shape
 * `{ error: { code, message } }`, never a 500, and leave no stack trace in the log.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeSignature, WeChatCrypto } from '../../adapters/wechat/crypto';
import { currentTimestamp, pushXml, signedQuery, TEST_TIMESTAMP } from '../wechat/harness';
import { A, B } from '../wechat/vectors';
import { captureLog } from '../support/logCapture';
import { startRealServer, type RealServer } from './realServer';

let server: RealServer;
const logs = captureLog();
/** The lines the WeChat adapter logged during the test. */
const written = () => logs.records().filter((r) => r.module === 'adapters/wechat').map((r) => String(r.msg));

beforeAll(async () => {
  server = await startRealServer({
    env: {
      WECHAT_TOKEN: A.token,
      WECHAT_APP_ID: A.appId,
      WECOM_TOKEN: B.token,
      WECOM_CORP_ID: B.corpId,
      WECOM_ENCODING_AES_KEY: B.encodingAESKey,
    },
    logs: logs.destination,
  });
});
afterAll(async () => {
  await server?.close();
});

// Everything the server logs while a test runs: refusals are one line, never a stack.
beforeEach(() => {
  logs.clear();
});
afterEach(() => {
  for (const line of logs.lines) expect(line).not.toMatch(/\\n|\bat .+:\d+:\d+/);
});

interface Refusal {
  status: number;
  error: { code: string; message: string };
}

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Refusal> {
  const response = await fetch(`${server.url}${path}`, { method, body, headers });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const json = (await response.json()) as { error: Refusal['error'] };
  return { status: response.status, error: json.error };
}

const BAD_PATH_ZH = '请求地址的编码不对。';
const GZIP_ZH = '请求内容无法解压，请检查 Content-Encoding。';
const GZIP_GARBAGE = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

describe('a path parameter that is not valid percent-encoding', () => {
  const cases: Array<[string, string, string]> = [
    ['GET', '/api/clauses/%ff', 'api'],
    ['GET', '/api/clauses/%', 'api'],
    ['GET', '/api/documents/%ff', 'api'],
    ['GET', '/api/documents/%', 'api'],
    ['POST', '/web/conversations/%ff/messages', 'web'],
    ['POST', '/web/conversations/%/messages', 'web'],
    ['GET', '/web/feedback/%ff', 'web'],
    ['GET', '/web/feedback/%', 'web'],
  ];
  for (const [method, path, module] of cases) {
    it(`is a 400 on ${method} ${path}`, async () => {
      const body = method === 'POST' ? JSON.stringify({ text: '门诊怎么报销' }) : undefined;
      expect(await send(method, path, body, { 'content-type': 'application/json' })).toEqual({
        status: 400,
        error: { code: 'invalid_path', message: `${BAD_PATH_ZH} / ${module}: ${method} path ${JSON.stringify(path)} is not valid percent-encoding` },
      });
    });
  }
});

describe('a body marked gzip that does not inflate', () => {
  const cases: Array<[string, string]> = [
    ['/api/ask', 'api'],
    ['/web/conversations/c-gzip/messages', 'web'],
    ['/web/feedback', 'web'],
    ['/api/messages', 'adapters/botframework/route'],
  ];
  for (const [path, module] of cases) {
    it(`is a 400 on POST ${path}`, async () => {
      expect(await send('POST', path, '门诊怎么报销', GZIP_GARBAGE)).toEqual({
        status: 400,
        error: { code: 'invalid_content_encoding', message: `${GZIP_ZH} / ${module}: request body is not valid "gzip" data` },
      });
    });
  }

  it('is a 400 on a signed WeChat push', async () => {
    const query = signedQuery(A.token, {}, currentTimestamp());
    expect(await send('POST', `/wechat?${query}`, 'not gzip', { 'content-encoding': 'gzip' })).toEqual({
      status: 400,
      error: { code: 'invalid_content_encoding', message: `${GZIP_ZH} / wechat: request body is not valid "gzip" data` },
    });
  });
});

describe('WeChat and WeCom pushes', () => {
  const text = { MsgType: 'text', Content: '灵活就业人员能参加职工医保吗', MsgId: '9001' };

  it('refuses a correctly signed push from 2023 with 401', async () => {
    const { status, error } = await send('POST', `/wechat?${signedQuery(A.token, {}, TEST_TIMESTAMP)}`, pushXml(text));
    expect([status, error.code]).toEqual([401, 'stale_timestamp']);
    expect(error.message).toMatch(/ \/ wechat: timestamp 1700000000 is \d+ s from the server clock, outside the 300-second window$/);
  });

  it('answers a push signed now', async () => {
    const response = await fetch(`${server.url}/wechat?${signedQuery(A.token, {}, currentTimestamp())}`, { method: 'POST', body: pushXml(text) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('灵活就业人员');
  });

  it('refuses a signed push nested 101 levels deep with 400', async () => {
    const deep = pushXml(text).replace('</xml>', `${'<a>'.repeat(101)}${'</a>'.repeat(101)}</xml>`);
    expect(await send('POST', `/wechat?${signedQuery(A.token, {}, currentTimestamp())}`, deep)).toEqual({
      status: 400,
      error: { code: 'malformed_xml', message: '消息不是合法的微信 XML。 / wechat: malformed XML: elements nested deeper than 16 levels' },
    });
  });

  it('refuses encrypt_type=aes with 400 when no AES key is configured', async () => {
    const timestamp = currentTimestamp();
    const query = signedQuery(A.token, { encrypt_type: 'aes', msg_signature: computeSignature(A.token, timestamp, '42', A.encrypt) }, timestamp);
    const body = `<xml><ToUserName><![CDATA[gh_yibao]]></ToUserName><Encrypt><![CDATA[${A.encrypt}]]></Encrypt></xml>`;
    expect(await send('POST', `/wechat?${query}`, body)).toEqual({
      status: 400,
      error: {
        code: 'encryption_not_configured',
        message: '消息是加密的（安全模式），但服务器没有配置 EncodingAESKey。 / wechat: push is encrypted (安全模式) but WECHAT_ENCODING_AES_KEY is not configured',
      },
    });
  });

  it('refuses an unsigned WeCom push with 401 before parsing its 15 KB of XML', async () => {
    const timestamp = currentTimestamp();
    const crypto = new WeChatCrypto({ token: B.token, encodingAESKey: B.encodingAESKey, receiveId: B.corpId });
    const encrypt = crypto.encrypt(pushXml({ to: B.corpId, from: 'ZhangSan', ...text }));
    const filler = Array.from({ length: 200 }, (_, i) => `<F${i}>${'医'.repeat(20)}</F${i}>`).join('');
    const query = new URLSearchParams({ msg_signature: computeSignature('another-token', timestamp, '7', encrypt), timestamp, nonce: '7' });
    const { status, error } = await send('POST', `/wecom?${query}`, `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt>${filler}</xml>`);
    expect([status, error.code]).toEqual([401, 'bad_signature']);
    expect(written()).toEqual([expect.stringMatching(/^wechat: POST answered 401 \(WeChatSignatureError\), body \d+ bytes$/)]);
  });
});
