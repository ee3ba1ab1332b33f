/**
 * The server as production runs it: `node --import tsx server/main.ts` in a child process, on a
 * free loopback port, for tests of what only a whole process shows (signals, exit, timeouts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../state/redisServer';

const ROOT = join(import.meta.dirname, '../..');
/** What main.ts prints once it accepts connections. */
const LISTENING = 'listening on http://';
/** Longest a child may take to load the corpus and listen (two busy cores, several test workers). */
const START_TIMEOUT_MS = 60_000;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  port: number;
  url: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** Resolves once the output contains `text`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  exited: Promise<ChildExit>;
  /** Kills the process if it still runs (test cleanup). */
  kill(): Promise<void>;
}

/**
 * Starts the server with `env` over the test's environment, no Redis and no channel keys unless
 * `env` sets them (an empty value wins over a developer's `.env`).
 */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', WECHAT_TOKEN: '', WECHAT_APP_ID: '', WECOM_TOKEN: '', WECOM_CORP_ID: '', WECOM_ENCODING_AES_KEY: '', MicrosoftAppId: '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const waiters = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    printed += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const check of waiters) check();
  });

  const waitForOutput = (text: string, timeoutMs = START_TIMEOUT_MS) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`server did not print "${text}" within ${timeoutMs} ms; output:\n${printed}`)), timeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (printed.includes(text)) done();
        else if (hasExited) done(new Error(`server exited before printing "${text}"; output:\n${printed}`));
      };
      waiters.add(check);
      check();
    });

  await waitForOutput(LISTENING);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => printed,
    waitForOutput,
    signal: (signal) => void child.kill(signal),
    exited,
    kill: async () => {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}
