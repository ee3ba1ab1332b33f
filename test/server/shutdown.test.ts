/**
 * Shutdown and slow clients, on the server started as production starts it (a child process
 * running server/main.ts), through real connections.
 */
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/childServer';
import { jsonRequestHead, rawConnection } from '../support/rawHttp';

const QUESTION_BODY = JSON.stringify({ question: '异地就医备案以后能直接结算吗' });
/** Keep-alive clients hammering the server while it is told to stop. */
const LOAD_CLIENTS = 8;
/** Requests the load has to have answered before the signal, so connections are busy. */
const LOAD_WARM_UP = 200;
/** Longer than any grace period below: the test fails, instead of hanging, when the process does not exit. */
const EXIT_WAIT_MS = 20_000;
/** Each test starts a server process, which loads the corpus: on busy machines that alone takes many seconds. */
const TEST_TIMEOUT_MS = 120_000;

let server: ChildServer | undefined;
afterEach(async () => {
  await server?.kill();
  server = undefined;
});

interface Load {
  answered: number;
  /** Why each client stopped (connection refused, reset or broken, once the server is gone). */
  stopped: Promise<string[]>;
}

/** Clients that each send one request after another on their keep-alive connection, until a request fails. */
function keepAliveLoad(url: string): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CLIENTS });
  const load = { answered: 0 } as Load;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${url}/api/search?q=${encodeURIComponent('异地就医备案')}`, { agent }, (res) => {
        res.resume();
        res.once('end', () => {
          load.answered += 1;
          resolve();
        });
      });
      req.once('error', reject);
      req.end();
    });
  const client = async (): Promise<string> => {
    for (;;) {
      try {
        await once();
      } catch (error) {
        return (error as NodeJS.ErrnoException).code ?? String(error);
      }
    }
  };
  load.stopped = Promise.all(Array.from({ length: LOAD_CLIENTS }, client)).finally(() => agent.destroy());
  return load;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Returns once bytes written before the call have been read by the server: it has answered a
 * request sent after them (a connection the server has not read from yet counts as idle).
 */
async function reachedServer(url: string): Promise<void> {
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
}

function exitWithin(child: ChildServer, ms: number) {
  return Promise.race([
    child.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`server still running ${ms} ms after the signal:\n${child.output()}`)), ms)),
  ]);
}

describe('SIGTERM under keep-alive load', () => {
  it('turns /readyz to 503 at once, refuses new connections, lets in-flight requests finish with Connection: close, and exits', { timeout: TEST_TIMEOUT_MS }, async () => {
    server = await startChildServer({ SHUTDOWN_GRACE_MS: '10000' });
    const { port, url } = server;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const load = keepAliveLoad(url);
    await until(() => load.answered >= LOAD_WARM_UP);

    // Two requests in flight when the signal comes: one with half its headers, one with half its body.
    const readyz = await rawConnection(port);
    readyz.send('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const ask = await rawConnection(port);
    ask.send(jsonRequestHead('/api/ask', QUESTION_BODY) + QUESTION_BODY.slice(0, 10));
    await reachedServer(url);

    server.signal('SIGTERM');
    await server.waitForOutput('shutdown: SIGTERM received');

    await expect(rawConnection(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    readyz.send('\r\n');
    const notReady = await readyz.closed;
    expect(notReady).toMatch(/^HTTP\/1\.1 503 /);
    expect(notReady).toMatch(/\r\nConnection: close\r\n/i);
    expect(notReady).toContain('"ready":false,"shuttingDown":true');

    ask.send(QUESTION_BODY.slice(10));
    const answered = await ask.closed;
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(answered).toMatch(/\r\nConnection: close\r\n/i);
    expect(answered).toContain('"answered":true');

    expect(await exitWithin(server, EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('shutdown: every connection closed');
    expect(server.output()).not.toContain('destroyed');
    for (const reason of await load.stopped) expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']).toContain(reason);
  });
});

describe('SIGINT with a client that never finishes its body', () => {
  it('destroys the stalled connection when the grace period ends, then exits', { timeout: TEST_TIMEOUT_MS }, async () => {
    server = await startChildServer({ SHUTDOWN_GRACE_MS: '1500' });
    const stalled = await rawConnection(server.port);
    stalled.send(jsonRequestHead('/api/ask', QUESTION_BODY) + QUESTION_BODY.slice(0, 10));
    await reachedServer(server.url);

    server.signal('SIGINT');
    expect(await exitWithin(server, EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('shutdown: 1 connection(s) still open after 1500 ms, destroyed');
    expect(await stalled.closed).toBe('');
  });
});

describe('slow clients', () => {
  it('cuts off a client that sends its headers too slowly, and one that sends its body too slowly, with 408', { timeout: TEST_TIMEOUT_MS }, async () => {
    server = await startChildServer({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
    const slowHeaders = await rawConnection(server.port);
    slowHeaders.send('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const slowBody = await rawConnection(server.port);
    slowBody.send(jsonRequestHead('/api/ask', QUESTION_BODY) + QUESTION_BODY.slice(0, 10));

    expect(await slowHeaders.closed).toMatch(/^HTTP\/1\.1 408 /);
    expect(await slowBody.closed).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    server.signal('SIGTERM');
    expect(await exitWithin(server, EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
  });
});
