/**
 * `npm run load` — a bounded load test on loopback, never asserted in unit tests:
 *
 * 1. throughput: req/s and latency p50/p99 of `POST /api/ask` at concurrency 1, 10 and 50, from
 *    many client addresses each within its rate limit (so the answer path is measured, limiter
 *    included);
 * 2. back-pressure: one client floods `/api/ask` at concurrency 100 and gets 429s, while other
 *    clients keep asking one question every few milliseconds; their p99 is reported.
 *
 * The server runs as a child process, started as `npm start` starts it (`node scripts/run.mjs
 * server/main.ts`: the compiled dist/, built first when stale), bound to 127.0.0.1 on a free port,
 * in-memory state, the configured rate limits, so the load generator does not share its event loop
 * and what is measured is what ships. `--workers N` runs N worker processes (`WEB_CONCURRENCY`) with
 * their state on a throwaway redis-server (workers share nothing else); `--redis` puts a single
 * process's state on Redis, for comparison. Clients are told apart the honest way: on Linux every 127.x.y.z is the loopback
 * interface, so each client connects from its own local address and the server sees that address,
 * with `trust proxy` off. Where only 127.0.0.1 exists (macOS), the script falls back to distinct
 * `X-Forwarded-For` addresses with `TRUST_PROXY=loopback` and says so.
 *
 *   npm run load -- [--requests 1000] [--flood-seconds 10] [--flood-concurrency 100] [--workers 2] [--redis] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` writes the server's CPU profile (each worker's) into DIR when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { Socket, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../server/config';
import { startRedisServer, type RedisServer } from '../test/state/redisServer';
import { processTreeCpuMs } from './processCpu';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const CONCURRENCY_LEVELS = [1, 10, 50];
const DEFAULTS = { requests: 1000, floodSeconds: 10, floodConcurrency: 100, workers: 1 };
/** The most each option may ask for: the run stays bounded whatever it is given. */
const MAXIMA = { requests: 100_000, floodSeconds: 120, floodConcurrency: 1000, workers: 16 };
/** Most requests one flood may send, whatever its duration. */
const MAX_FLOOD_REQUESTS = 500_000;
/** The other clients ask one question this often during the flood… */
const PROBE_INTERVAL_MS = 20;
/** …each from its own address, taking turns, so that none of them goes over its own limit. */
const PROBE_CLIENTS = 100;
/** What the other clients' p99 should stay under (reported, not enforced). */
const PROBE_P99_TARGET_MS = 100;
const SERVER_START_TIMEOUT_MS = 60_000;
/** Any single request taking longer is abandoned (counted as an error). */
const REQUEST_TIMEOUT_MS = 30_000;
const LISTENING = 'listening on';
/** Logged once the channel modules have loaded (when the server is idle, after listening): the steady state measured. */
const CHANNELS_LOADED = 'start-up: conversation app';
const SECONDS_PER_MINUTE = 60;

/** Questions as people type them; each request takes the next. */
const QUESTIONS = [
  '灵活就业人员能参加职工医保吗',
  '我在兰州交的医保，去上海看病能直接报吗？',
  '异地就医备案怎么办理',
  '门诊费用能报销吗',
  '退休了还要交医保吗',
  '新生儿怎么参加城乡居民医保',
  '跨省看病要带什么材料',
  '职工医保个人账户能给家人用吗',
  '外地务工人员在杭州能参保吗',
  '门诊共济是什么意思',
];

interface Options {
  requests: number;
  floodSeconds: number;
  floodConcurrency: number;
  /** Worker processes (`WEB_CONCURRENCY`); more than one puts the state on Redis. */
  workers: number;
  /** State on a throwaway redis-server even with one process. */
  redis: boolean;
  /** Where the server writes its CPU profiles (node --cpu-prof), or null. */
  cpuProfDir: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { ...DEFAULTS, redis: false, cpuProfDir: null };
  const names: Record<string, keyof typeof DEFAULTS> = { '--requests': 'requests', '--flood-seconds': 'floodSeconds', '--flood-concurrency': 'floodConcurrency', '--workers': 'workers' };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--redis') {
      options.redis = true;
      i -= 1;
      continue;
    }
    if (argv[i] === '--cpu-prof') {
      if (!argv[i + 1]) throw new Error('load: --cpu-prof needs a folder');
      options.cpuProfDir = argv[i + 1] ?? null;
      continue;
    }
    const key = names[argv[i] ?? ''];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value <= 0) throw new Error(`load: expected --requests, --flood-seconds, --flood-concurrency or --workers with a positive whole number, or --redis, got "${argv[i]} ${argv[i + 1] ?? ''}"`);
    if (value > MAXIMA[key]) throw new Error(`load: ${argv[i]} is at most ${MAXIMA[key]}, got ${value}`);
    options[key] = value;
  }
  if (options.workers > 1) options.redis = true;
  return options;
}

/** The i-th distinct client address: 127.1.0.2, 127.1.0.3, … (64,516 of them, then they repeat). */
function clientAddress(i: number): string {
  const n = i + 1;
  return `127.1.${Math.floor(n / 254) % 254}.${(n % 254) + 1}`;
}

/** A port nobody listens on, and whether connections can come from another loopback address. */
async function probeLoopback(): Promise<{ port: number; distinctAddresses: boolean }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const distinctAddresses = await new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect({ port, host: HOST, localAddress: clientAddress(0) }, () => {
      socket.destroy();
      resolve(true);
    });
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { port, distinctAddresses };
}

/** How the server is told which client a request comes from. */
interface ClientIdentity {
  describe: string;
  /** Request options that make a request come from client `address`. */
  from(address: string): { localAddress?: string; headers: Record<string, string> };
  serverEnv: Record<string, string>;
}

function identity(distinctAddresses: boolean): ClientIdentity {
  if (distinctAddresses) {
    return {
      describe: 'each client connects from its own loopback address (127.x.y.z), trust proxy off',
      from: (address) => ({ localAddress: address, headers: {} }),
      serverEnv: {},
    };
  }
  return {
    describe: 'only 127.0.0.1 here: each client sends its own X-Forwarded-For address, TRUST_PROXY=loopback',
    from: (address) => ({ headers: { 'x-forwarded-for': address.replace(/^127\./, '10.') } }),
    serverEnv: { TRUST_PROXY: 'loopback' },
  };
}

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the server as `npm start` does, as a child on `port`; resolves when every one of its
 * `workers` has printed its listening line and loaded its channel modules (which hold the event
 * loop for about a second once the server is idle: not part of the steady state measured).
 */
function startServer(port: number, env: Record<string, string>, workers: number, cpuProfDir: string | null): Promise<Server> {
  const profile = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const child = spawn(process.execPath, [...profile, 'scripts/run.mjs', 'server/main.ts'], {
    cwd: ROOT,
    env: { REDIS_URL: '', ...process.env, ...env, PORT: String(port), HOST, WEB_CONCURRENCY: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`load: the server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s`));
    }, SERVER_START_TIMEOUT_MS);
    let output = '';
    let listening = 0;
    let loaded = 0;
    // Until every worker listens the output is kept (to show it if the start fails); after that
    // the request log lines are only drained, so the generator does no work per line.
    const untilListening = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      listening += text.split(LISTENING).length - 1;
      loaded += text.split(CHANNELS_LOADED).length - 1;
      if (listening >= workers && loaded >= workers) {
        clearTimeout(timer);
        child.stdout?.off('data', untilListening);
        child.stdout?.on('data', () => {});
        resolve({ child, url: `http://${HOST}:${port}`, stop });
      }
    };
    child.stdout?.on('data', untilListening);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`load: the server exited with code ${code} before listening:\n${output}`));
    });
  });
}

interface Outcome {
  status: number;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One `POST /api/ask` from `client`; status 0 when the request failed. */
function ask(url: string, client: ReturnType<ClientIdentity['from']>, question: string): Promise<Outcome> {
  const body = JSON.stringify({ question });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/ask`,
      {
        method: 'POST',
        agent,
        localAddress: client.localAddress,
        headers: { ...client.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

interface Summary {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: string;
}

function summarise(outcomes: Outcome[], elapsedMs: number): Summary {
  const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  return {
    count: outcomes.length,
    perSecond: outcomes.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    statuses: [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${n} × ${s === 0 ? 'failed' : s}`).join(', '),
  };
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const line = (label: string, s: Summary) =>
  `${label.padEnd(24)} ${String(s.count).padStart(7)} req ${s.perSecond.toFixed(0).padStart(7)} req/s   p50 ${ms(s.p50).padStart(8)}   p99 ${ms(s.p99).padStart(8)}   max ${ms(s.max).padStart(8)}   (${s.statuses})`;

/** `total` asks by `concurrency` workers; request k comes from client `clientOf(k)`. */
async function run(url: string, total: number, concurrency: number, clientOf: (k: number) => ReturnType<ClientIdentity['from']>): Promise<Summary> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const k = next++;
        outcomes.push(await ask(url, clientOf(k), QUESTIONS[k % QUESTIONS.length] as string));
      }
    }),
  );
  return summarise(outcomes, performance.now() - started);
}

/**
 * One client at `floodConcurrency` for `floodSeconds`, and other clients asking every
 * PROBE_INTERVAL_MS meanwhile. The other clients are users already connected: each asks once
 * before the flood, so its keep-alive connection is open. (A server accepts one new connection per
 * turn of its event loop, so while the flooder opens its connections, other *new* connections wait
 * behind them; that is for a proxy's per-address connection limit, not for the rate limit.)
 */
async function flood(url: string, options: Options, who: ClientIdentity, firstProbeClient: number): Promise<{ flood: Summary; others: Summary }> {
  const probeClient = (i: number) => who.from(clientAddress(firstProbeClient + (i % PROBE_CLIENTS)));
  await run(url, PROBE_CLIENTS, 1, probeClient);
  const deadline = performance.now() + options.floodSeconds * 1000;
  const flooder = who.from('127.0.0.2');
  const floodOutcomes: Outcome[] = [];
  let sent = 0;
  const started = performance.now();
  const workers = Array.from({ length: options.floodConcurrency }, async () => {
    while (performance.now() < deadline && sent < MAX_FLOOD_REQUESTS) {
      sent += 1;
      floodOutcomes.push(await ask(url, flooder, QUESTIONS[sent % QUESTIONS.length] as string));
    }
  });
  const probes: Promise<Outcome>[] = [];
  const probing = (async () => {
    for (let i = 0; performance.now() < deadline; i += 1) {
      probes.push(ask(url, probeClient(i), QUESTIONS[i % QUESTIONS.length] as string));
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  })();
  await Promise.all([...workers, probing]);
  const elapsed = performance.now() - started;
  return { flood: summarise(floodOutcomes, elapsed), others: summarise(await Promise.all(probes), elapsed) };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { port, distinctAddresses } = await probeLoopback();
  const who = identity(distinctAddresses);
  const config = parseConfig({ ...process.env, ...who.serverEnv });
  const limit = config.rateLimitPerMinute;
  // Enough client addresses that none sends more than half its limit in the throughput phase.
  const throughputClients = limit === 0 ? 1 : Math.max(250, Math.ceil((options.requests * CONCURRENCY_LEVELS.length * 2) / limit));
  const redis: RedisServer | null = options.redis ? await startRedisServer() : null;
  const server = await startServer(port, { ...who.serverEnv, ...(redis ? { REDIS_URL: redis.url } : {}) }, options.workers, options.cpuProfDir).catch(async (error: unknown) => {
    await redis?.stop();
    throw error;
  });
  const stopOnSignal = () => void server.stop().then(() => redis?.stop()).then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  try {
    const processes = options.workers > 1 ? `${options.workers} worker processes` : 'one process';
    console.log(`load: server ${server.url} (child process, compiled, ${processes}, state ${redis ? 'on Redis' : 'in memory'}), RATE_LIMIT_PER_MINUTE=${limit || 'off'}; ${who.describe}`);
    console.log(`\nPOST /api/ask, ${options.requests} questions per level from ${throughputClients} clients:`);
    // A short warm-up so the first level does not pay for lazy initialisation.
    await run(server.url, QUESTIONS.length, 1, (k) => who.from(clientAddress(throughputClients + k)));
    let used = 0;
    for (const concurrency of CONCURRENCY_LEVELS) {
      const offset = used;
      const cpuBefore = processTreeCpuMs(server.child.pid ?? 0);
      const summary = await run(server.url, options.requests, concurrency, (k) => who.from(clientAddress((offset + k) % throughputClients)));
      const cpuAfter = processTreeCpuMs(server.child.pid ?? 0);
      const cpu = cpuBefore !== null && cpuAfter !== null ? `   server CPU ${((cpuAfter - cpuBefore) / summary.count).toFixed(2)} ms/answer` : '';
      console.log(`${line(`concurrency ${concurrency}`, summary)}${cpu}`);
      used += options.requests;
    }
    const firstProbeClient = throughputClients + QUESTIONS.length;
    const probesPerClient = Math.ceil((options.floodSeconds * 1000) / PROBE_INTERVAL_MS / PROBE_CLIENTS);
    console.log(
      `\nOne client floods for ${options.floodSeconds} s at concurrency ${options.floodConcurrency}; meanwhile other clients, already connected, ask one question every ` +
        `${PROBE_INTERVAL_MS} ms (${PROBE_CLIENTS} addresses taking turns, about ${Math.round((probesPerClient * SECONDS_PER_MINUTE) / options.floodSeconds)} per minute each):`,
    );
    const result = await flood(server.url, options, who, firstProbeClient);
    console.log(line('flooding client', result.flood));
    console.log(line('other clients', result.others));
    const verdict = result.others.p99 < PROBE_P99_TARGET_MS ? 'under' : 'NOT under';
    console.log(`\nother clients' p99 ${ms(result.others.p99)}: ${verdict} ${PROBE_P99_TARGET_MS} ms`);
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    agent.destroy();
    await server.stop();
    await redis?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
