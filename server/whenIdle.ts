/**
 * Runs a task once the server has been idle for a moment: no request for `idleMs`, or at the
 * latest `maxDelayMs` after it was scheduled. The conversation app's modules (about a second of
 * module loading, which holds the event loop) load this way after the server listens, so the
 * JSON API and the console answer the requests that come right after a start instead of waiting
 * for them; a channel request that needs the app loads it at once (server/conversationApp.ts).
 */
import type { Server } from 'node:http';

export interface IdleTiming {
  /** Quiet time, in milliseconds, that counts as idle. */
  idleMs: number;
  /** Longest wait, in milliseconds, however busy the server is. */
  maxDelayMs: number;
}

/** After the listening line, how the conversation app waits for a quiet moment. */
export const CONVERSATION_APP_IDLE: IdleTiming = { idleMs: 200, maxDelayMs: 3000 };

export function whenIdle(server: Server, task: () => void, timing: IdleTiming = CONVERSATION_APP_IDLE): void {
  const deadline = Date.now() + timing.maxDelayMs;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    server.off('request', onRequest);
    if (timer) clearTimeout(timer);
    timer = null;
    task();
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(timing.idleMs, deadline - Date.now())));
    timer.unref();
  };
  const onRequest = () => arm();
  server.on('request', onRequest);
  arm();
}
