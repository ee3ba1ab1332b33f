import { describe, expect, it, vi } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { WeComConfig } from '../../server/config';
import { MemoryStore } from '../../state/memory';
import { WeChatCrypto, computeSignature } from '../../adapters/wechat/crypto';
import { createWeChatRouter } from '../../adapters/wechat/router';
import { parseXmlFields } from '../../adapters/wechat/xml';
import { ANSWER_TEXT, clockAt, currentTimestamp, holdRuns, QUESTION, post, pushXml, refusal, routerFixture, TEST_TIMESTAMP } from './harness';
import { B, B2 } from './vectors';

const config: WeComConfig = { token: B.token, corpId: B.corpId, encodingAESKey: B.encodingAESKey };
const crypto = new WeChatCrypto({ token: B.token, encodingAESKey: B.encodingAESKey, receiveId: B.corpId });

const fx = routerFixture();

/** Serves the WeCom router on a clock reading `timestamp` (the official samples' own, by default). */
async function start(timestamp: string = B2.timestamp, deadlineMs?: number): Promise<string> {
  return fx.serve(
    createWeChatRouter({
      mode: 'wecom',
      config,
      runner: fx.runner,
      store: new MemoryStore(),
      deadlineMs,
      log: (line) => fx.logs.push(line),
      now: clockAt(timestamp),
    }),
    '/wecom',
  );
}

function query(msgSignature: string, timestamp: string, nonce: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce, ...extra }).toString();
}

const envelope = (encrypt: string) =>
  `<xml><ToUserName><![CDATA[${B.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;

/** Checks the reply's MsgSignature, decrypts it and returns its fields. */
function openReply(body: string): Record<string, string> {
  const { Encrypt = '', MsgSignature, TimeStamp = '', Nonce = '' } = parseXmlFields(body);
  expect(MsgSignature).toBe(computeSignature(B.token, TimeStamp, Nonce, Encrypt));
  return parseXmlFields(crypto.decrypt(Encrypt));
}

describe('企业微信 callback', () => {
  it('verifies the URL with the official sample echostr and answers its plaintext', async () => {
    const url = await start(B.verify.timestamp);
    const { msgSignature, timestamp, nonce, echostr } = B.verify;
    const response = await fetch(`${url}?${query(msgSignature, timestamp, nonce, { echostr })}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1288432023552776189');
  });

  it('answers 401 to a URL verification with a wrong msg_signature', async () => {
    const url = await start(B.verify.timestamp);
    const { timestamp, nonce, echostr } = B.verify;
    const response = await fetch(`${url}?${query('0'.repeat(40), timestamp, nonce, { echostr })}`);
    expect(await refusal(response)).toEqual({
      status: 401,
      error: { code: 'bad_signature', message: '签名校验失败：请求不是来自微信，或 Token 与后台配置不一致。 / wechat: bad msg_signature for timestamp 1476416373' },
    });
  });

  it('decrypts the official sample message 你好 and answers with an encrypted reply', async () => {
    const url = await start();
    const response = await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), envelope(B2.encrypt));
    expect(response.status).toBe(200);
    const reply = openReply(await response.text());
    expect(reply).toMatchObject({ ToUserName: 'ChenJiaShun', FromUserName: B.corpId, MsgType: 'text', Content: PHRASES.refusal });
    expect(fx.runner.turns).toEqual([
      { channel: 'wecom', conversationId: 'ChenJiaShun', userId: 'ChenJiaShun', kind: 'message', text: '你好', messageId: '1456453720' },
    ]);
  });

  it('answers 灵活就业人员能参加职工医保吗 with the cited clause, encrypted', async () => {
    const url = await start(TEST_TIMESTAMP);
    const encrypt = crypto.encrypt(pushXml({ to: B.corpId, from: 'ZhangSan', MsgType: 'text', Content: QUESTION, MsgId: '7001', AgentID: '1000002' }));
    const response = await post(url, query(computeSignature(B.token, '1700000000', '99', encrypt), '1700000000', '99'), envelope(encrypt));
    expect(openReply(await response.text())).toMatchObject({ ToUserName: 'ZhangSan', Content: ANSWER_TEXT });
  });

  it('answers 401 and runs nothing when a message has a wrong msg_signature', async () => {
    const url = await start();
    const response = await post(url, query('0'.repeat(40), B2.timestamp, B2.nonce), envelope(B2.encrypt));
    expect(response.status).toBe(401);
    expect(fx.runner.turns).toEqual([]);
  });

  it('refuses a plaintext push, since WeCom always encrypts', async () => {
    const url = await start();
    const body = pushXml({ MsgType: 'text', Content: QUESTION, MsgId: '7002' });
    const response = await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), body);
    expect(await refusal(response)).toEqual({
      status: 400,
      error: { code: 'malformed_xml', message: '消息不是合法的微信 XML。 / wechat: message has no Encrypt' },
    });
  });

  it('answers success past the deadline and fx.logs the dropped late answer by id and size', async () => {
    const release = holdRuns(fx.runner);
    const url = await start(B2.timestamp, 20);
    const response = await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), envelope(B2.encrypt));
    expect(await response.text()).toBe('success');
    release();
    await vi.waitFor(() => {
      expect(fx.logs).toEqual([`wechat: late answer for wecom message 1456453720 dropped (${Buffer.byteLength(PHRASES.refusal)} bytes)`]);
    });
  });
});

describe('企业微信 pushes verified before they are parsed', () => {
  /** 64 KB of XML that costs a parser real work: a thousand fields of 64 characters. */
  const heavyFields = Array.from({ length: 1000 }, (_, i) => `<F${i}><![CDATA[${'医'.repeat(20)}]]></F${i}>`).join('');

  it('answers 401 to an unsigned push without parsing it, even when it is not XML at all', async () => {
    const url = await start();
    const body = `<xml><Encrypt><![CDATA[${B2.encrypt}]]></Encrypt>${'<a>'.repeat(500)}<unclosed>`;
    const response = await post(url, query('0'.repeat(40), B2.timestamp, B2.nonce), body);
    expect((await refusal(response)).error.code).toBe('bad_signature');
    expect(fx.logs).toEqual([`wechat: POST answered 401 (WeChatSignatureError), body ${Buffer.byteLength(body)} bytes`]);
    expect(fx.runner.turns).toEqual([]);
  });

  it('refuses a body over 16 KB with 413 before looking at it', async () => {
    const url = await start();
    const body = `<xml><Encrypt><![CDATA[${B2.encrypt}]]></Encrypt>${heavyFields}</xml>`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const { status, error } = await refusal(await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), body));
    expect([status, error.code]).toEqual([413, 'body_too_large']);
  });

  it('answers the signed official sample although the rest of its envelope is never parsed', async () => {
    const url = await start();
    const body = `<xml><ToUserName><![CDATA[${B.corpId}]]></ToUserName><Encrypt><![CDATA[${B2.encrypt}]]></Encrypt><AgentID>1000002</AgentID></xml>`;
    const response = await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), body);
    expect(response.status).toBe(200);
    expect(openReply(await response.text())).toMatchObject({ ToUserName: 'ChenJiaShun', Content: PHRASES.refusal });
  });

  it('answers 401 to the signed official sample replayed on today\'s clock', async () => {
    const url = await start(currentTimestamp());
    const response = await post(url, query(B2.msgSignature, B2.timestamp, B2.nonce), envelope(B2.encrypt));
    const { status, error } = await refusal(response);
    expect([status, error.code]).toEqual([401, 'stale_timestamp']);
    expect(fx.runner.turns).toEqual([]);
  });
});
