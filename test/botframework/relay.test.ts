/**
 * The real server without an app id must not be an open relay: `POST /api/messages` sends replies
 * only to a loopback serviceUrl (the Emulator) or returns them in the response (expectReplies).
 * A real HTTP listener stands in for a connector, so a reply that leaves the server is seen.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRealServer, type RealServer } from '../http/realServer';
import { userMessage } from './httpBot';

const QUESTION = '灵活就业人员能参加职工医保吗';
const REFUSED_ZH = '未配置 MicrosoftAppId 时，只能回复本机（Bot Framework Emulator）或在响应中返回回复。';
const RULE =
  'adapters/botframework/route: without MicrosoftAppId replies go only to a loopback serviceUrl (the Emulator) or back in the response (deliveryMode "expectReplies")';

interface SeenRequest {
  method: string;
  url: string;
  body: string;
}

/**
 * A connector stand-in on every interface: answers 200 to anything and remembers what it got.
 * botbuilder awaits each reply it sends before the turn ends, so whatever the server sent during
 * a turn is recorded here before the server answers the POST.
 */
interface Connector {
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

async function startConnector(): Promise<Connector> {
  const seen: SeenRequest[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${seen.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function postActivity(server: RealServer, activity: Partial<Activity>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const isJson = response.headers.get('content-type')?.includes('application/json');
  return { status: response.status, body: isJson ? ((await response.json()) as Record<string, any>) : null };
}

describe('POST /api/messages on the real server without an app id', () => {
  let server: RealServer;
  let connector: Connector;
  beforeAll(async () => {
    server = await startRealServer();
    connector = await startConnector();
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });
  afterEach(() => {
    connector.seen.length = 0;
  });

  it('says at start that replies go only to a loopback serviceUrl or back in the response', () => {
    expect(server.channels.find((line) => line.startsWith('Bot Framework:'))).toBe(
      'Bot Framework: /api/messages (no app id: unauthenticated, so replies go only to a loopback serviceUrl (the Emulator) or back in the response (deliveryMode expectReplies); any other request gets 401)',
    );
  });

  it('sends the Emulator its answer at a loopback serviceUrl', async () => {
    const { status } = await postActivity(server, { ...userMessage('relay-emulator', QUESTION), serviceUrl: `http://127.0.0.1:${connector.port}` });
    expect(status).toBe(200);
    expect(connector.seen).toHaveLength(1);
    expect(connector.seen[0]?.method).toBe('POST');
    expect(connector.seen[0]?.url).toMatch(/^\/v3\/conversations\/relay-emulator\/activities\//);
    expect(JSON.parse(connector.seen[0]?.body ?? '{}').text).toContain('灵活就业人员');
  });

  it('refuses with 401, sending nothing, a serviceUrl of 0.0.0.0 that would reach the same listener', async () => {
    // The address does reach the listener: it is the request the server must not make.
    expect((await fetch(`http://0.0.0.0:${connector.port}/probe`)).status).toBe(200);
    connector.seen.length = 0;
    const serviceUrl = `http://0.0.0.0:${connector.port}/steal?to=elsewhere`;
    const { status, body } = await postActivity(server, { ...userMessage('relay-zero', QUESTION), serviceUrl });
    expect(status).toBe(401);
    expect(body).toEqual({
      error: { code: 'reply_target_refused', message: `${REFUSED_ZH} / ${RULE}, and serviceUrl host "0.0.0.0:${connector.port}" is not loopback` },
    });
    expect(connector.seen).toEqual([]);
  });

  it('refuses with 401 a remote serviceUrl, and an activity without one', async () => {
    const remote = await postActivity(server, { ...userMessage('relay-remote', QUESTION), serviceUrl: 'http://example.invalid/v3?x=1' });
    expect(remote.status).toBe(401);
    expect(remote.body?.error.message).toBe(`${REFUSED_ZH} / ${RULE}, and serviceUrl host "example.invalid" is not loopback`);
    const none = await postActivity(server, { ...userMessage('relay-none', QUESTION), serviceUrl: undefined });
    expect(none.status).toBe(401);
    expect(none.body?.error.message).toBe(`${REFUSED_ZH} / ${RULE}, and the activity has no serviceUrl`);
  });

  it('answers in the response, sending nothing, when deliveryMode is expectReplies whatever the serviceUrl', async () => {
    const activity = { ...userMessage('relay-expect', QUESTION), serviceUrl: `http://0.0.0.0:${connector.port}/`, deliveryMode: 'expectReplies' };
    const { status, body } = await postActivity(server, activity);
    expect(status).toBe(200);
    expect(body?.activities[0].text).toContain('灵活就业人员');
    expect(connector.seen).toEqual([]);
  });
});

describe('POST /api/messages on the real server with an app id', () => {
  let server: RealServer;
  beforeAll(async () => {
    server = await startRealServer({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says at start that every request must carry a Bot Framework token', () => {
    expect(server.channels.find((line) => line.startsWith('Bot Framework:'))).toBe('Bot Framework: /api/messages (app id set: every request must carry a Bot Framework token)');
  });

  it('answers an unsigned request 401 and logs one line without a stack trace', async () => {
    const written: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        written.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
      }),
    );
    let answer: Awaited<ReturnType<typeof postActivity>>;
    try {
      answer = await postActivity(server, userMessage('relay-unsigned', QUESTION));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(written).toEqual([
      'adapters/botframework/route: Unauthorized Access. Request is not authorized (answered 401 unauthorized)',
    ]);
    expect(answer.status).toBe(401);
    expect(answer.body?.error.code).toBe('unauthorized');
  });
});
