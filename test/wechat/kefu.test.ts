import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeChatApiError } from '../../adapters/wechat/errors';
import { KefuSender, TOKEN_KEY_PREFIX, kefuFromConfig } from '../../adapters/wechat/kefu';
import { MemoryStore } from '../../state/memory';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWeChatApi, type FakeWeChatApi } from './fakeWeChatApi';

let api: FakeWeChatApi;
let store: MemoryStore;

beforeEach(async () => {
  api = await startFakeWeChatApi();
  store = new MemoryStore();
});
afterEach(async () => {
  await api.close();
});

const sender = (appSecret = FAKE_APP_SECRET) => new KefuSender({ appId: FAKE_APP_ID, appSecret, apiBase: api.baseUrl, store });

describe('客服消息 sender', () => {
  it('fetches a stable token once and reuses it for two messages', async () => {
    const kefu = sender();
    await kefu.sendText('o-user-1', '可以参加职工医保。');
    await kefu.sendText('o-user-2', '请直接输入您的问题。');
    expect(api.tokenRequests).toEqual([{ grant_type: 'client_credential', appid: FAKE_APP_ID, secret: FAKE_APP_SECRET }]);
    expect(api.sent).toEqual([
      { accessToken: 'token-1', touser: 'o-user-1', content: '可以参加职工医保。' },
      { accessToken: 'token-1', touser: 'o-user-2', content: '请直接输入您的问题。' },
    ]);
  });

  it('shares the token with other replicas through the store', async () => {
    await sender().sendText('o-user-1', '异地就医需要先备案。');
    await sender().sendText('o-user-1', '门诊费用纳入统筹基金支付。');
    expect(api.tokenRequests).toHaveLength(1);
    expect(await store.get(TOKEN_KEY_PREFIX + FAKE_APP_ID)).toBe('token-1');
  });

  it('asks for one token when two messages go out at once', async () => {
    const kefu = sender();
    await Promise.all([kefu.sendText('o-user-1', '一'), kefu.sendText('o-user-2', '二')]);
    expect(api.tokenRequests).toHaveLength(1);
  });

  it('surfaces errcode 45015 as a typed error naming it', async () => {
    api.sendErrors.push({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    const failure = sender().sendText('o-user-1', '可以参加职工医保。');
    await expect(failure).rejects.toBeInstanceOf(WeChatApiError);
    await expect(failure).rejects.toMatchObject({
      errcode: 45015,
      message: 'wechat: custom/send failed with errcode 45015: response out of time limit or subscription is canceled',
    });
  });

  it('fetches a new token once when the cached one was invalidated', async () => {
    const kefu = sender();
    await kefu.sendText('o-user-1', '一');
    api.sendErrors.push({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    await kefu.sendText('o-user-1', '二');
    expect(api.tokenRequests).toHaveLength(2);
    expect(api.sent.map((m) => m.accessToken)).toEqual(['token-1', 'token-2']);
  });

  it('reports a wrong AppSecret from stable_token', async () => {
    await expect(sender('wrong').sendText('o-user-1', '一')).rejects.toThrow('wechat: stable_token failed with errcode 40001: invalid credential');
  });

  it('is built from the WeChat config only when an AppSecret is set', async () => {
    const config = { token: 't', appId: FAKE_APP_ID, encodingAESKey: null, appSecret: FAKE_APP_SECRET, apiBase: api.baseUrl };
    await kefuFromConfig(config, store)?.sendText('o-user-1', '可以参加职工医保。');
    expect(api.sent).toHaveLength(1);
    expect(kefuFromConfig({ ...config, appSecret: null }, store)).toBeUndefined();
  });
});
