/**
 * Test harness for the WeChat routes: a real HTTP server on port 0, a small in-test runner,
 * and builders for signed, optionally encrypted pushes.
 */
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { afterEach, beforeEach, expect } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply, Turn } from '../../bot/types';
import { computeSignature } from '../../adapters/wechat/crypto';

export interface TestServer {
  /** URL of the mounted router, e.g. `http://127.0.0.1:40123/wechat`. */
  url: string;
  close(): Promise<void>;
}

export async function serve(router: Router, path = '/wechat'): Promise<TestServer> {
  const app = express();
  app.use(path, router);
  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export const QUESTION = '灵活就业人员能参加职工医保吗';

export const LAW_CLAUSE: Citation = {
  docId: 'cn-social-insurance-law',
  title: '中华人民共和国社会保险法',
  docNumber: null,
  clauseId: 'cn-social-insurance-law:a23.p2',
  path: '第二十三条第二款',
  quote: '无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员以及其他灵活就业人员可以参加职工基本医疗保险，由个人按照国家规定缴纳基本医疗保险费。',
  region: '全国',
  kind: 'law',
  issuer: '全国人民代表大会常务委员会',
  date: '2018-12-29',
};

/** What the in-test runner answers QUESTION with: the quote, then its source line, as the engine writes it. */
export const ANSWER_TEXT = `${LAW_CLAUSE.quote}\n——《中华人民共和国社会保险法》第二十三条第二款`;

const reply = (kind: Reply['kind'], text: string, citations: Citation[] = []): Reply => ({
  kind,
  answered: citations.length > 0,
  text,
  citations,
  followUps: [],
});

export interface TestRunner {
  (turn: Turn): Promise<Reply[]>;
  turns: Turn[];
  /** Turn texts in the order their runs finished. */
  finished: string[];
  /** Milliseconds every run takes. */
  delayMs: number;
  /** When set, every run waits for this promise too (a slow answer the test releases itself). */
  hold: Promise<void> | null;
}

/** What each test of a router file gets afresh: a runner, the router's log lines and its server. */
export interface RouterFixture {
  runner: TestRunner;
  logs: string[];
  /** Serves `router` at `path` and returns its URL; the server is closed after the test. */
  serve(router: Router, path?: string): Promise<string>;
}

/** Registers the hooks that give each test a new runner and log, and close its server afterwards. */
export function routerFixture(): RouterFixture {
  let server: TestServer | undefined;
  const fixture: RouterFixture = {
    runner: testRunner(),
    logs: [],
    async serve(router, path) {
      server = await serve(router, path);
      return server.url;
    },
  };
  beforeEach(() => {
    fixture.runner = testRunner();
    fixture.logs = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return fixture;
}

/** Holds every run of `runner` until the returned function is called (answers that miss the deadline). */
export function holdRuns(runner: TestRunner): () => void {
  let release = () => {};
  runner.hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  return release;
}

/** Answers QUESTION with LAW_CLAUSE, welcomes, asks for text on unsupported turns, refuses the rest. */
export function testRunner(delayMs = 0): TestRunner {
  const runner = (async (turn: Turn): Promise<Reply[]> => {
    runner.turns.push(turn);
    if (runner.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, runner.delayMs));
    if (runner.hold) await runner.hold;
    runner.finished.push(turn.text ?? turn.kind);
    if (turn.kind === 'welcome') return [reply('smalltalk', PHRASES.welcome)];
    if (turn.kind === 'unsupported') return [reply('invalid', PHRASES.notText)];
    if (turn.text === QUESTION || turn.text === '异地就医怎么备案') return [reply('answer', ANSWER_TEXT, [LAW_CLAUSE])];
    return [reply('refusal', PHRASES.refusal)];
  }) as TestRunner;
  runner.turns = [];
  runner.finished = [];
  runner.delayMs = delayMs;
  runner.hold = null;
  return runner;
}

export interface PushFields {
  from?: string;
  to?: string;
  createTime?: string;
  [field: string]: string | undefined;
}

/** A plaintext push as WeChat sends it (text fields in CDATA). */
export function pushXml({ from = 'o-user-1', to = 'gh_yibao', createTime = '1700000000', ...fields }: PushFields): string {
  const extra = Object.entries(fields)
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('');
  return (
    `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime>${extra}</xml>`
  );
}

/** Timestamp of the test pushes (2023-11-14T22:13:20Z); routers under test run on a clock set to it. */
export const TEST_TIMESTAMP = '1700000000';

/** A clock that reads `timestamp` (seconds) now and runs on from there, for routers that check timestamps. */
export function clockAt(timestamp: string): () => number {
  const offsetMs = Number(timestamp) * 1000 - Date.now();
  return () => Date.now() + offsetMs;
}

/** The current time as a WeChat `timestamp` (whole seconds). */
export function currentTimestamp(): string {
  return String(Math.floor(Date.now() / 1000));
}

/** Query string of a plaintext-mode request signed with `token`. */
export function signedQuery(token: string, extra: Record<string, string> = {}, timestamp = TEST_TIMESTAMP, nonce = '42'): string {
  return new URLSearchParams({ signature: computeSignature(token, timestamp, nonce), timestamp, nonce, ...extra }).toString();
}

export function post(url: string, query: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body });
}

/** The status and JSON error body of a refused request. */
export async function refusal(response: Response): Promise<{ status: number; error: { code: string; message: string } }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, error: body.error };
}
