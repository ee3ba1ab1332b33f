/**
 * A local stand-in for api.weixin.qq.com: POST /cgi-bin/stable_token and
 * /cgi-bin/message/custom/send, recording what it received.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';

export const FAKE_APP_ID = 'wx2c2769f8efd9abc2';
export const FAKE_APP_SECRET = 'fake-secret';

export interface SentMessage {
  accessToken: string;
  touser: string;
  content: string;
}

export interface FakeWeChatApi {
  baseUrl: string;
  tokenRequests: unknown[];
  sent: SentMessage[];
  /** errcodes custom/send answers with, one per call, before it succeeds again. */
  sendErrors: Array<{ errcode: number; errmsg: string }>;
  /** Resolves when `count` messages have been sent. */
  waitForSent(count: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

/** Lifetime of the tokens handed out, in seconds (the real API says 7200). */
const EXPIRES_IN_S = 7200;
const INVALID_CREDENTIAL = 40001;

export async function startFakeWeChatApi(): Promise<FakeWeChatApi> {
  const app = express();
  app.use(express.json());
  const waiters: Array<{ count: number; resolve: (sent: SentMessage[]) => void }> = [];
  const api = {
    tokenRequests: [] as unknown[],
    sent: [] as SentMessage[],
    sendErrors: [] as Array<{ errcode: number; errmsg: string }>,
  };

  app.post('/cgi-bin/stable_token', (req, res) => {
    api.tokenRequests.push(req.body);
    const { grant_type: grant, appid, secret } = req.body as Record<string, string>;
    if (grant !== 'client_credential' || appid !== FAKE_APP_ID || secret !== FAKE_APP_SECRET) {
      res.json({ errcode: INVALID_CREDENTIAL, errmsg: 'invalid credential' });
      return;
    }
    res.json({ access_token: `token-${api.tokenRequests.length}`, expires_in: EXPIRES_IN_S });
  });

  app.post('/cgi-bin/message/custom/send', (req, res) => {
    const failure = api.sendErrors.shift();
    if (failure) {
      res.json(failure);
      return;
    }
    const body = req.body as { touser: string; msgtype: string; text: { content: string } };
    api.sent.push({ accessToken: String(req.query.access_token), touser: body.touser, content: body.text.content });
    for (const waiter of waiters.filter((w) => api.sent.length >= w.count)) waiter.resolve([...api.sent]);
    res.json({ errcode: 0, errmsg: 'ok' });
  });

  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, {
    baseUrl: `http://127.0.0.1:${port}`,
    waitForSent(count: number) {
      if (api.sent.length >= count) return Promise.resolve([...api.sent]);
      return new Promise<SentMessage[]>((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  });
}
