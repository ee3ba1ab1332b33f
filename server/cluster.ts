/**
 * Both cores: `WEB_CONCURRENCY` worker processes sharing the port (node:cluster). Each worker is a
 * whole server (its own knowledge base and event loop); the primary only starts, restarts and
 * stops them. Workers share state only through Redis (conversations, WeChat retry records, rate
 * limit counters, the review store), so without `REDIS_URL` a single process is kept: the in-memory
 * store of one worker would be unknown to the next, and a conversation's follow-up question
 * ("那青海呢") would lose its context whenever it reached another worker.
 *
 * - A worker that dies (crash, out of memory, killed) is replaced. One that dies before it ever
 *   listened is replaced after a pause that doubles each time (a broken deployment does not spin).
 * - SIGTERM / SIGINT to the primary: every worker gets the shutdown message and shuts down as a
 *   single process does on SIGTERM (server/shutdown.ts); the primary exits once all have, and kills
 *   those still running after the grace period. A second signal is passed on (connections destroyed).
 */
import cluster, { type Worker } from 'node:cluster';

/** The message a worker receives from the primary to shut down gracefully. */
export const SHUTDOWN_MESSAGE = 'yibao:shutdown';

/** Pause before replacing a worker that died before it listened; doubled per such death. */
export const RESTART_BACKOFF_MS = 1000;
/** Longest pause between replacements. */
export const MAX_RESTART_BACKOFF_MS = 30_000;
/** Time the primary allows beyond `SHUTDOWN_GRACE_MS` for workers to close their stores and exit. */
export const SHUTDOWN_MARGIN_MS = 5000;

export interface WorkerPlan {
  /** Processes serving the port: 1 means no cluster (the server runs in this process). */
  workers: number;
  /** What the start-up line says about it. */
  reason: string;
}

/**
 * How many workers to run: `WEB_CONCURRENCY`, by default the number of cores when state is in
 * Redis; always one with the in-memory store.
 */
export function planWorkers(config: { webConcurrency: number | null; redisUrl: string | null }, cores: number): WorkerPlan {
  if (!config.redisUrl) {
    const asked = config.webConcurrency !== null && config.webConcurrency > 1 ? `WEB_CONCURRENCY=${config.webConcurrency} ignored: ` : '';
    return { workers: 1, reason: `${asked}one process, because state is in memory (REDIS_URL unset) and worker processes would not share it; set REDIS_URL to serve from every core` };
  }
  const workers = config.webConcurrency ?? cores;
  const why = config.webConcurrency === null ? `WEB_CONCURRENCY unset: one per core (${cores})` : `WEB_CONCURRENCY=${workers}`;
  return { workers, reason: workers > 1 ? `${workers} worker processes sharing the port (${why}), state in Redis` : `one process (${why})` };
}

/** True in a worker process started by {@link runPrimary}. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/** In a worker: how to name it in its log lines (`worker 2, pid 1234`); null outside a cluster. */
export function workerLabel(): string | null {
  return cluster.worker ? `worker ${cluster.worker.id}, pid ${process.pid}` : null;
}

/** In a worker: runs `shutdown` when the primary says so (once; a signal may have started it already). */
export function onShutdownMessage(shutdown: () => void): void {
  if (!cluster.isWorker) return;
  process.on('message', (message: unknown) => {
    if (message === SHUTDOWN_MESSAGE) shutdown();
  });
}

export interface PrimaryOptions {
  workers: number;
  /** `SHUTDOWN_GRACE_MS`: how long workers may take to finish in-flight requests. */
  graceMs: number;
  log: (line: string) => void;
}

export interface Primary {
  /** Live workers by id. */
  workers(): Worker[];
}

/** Forks the workers, replaces those that die, and stops them all on SIGTERM / SIGINT. */
export function runPrimary(options: PrimaryOptions): Primary {
  const { log } = options;
  const listened = new Set<number>();
  let shuttingDown = false;
  let backoffMs = RESTART_BACKOFF_MS;

  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listened.add(worker.id);
      backoffMs = RESTART_BACKOFF_MS;
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const everListened = listened.delete(worker.id);
    if (shuttingDown) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log('cluster: every worker stopped');
        process.exit(0);
      }
      return;
    }
    if (everListened) {
      log(`cluster: worker ${worker.id} (pid ${worker.process.pid}) ${how}; starting a new one`);
      fork();
      return;
    }
    log(`cluster: worker ${worker.id} (pid ${worker.process.pid}) ${how} before it listened; starting a new one in ${backoffMs} ms`);
    setTimeout(fork, backoffMs).unref();
    backoffMs = Math.min(backoffMs * 2, MAX_RESTART_BACKOFF_MS);
  });

  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (shuttingDown) {
        log(`cluster: ${signal} again: workers stop at once`);
        for (const worker of live()) worker.process.kill('SIGTERM');
        return;
      }
      shuttingDown = true;
      const workers = live();
      log(`cluster: ${signal} received: shutting down ${workers.length} worker(s)`);
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker.send(SHUTDOWN_MESSAGE);
      // Not unref'd: it keeps the primary alive until the last worker's exit is seen (and logged),
      // which would otherwise race the event loop running empty once the workers disconnect.
      setTimeout(() => {
        const left = live();
        log(`cluster: ${left.length} worker(s) still running after ${options.graceMs + SHUTDOWN_MARGIN_MS} ms, killed`);
        for (const worker of left) worker.process.kill('SIGKILL');
      }, options.graceMs + SHUTDOWN_MARGIN_MS);
    });
  }

  for (let i = 0; i < options.workers; i++) fork();
  return { workers: live };
}
