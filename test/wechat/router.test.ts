import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { WeChatConfig } from '../../server/config';
import { MemoryStore } from '../../state/memory';
import { WeChatCrypto, computeSignature } from '../../adapters/wechat/crypto';
import { KefuSender } from '../../adapters/wechat/kefu';
import { MAX_BODY_BYTES, createWeChatRouter, type WeChatRouterOptions } from '../../adapters/wechat/router';
import { parseXmlFields } from '../../adapters/wechat/xml';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWeChatApi, type FakeWeChatApi } from './fakeWeChatApi';
import { ANSWER_TEXT, clockAt, holdRuns, QUESTION, post, pushXml, refusal, routerFixture, signedQuery, TEST_TIMESTAMP } from './harness';
import { A } from './vectors';

const config: WeChatConfig = {
  token: A.token,
  appId: A.appId,
  encodingAESKey: A.encodingAESKey,
  appSecret: FAKE_APP_SECRET,
  apiBase: 'http://127.0.0.1:1',
};
const crypto = new WeChatCrypto({ token: A.token, encodingAESKey: A.encodingAESKey, receiveId: A.appId });

/** Personal data a user may type; it must never reach a log line. */
const PERSONAL = '我的身份证号110101199003071234，手机13800138000，医保卡号1234567890';

const fx = routerFixture();

const BAD_SIGNATURE_ZH = '签名校验失败：请求不是来自微信，或 Token 与后台配置不一致。';
const STALE_ZH = '时间戳超出允许的时间窗口：可能是重放的旧请求，或服务器时钟不准。';
const MALFORMED_ZH = '消息不是合法的微信 XML。';

afterEach(() => {
  for (const line of fx.logs) expect(line).not.toMatch(/110101199003071234|13800138000|1234567890|灵活就业|身份证/);
});

async function start(options: Partial<WeChatRouterOptions & { mode: 'mp' }> = {}): Promise<string> {
  return fx.serve(
    createWeChatRouter({
      mode: 'mp',
      config,
      runner: fx.runner,
      store: new MemoryStore(),
      log: (line) => fx.logs.push(line),
      now: clockAt(TEST_TIMESTAMP),
      ...options,
    }),
  );
}

/** POSTs a plaintext push and returns the Content of the passive reply ('success' when there is none). */
async function ask(url: string, fields: Parameters<typeof pushXml>[0]): Promise<string> {
  const response = await post(url, signedQuery(A.token), pushXml(fields));
  expect(response.status).toBe(200);
  const body = await response.text();
  return body === 'success' ? body : (parseXmlFields(body).Content ?? '');
}

const text = (content: string, msgId = '1001', from = 'o-user-1') => ({ MsgType: 'text', Content: content, MsgId: msgId, from });

/** Opens a safe-mode reply: checks its MsgSignature, decrypts it and returns its fields. */
function openEncryptedReply(body: string): Record<string, string> {
  const envelope = parseXmlFields(body);
  const { Encrypt, MsgSignature, TimeStamp, Nonce } = envelope as Record<string, string>;
  expect(MsgSignature).toBe(computeSignature(A.token, TimeStamp ?? '', Nonce ?? '', Encrypt ?? ''));
  return parseXmlFields(crypto.decrypt(Encrypt ?? ''));
}

function safeQuery(encrypt: string, timestamp: string = A.timestamp, nonce: string = A.nonce): string {
  return new URLSearchParams({
    signature: computeSignature(A.token, timestamp, nonce),
    timestamp,
    nonce,
    openid: 'o-user-1',
    encrypt_type: 'aes',
    msg_signature: computeSignature(A.token, timestamp, nonce, encrypt),
  }).toString();
}

describe('公众号 URL verification', () => {
  it('echoes echostr when the signature matches (vector A)', async () => {
    const url = await start({ now: clockAt(A.timestamp) });
    const query = new URLSearchParams({ signature: A.signature, timestamp: A.timestamp, nonce: A.nonce, echostr: '5927782489442352469' });
    const response = await fetch(`${url}?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('5927782489442352469');
  });

  it('answers 401 when the signature does not match', async () => {
    const url = await start({ now: clockAt(A.timestamp) });
    const query = new URLSearchParams({ signature: '0'.repeat(40), timestamp: A.timestamp, nonce: A.nonce, echostr: 'x' });
    expect(await refusal(await fetch(`${url}?${query}`))).toEqual({
      status: 401,
      error: { code: 'bad_signature', message: `${BAD_SIGNATURE_ZH} / wechat: bad signature for timestamp 1409735669` },
    });
  });

  it('answers 400 when echostr is missing', async () => {
    const url = await start({ now: clockAt(A.timestamp) });
    const response = await fetch(`${url}?${new URLSearchParams({ signature: A.signature, timestamp: A.timestamp, nonce: A.nonce })}`);
    expect(await refusal(response)).toEqual({
      status: 400,
      error: { code: 'missing_parameter', message: '缺少查询参数。 / wechat: missing query parameter echostr' },
    });
  });

  it('answers 401 to a correctly signed verification whose timestamp is an hour old', async () => {
    const url = await start({ now: clockAt(String(Number(A.timestamp) + 3600)) });
    const query = new URLSearchParams({ signature: A.signature, timestamp: A.timestamp, nonce: A.nonce, echostr: 'x' });
    expect(await refusal(await fetch(`${url}?${query}`))).toEqual({
      status: 401,
      error: { code: 'stale_timestamp', message: `${STALE_ZH} / wechat: timestamp 1409735669 is 3600 s from the server clock, outside the 300-second window` },
    });
  });
});

describe('公众号 messages in plaintext mode', () => {
  it('answers 灵活就业人员能参加职工医保吗 with the cited clause in a passive reply', async () => {
    const url = await start();
    const response = await post(url, signedQuery(A.token), pushXml(text(QUESTION)));
    expect(response.headers.get('content-type')).toMatch(/xml/);
    const reply = parseXmlFields(await response.text());
    expect(reply).toMatchObject({ ToUserName: 'o-user-1', FromUserName: 'gh_yibao', MsgType: 'text', Content: ANSWER_TEXT });
    expect(fx.runner.turns).toEqual([
      { channel: 'wechat', conversationId: 'o-user-1', userId: 'o-user-1', kind: 'message', text: QUESTION, messageId: '1001' },
    ]);
  });

  it('answers 401 and runs nothing when the signature is wrong', async () => {
    const url = await start();
    const query = signedQuery('another-token');
    const response = await post(url, query, pushXml(text(QUESTION)));
    expect(await refusal(response)).toEqual({
      status: 401,
      error: { code: 'bad_signature', message: `${BAD_SIGNATURE_ZH} / wechat: bad signature for timestamp 1700000000` },
    });
    expect(fx.runner.turns).toEqual([]);
    expect(fx.logs).toEqual([`wechat: POST answered 401 (WeChatSignatureError), body ${Buffer.byteLength(pushXml(text(QUESTION)))} bytes`]);
  });

  it('welcomes a user who subscribes', async () => {
    const url = await start();
    expect(await ask(url, { MsgType: 'event', Event: 'subscribe', EventKey: '' })).toBe(PHRASES.welcome);
  });

  it('answers success and runs nothing when a user unsubscribes', async () => {
    const url = await start();
    expect(await ask(url, { MsgType: 'event', Event: 'unsubscribe' })).toBe('success');
    expect(fx.runner.turns).toEqual([]);
  });

  it('asks a user who sends an image to type the question', async () => {
    const url = await start();
    expect(await ask(url, { MsgType: 'image', PicUrl: 'http://example.com/a.jpg', MediaId: 'm1', MsgId: '2001' })).toBe(PHRASES.notText);
    expect(fx.runner.turns[0]?.kind).toBe('unsupported');
  });

  it('answers a voice message through its Recognition text', async () => {
    const url = await start();
    const voice = { MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: QUESTION, MsgId: '2002' };
    expect(await ask(url, voice)).toBe(ANSWER_TEXT);
  });

  it('asks a user whose voice message has no Recognition to type the question', async () => {
    const url = await start();
    expect(await ask(url, { MsgType: 'voice', MediaId: 'm1', Format: 'amr', MsgId: '2003' })).toBe(PHRASES.notText);
  });

  it('answers 400 to malformed XML and keeps serving', async () => {
    const url = await start();
    const malformed = `<xml><Content>${PERSONAL}</xml>`;
    const response = await post(url, signedQuery(A.token), malformed);
    expect(await refusal(response)).toEqual({
      status: 400,
      error: {
        code: 'malformed_xml',
        message: `${MALFORMED_ZH} / wechat: malformed XML at line 1: Expected closing tag 'Content' (opened in line 1, col 6) instead of closing tag 'xml'.`,
      },
    });
    expect(await ask(url, text(QUESTION))).toBe(ANSWER_TEXT);
    expect(fx.logs).toEqual([`wechat: POST answered 400 (WeChatXmlError), body ${Buffer.byteLength(malformed)} bytes`]);
  });

  it('refuses a DOCTYPE with 400 without expanding its entities', async () => {
    const url = await start();
    const body = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${pushXml(text('&xxe;'))}`;
    const response = await post(url, signedQuery(A.token), body);
    expect(await refusal(response)).toEqual({
      status: 400,
      error: { code: 'malformed_xml', message: `${MALFORMED_ZH} / wechat: malformed XML: DOCTYPE is not allowed` },
    });
    expect(fx.runner.turns).toEqual([]);
  });

  it('answers 413 to a body over the 16 KB limit', async () => {
    const url = await start();
    const response = await post(url, signedQuery(A.token), pushXml(text('医'.repeat(MAX_BODY_BYTES / 3 + 1))));
    expect(await refusal(response)).toEqual({
      status: 413,
      error: { code: 'body_too_large', message: '消息太大了。 / wechat: body larger than 16384 bytes' },
    });
    expect(fx.runner.turns).toEqual([]);
  });

  it('answers a 2,000-character question, which fits in the limit', async () => {
    const url = await start();
    expect(await ask(url, text('医'.repeat(2000), '3002'))).toBe(PHRASES.refusal);
  });

  it('answers with the fixed apology when the runner fails, logging no message text', async () => {
    const url = await start({
      runner: async () => {
        throw new Error(`cannot answer ${PERSONAL}`);
      },
    });
    expect(await ask(url, text(PERSONAL, '3001'))).toBe(PHRASES.error);
    expect(fx.logs).toEqual(['wechat: runner failed for message 3001 (Error)']);
  });
});

describe('公众号 pushes checked before they are read', () => {
  it('answers 401 to a correctly signed push from 2023 on today\'s clock, and runs nothing', async () => {
    const url = await start({ now: Date.now });
    const response = await post(url, signedQuery(A.token), pushXml(text(QUESTION)));
    const { status, error } = await refusal(response);
    expect(status).toBe(401);
    expect(error.code).toBe('stale_timestamp');
    expect(error.message).toMatch(/^时间戳超出允许的时间窗口：可能是重放的旧请求，或服务器时钟不准。 \/ wechat: timestamp 1700000000 is \d+ s from the server clock, outside the 300-second window$/);
    expect(fx.runner.turns).toEqual([]);
  });

  it('accepts a push up to the window away, in either direction, and refuses one second more', async () => {
    const url = await start({ timestampWindowSeconds: 60 });
    const at = (offset: number) => signedQuery(A.token, {}, String(Number(TEST_TIMESTAMP) + offset));
    expect((await post(url, at(-60), pushXml(text(QUESTION, '8001')))).status).toBe(200);
    expect((await post(url, at(60), pushXml(text(QUESTION, '8002')))).status).toBe(200);
    for (const offset of [-61, 61]) {
      const { status, error } = await refusal(await post(url, at(offset), pushXml(text(QUESTION, '8003'))));
      expect([status, error.code]).toEqual([401, 'stale_timestamp']);
    }
    expect(fx.runner.turns).toHaveLength(2);
  });

  it('answers 400 to a timestamp that is not whole seconds', async () => {
    const url = await start();
    const query = new URLSearchParams({ signature: 'x', timestamp: '2023-11-14', nonce: '42' }).toString();
    expect(await refusal(await post(url, query, pushXml(text(QUESTION))))).toEqual({
      status: 400,
      error: { code: 'invalid_timestamp', message: '时间戳格式不对。 / wechat: timestamp "2023-11-14" is not whole seconds since the epoch' },
    });
  });

  it('refuses an unsigned plaintext push with 401 before reading its body, however large', async () => {
    const url = await start();
    const response = await post(url, signedQuery('another-token'), pushXml(text('医'.repeat(MAX_BODY_BYTES))));
    expect((await refusal(response)).status).toBe(401);
  });

  it('answers 400 to a signed push whose gzip body does not inflate', async () => {
    const url = await start();
    const response = await post(url, signedQuery(A.token), 'not gzip at all', { 'content-encoding': 'gzip' });
    expect(await refusal(response)).toEqual({
      status: 400,
      error: { code: 'invalid_content_encoding', message: '请求内容无法解压，请检查 Content-Encoding。 / wechat: request body is not valid "gzip" data' },
    });
  });

  it('answers 400 to a signed push nested deeper than the platform ever nests', async () => {
    const url = await start();
    const body = pushXml(text(QUESTION)).replace('</xml>', `${'<a>'.repeat(101)}${'</a>'.repeat(101)}</xml>`);
    expect(await refusal(await post(url, signedQuery(A.token), body))).toEqual({
      status: 400,
      error: { code: 'malformed_xml', message: `${MALFORMED_ZH} / wechat: malformed XML: elements nested deeper than 16 levels` },
    });
    expect(fx.runner.turns).toEqual([]);
  });
});

describe('公众号 retries and bursts', () => {
  it('runs two identical concurrent pushes once and answers both', async () => {
    fx.runner.delayMs = 50;
    const url = await start();
    const [first, second] = await Promise.all([ask(url, text(QUESTION, '4001')), ask(url, text(QUESTION, '4001'))]);
    expect([first, second]).toEqual([ANSWER_TEXT, ANSWER_TEXT]);
    expect(fx.runner.turns).toHaveLength(1);
  });

  it('answers a retry that comes after the first run finished with the same answer', async () => {
    const url = await start();
    expect(await ask(url, text(QUESTION, '4002'))).toBe(ANSWER_TEXT);
    expect(await ask(url, text(QUESTION, '4002'))).toBe(ANSWER_TEXT);
    expect(fx.runner.turns).toHaveLength(1);
  });

  it('de-duplicates a retried subscribe event by FromUserName and CreateTime', async () => {
    const url = await start();
    const subscribe = { MsgType: 'event', Event: 'subscribe', createTime: '1700000123' };
    expect(await ask(url, subscribe)).toBe(PHRASES.welcome);
    expect(await ask(url, subscribe)).toBe(PHRASES.welcome);
    expect(fx.runner.turns).toHaveLength(1);
  });

  it('runs a burst from one user in the order it arrived', async () => {
    const url = await start({
      runner: async (turn) => {
        if (turn.text === QUESTION) await new Promise((resolve) => setTimeout(resolve, 50));
        return fx.runner(turn);
      },
    });
    await Promise.all([ask(url, text(QUESTION, '4003')), ask(url, text('那青海呢', '4004'))]);
    expect(fx.runner.finished).toEqual([QUESTION, '那青海呢']);
  });
});

describe('公众号 messages in safe mode', () => {
  it('decrypts the official sample (vector A) and answers with an encrypted, signed reply', async () => {
    const url = await start({ now: clockAt(A.timestamp) });
    const body = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${A.encrypt}]]></Encrypt></xml>`;
    const response = await post(url, safeQuery(A.encrypt), body);
    expect(response.status).toBe(200);
    const reply = openEncryptedReply(await response.text());
    expect(reply).toMatchObject({ ToUserName: A.from, MsgType: 'text', Content: PHRASES.refusal });
    expect(fx.runner.turns[0]).toMatchObject({ text: A.content, messageId: A.msgId });
  });

  it('answers 灵活就业人员能参加职工医保吗 encrypted when the question came encrypted', async () => {
    const url = await start();
    const encrypt = crypto.encrypt(pushXml(text(QUESTION, '5001')));
    const body = `<xml><ToUserName><![CDATA[gh_yibao]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const response = await post(url, safeQuery(encrypt, '1700000000', '777'), body);
    const reply = openEncryptedReply(await response.text());
    expect(reply).toMatchObject({ ToUserName: 'o-user-1', FromUserName: 'gh_yibao', Content: ANSWER_TEXT });
  });

  it('answers 401 and runs nothing when msg_signature is wrong', async () => {
    const url = await start({ now: clockAt(A.timestamp) });
    const query = safeQuery(A.encrypt).replace(A.msgSignature, '0'.repeat(40));
    const body = `<xml><ToUserName>gh_yibao</ToUserName><Encrypt><![CDATA[${A.encrypt}]]></Encrypt></xml>`;
    const response = await post(url, query, body);
    expect(await refusal(response)).toEqual({
      status: 401,
      error: { code: 'bad_signature', message: `${BAD_SIGNATURE_ZH} / wechat: bad msg_signature for timestamp 1409735669` },
    });
    expect(fx.runner.turns).toEqual([]);
  });

  it('checks msg_signature before parsing: an unsigned body nested 200 levels deep gets 401, not a parse error', async () => {
    const url = await start();
    const body = `<xml>${'<a>'.repeat(200)}<Encrypt><![CDATA[${A.encrypt}]]></Encrypt>${'</a>'.repeat(200)}</xml>`;
    const response = await post(url, safeQuery('forged', TEST_TIMESTAMP), body);
    expect((await refusal(response)).error.code).toBe('bad_signature');
    expect(fx.logs).toEqual([`wechat: POST answered 401 (WeChatSignatureError), body ${Buffer.byteLength(body)} bytes`]);
  });

  it('serves 兼容模式 from the plaintext fields when no EncodingAESKey is configured', async () => {
    const url = await start({ config: { ...config, encodingAESKey: null } });
    const encrypt = crypto.encrypt(pushXml(text(QUESTION, '5002')));
    const body = pushXml({ ...text(QUESTION, '5002'), Encrypt: encrypt });
    const response = await post(url, safeQuery(encrypt, '1700000000', '42'), body);
    expect(parseXmlFields(await response.text()).Content).toBe(ANSWER_TEXT);
  });
});

describe('公众号 safe mode without EncodingAESKey', () => {
  it('answers 400 naming the missing key when a push arrives encrypted only', async () => {
    const url = await start({ config: { ...config, encodingAESKey: null }, now: clockAt(A.timestamp) });
    const body = `<xml><ToUserName>gh_yibao</ToUserName><Encrypt><![CDATA[${A.encrypt}]]></Encrypt></xml>`;
    const response = await post(url, safeQuery(A.encrypt), body);
    const reason = 'wechat: push is encrypted (安全模式) but WECHAT_ENCODING_AES_KEY is not configured';
    expect(await refusal(response)).toEqual({
      status: 400,
      error: { code: 'encryption_not_configured', message: `消息是加密的（安全模式），但服务器没有配置 EncodingAESKey。 / ${reason}` },
    });
    expect(fx.logs).toEqual([`wechat: POST answered 400 (${reason}), body ${Buffer.byteLength(body)} bytes`]);
  });
});

describe('公众号 answers that miss the deadline', () => {
  let api: FakeWeChatApi;
  beforeAll(async () => {
    api = await startFakeWeChatApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers success in time and sends the late answer through 客服消息, reusing the token', async () => {
    const release = holdRuns(fx.runner);
    const store = new MemoryStore();
    const kefu = new KefuSender({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, apiBase: api.baseUrl, store });
    const url = await start({ deadlineMs: 50, kefu, store });
    expect(await ask(url, text(QUESTION, '6001', 'o-late-1'))).toBe('success');
    expect(await ask(url, text('异地就医怎么备案', '6002', 'o-late-2'))).toBe('success');
    // Both replies came while the answers were still held back: nothing has gone out yet.
    expect(fx.runner.finished).toEqual([]);
    expect(api.sent).toEqual([]);
    release();
    const sent = await api.waitForSent(2);
    expect(sent).toEqual([
      { accessToken: 'token-1', touser: 'o-late-1', content: ANSWER_TEXT },
      { accessToken: 'token-1', touser: 'o-late-2', content: ANSWER_TEXT },
    ]);
    expect(api.tokenRequests).toHaveLength(1);
  });

  it('fx.logs a late answer it cannot send with its id and size only', async () => {
    const release = holdRuns(fx.runner);
    const url = await start({ deadlineMs: 20 });
    expect(await ask(url, text(QUESTION, '6003'))).toBe('success');
    release();
    await vi.waitFor(() => {
      expect(fx.logs).toEqual([
        `wechat: late answer for message 6003 dropped, no 客服 sender configured (${Buffer.byteLength(ANSWER_TEXT)} bytes)`,
      ]);
    });
  });
});
