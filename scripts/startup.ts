/**
 * The start-up part of `npm run bench` (also alone: `npx tsx scripts/startup.ts [runs]`): spawns
 * the real start, `node scripts/run.mjs server/main.ts` (what `npm start` runs, without npm's own
 * start-up), several times on a free port, and reports
 * - spawn → the listening line, and spawn → the first answered `POST /api/ask` (min / median);
 * - the server's own breakdown (its `start-up:` log line, server/startupTimes.ts): node, build check,
 *   modules, stores, jieba dictionary, knowledge base, listen, then botbuilder and teams-ai;
 * - what each heavy dependency costs to import, in a fresh process, in the order the server loads them.
 * dist/ is built first when stale, so no run pays the build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/state/redisServer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Runs of the real start; the figures are min and median. */
export const DEFAULT_RUNS = 5;
const LISTENING = 'listening on http://';
const STARTUP_LINE = '"startup":';
const QUESTION = '灵活就业人员能参加职工医保吗';
/** Longest a run may take before it is given up (a busy machine, a cold disk cache). */
const RUN_TIMEOUT_MS = 60_000;
/** Pause between attempts to get the first answer. */
const ASK_RETRY_MS = 10;
/** Heavy dependencies, in the order the server imports them (redis only with REDIS_URL; botbuilder and teams-ai after listening). */
const DEPENDENCIES = ['express', 'pino', 'prom-client', 'redis', 'better-sqlite3', 'nodejieba', 'flexsearch', 'botbuilder', '@microsoft/teams-ai'];

interface Run {
  listeningMs: number;
  answeringMs: number;
  breakdown: Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const min = (xs: number[]) => Math.min(...xs);

async function once(): Promise<Run> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/run.mjs', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: '', WEB_CONCURRENCY: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let listeningMs = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const breakdown = new Promise<Record<string, number>>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!listeningMs && output.includes(LISTENING)) listeningMs = performance.now() - t0;
      const line = output.split('\n').find((l) => l.includes(STARTUP_LINE));
      if (line) resolve((JSON.parse(line) as { startup: Record<string, number> }).startup);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  try {
    let answeringMs = 0;
    while (!answeringMs) {
      if (performance.now() - t0 > RUN_TIMEOUT_MS) throw new Error(`bench: the server did not answer within ${RUN_TIMEOUT_MS} ms; output:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
        if (response.ok && ((await response.json()) as { answered?: boolean }).answered) answeringMs = performance.now() - t0;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, ASK_RETRY_MS));
      }
    }
    return { listeningMs, answeringMs, breakdown: await breakdown };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Marginal import time of each dependency, in one fresh process, in the server's order. */
function importCosts(): Record<string, number> {
  const script = `const out = {}; for (const name of ${JSON.stringify(DEPENDENCIES)}) { const t = performance.now(); await import(name); out[name] = Math.round(performance.now() - t); } console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench: importing the dependencies failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, number>;
}

/** Prints the start-up figures of `runs` real starts. */
export async function reportStartup(runs = DEFAULT_RUNS): Promise<void> {
  const build = spawnSync(process.execPath, ['--input-type=module', '-e', "const b = await import('./scripts/build.mjs'); if (b.staleReason()) b.build();"], { cwd: ROOT, encoding: 'utf8', stdio: 'inherit' });
  if (build.status !== 0) throw new Error('bench: building dist/ failed');
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const fmt = (xs: number[]) => `min ${min(xs).toFixed(0)} ms, median ${median(xs).toFixed(0)} ms   (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`start-up (${runs} runs of node scripts/run.mjs server/main.ts, compiled dist/, in-memory state)`);
  console.log(`  spawn → listening                  ${fmt(results.map((r) => r.listeningMs))}`);
  console.log(`  spawn → first /api/ask answer      ${fmt(results.map((r) => r.answeringMs))}`);
  console.log('  the server\'s own breakdown (median ms; from process start, see server/startupTimes.ts)');
  const keys = Object.keys(results[0]?.breakdown ?? {});
  for (const key of keys) console.log(`    ${key.padEnd(32)} ${median(results.map((r) => r.breakdown[key] ?? 0))}`);
  console.log('  import of each heavy dependency (fresh process, in server order, ms)');
  for (const [name, ms] of Object.entries(importCosts())) console.log(`    ${name.padEnd(32)} ${ms}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  reportStartup(Number(process.argv[2] ?? DEFAULT_RUNS)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
