/**
 * Drives a WeChat route with the real conversation: the loaded corpus and engine from
 * `server/services`, the shared teams-ai Application and its ConversationRunner, and the route
 * over HTTP with signed (WeCom: encrypted) XML, as the platform sends it.
 */
import { createBotApp } from '../../adapters/botframework/app';
import { createConversationRunner } from '../../adapters/botframework/runner';
import { KeyValueBotStorage } from '../../adapters/botframework/storage';
import { WeChatCrypto, computeSignature } from '../../adapters/wechat/crypto';
import { createWeChatRouter } from '../../adapters/wechat/router';
import { parseXmlFields } from '../../adapters/wechat/xml';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { MemoryStore } from '../../state/memory';
import type { ChannelDriver } from '../contract/channel-contract';
import { currentTimestamp, post, pushXml, serve, signedQuery } from './harness';
import { A, B } from './vectors';

const NONCE = '20240601';

export async function makeWeChatDriver(mode: 'mp' | 'wecom'): Promise<ChannelDriver> {
  const { conversation } = await loadServices(parseConfig({}));
  const store = new MemoryStore();
  const runner = createConversationRunner({ app: createBotApp({ conversation, storage: new KeyValueBotStorage(store) }) });
  const mp = { token: A.token, appId: A.appId, encodingAESKey: null, appSecret: null, apiBase: 'http://127.0.0.1:1' };
  const wecom = { token: B.token, corpId: B.corpId, encodingAESKey: B.encodingAESKey };
  const crypto = new WeChatCrypto({ token: B.token, encodingAESKey: B.encodingAESKey, receiveId: B.corpId });
  const router = mode === 'mp' ? createWeChatRouter({ mode, config: mp, runner, store }) : createWeChatRouter({ mode, config: wecom, runner, store });
  const server = await serve(router);
  let msgId = 0;

  async function postText(conversationId: string, text: string): Promise<string> {
    msgId += 1;
    const xml = pushXml({ from: conversationId, to: mode === 'mp' ? 'gh_yibao' : B.corpId, MsgType: 'text', Content: text, MsgId: String(msgId) });
    // Signed now: the route refuses timestamps outside its window.
    const timestamp = currentTimestamp();
    if (mode === 'mp') return (await post(server.url, signedQuery(A.token, {}, timestamp, NONCE), xml)).text();
    const encrypt = crypto.encrypt(xml);
    const query = new URLSearchParams({ msg_signature: computeSignature(B.token, timestamp, NONCE, encrypt), timestamp, nonce: NONCE });
    const body = await (await post(server.url, query.toString(), `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`)).text();
    const envelope = parseXmlFields(body);
    return envelope.Encrypt ? crypto.decrypt(envelope.Encrypt) : body;
  }

  return {
    async send(conversationId, text) {
      const body = await postText(conversationId, text);
      const content = body.startsWith('<xml>') ? parseXmlFields(body).Content : undefined;
      if (content === undefined) throw new Error(`${mode} contract: no passive reply, got ${body.slice(0, 80)}`);
      return { text: content };
    },
    close: () => server.close(),
  };
}
