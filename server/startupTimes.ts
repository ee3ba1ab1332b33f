/**
 * Where start-up time goes, from the process's own clock (`performance.now()` counts from the
 * process start). Each step sets a performance mark as it ends; the server logs the breakdown in
 * one `start-up:` line once the conversation app has loaded, and `npm run bench` reads it.
 */
import { performance } from 'node:perf_hooks';

/** The marks, in the order start-up reaches them. */
export const STARTUP_MARKS = {
  /** scripts/run.mjs has checked that dist/ is up to date (absent when started otherwise). */
  buildCheck: 'startup:build-check',
  /** Every module server/main.ts imports statically is loaded: main() runs. */
  main: 'startup:main',
  /** The key-value store, the review store and the rate-limit counter are open. */
  stores: 'startup:stores',
  /** The jieba dictionary is loaded. */
  dictionary: 'startup:dictionary',
  /** The knowledge base (corpus, index, questions) is loaded. */
  knowledge: 'startup:knowledge',
  /** The HTTP server listens. */
  listening: 'startup:listening',
} as const;

export type StartupMark = keyof typeof STARTUP_MARKS;

export function markStartup(step: StartupMark): void {
  performance.mark(STARTUP_MARKS[step]);
}

function at(step: StartupMark): number | null {
  const [entry] = performance.getEntriesByName(STARTUP_MARKS[step], 'mark');
  return entry ? entry.startTime : null;
}

/**
 * Milliseconds per step: `node` (runtime start-up before any module), `buildCheck`, `modules`,
 * `stores`, `dictionary`, `knowledge`, `listen` (the rest of the services, the routes, binding the port) and `listening` (the total
 * from process start). Steps whose marks are missing are left out.
 */
export function startupBreakdown(): Record<string, number> {
  const node = performance.nodeTiming.bootstrapComplete;
  const out: Record<string, number> = { node };
  let previous = node;
  const steps: [StartupMark, string][] = [['buildCheck', 'buildCheck'], ['main', 'modules'], ['stores', 'stores'], ['dictionary', 'dictionary'], ['knowledge', 'knowledge'], ['listening', 'listen']];
  for (const [mark, name] of steps) {
    const time = at(mark);
    if (time === null) continue;
    out[name] = time - previous;
    previous = time;
  }
  const listening = at('listening');
  if (listening !== null) out.listening = listening;
  for (const key of Object.keys(out)) out[key] = Math.round(out[key] as number);
  return out;
}
