/**
 * Graceful shutdown of the HTTP server. When it begins (SIGTERM, SIGINT):
 *
 * - `onDrain` runs at once (readiness turns 503, so a load balancer stops sending traffic);
 * - the listening socket closes: new connections are refused;
 * - idle keep-alive connections are closed, and every response still to be sent carries
 *   `Connection: close`, so a busy keep-alive connection ends after its current request;
 * - in-flight requests finish; connections still open after the grace period (a stalled client,
 *   a half-sent body) are destroyed, and so are they at once on a second signal.
 *
 * `server.close()` alone does none of the middle: it keeps serving busy keep-alive connections.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ShutdownOptions {
  /** How long in-flight requests may take (`SHUTDOWN_GRACE_MS`). */
  graceMs: number;
  /** Runs as soon as shutdown begins. */
  onDrain?: () => void;
  log?: (line: string) => void;
}

export class GracefulShutdown {
  private readonly sockets = new Set<Socket>();
  private readonly responses = new Set<ServerResponse>();
  private draining = false;
  private closed: Promise<void> | null = null;
  private readonly log: (line: string) => void;

  constructor(
    private readonly server: Server,
    private readonly options: ShutdownOptions,
  ) {
    this.log = options.log ?? ((line) => console.log(line));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // Before express sees the request, so even a response sent at once carries the header.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) {
        res.setHeader('Connection', 'close');
        return;
      }
      this.responses.add(res);
      res.once('close', () => this.responses.delete(res));
    });
  }

  /** True once shutdown has begun. */
  get shuttingDown(): boolean {
    return this.draining;
  }

  /**
   * Begins shutdown (`reason` is logged, e.g. the signal); resolves when every connection is
   * closed. Called again while shutting down, it destroys the connections still open at once.
   */
  shutdown(reason: string): Promise<void> {
    if (this.closed) {
      this.destroyOpen(`on ${reason}`);
      return this.closed;
    }
    this.draining = true;
    this.options.onDrain?.();
    const { graceMs } = this.options;
    for (const res of this.responses) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      // Already answering: once done, its connection is idle and can be closed.
      else res.once('finish', () => setImmediate(() => this.server.closeIdleConnections()));
    }
    this.closed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.destroyOpen(`after ${graceMs} ms`), graceMs);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    this.log(`shutdown: ${reason}: not ready, no new connections, ${this.responses.size} request(s) in flight get up to ${graceMs} ms`);
    return this.closed;
  }

  private destroyOpen(when: string): void {
    if (this.sockets.size === 0) return;
    this.log(`shutdown: ${this.sockets.size} connection(s) still open ${when}, destroyed`);
    for (const socket of this.sockets) socket.destroy();
  }
}

export interface SignalOptions extends ShutdownOptions {
  /** Runs after the last connection closed, before the process exits (closes the store). */
  cleanup: () => Promise<void>;
}

/** The signals a process manager (systemd, Docker, Kubernetes) or Ctrl-C sends to stop the server. */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** On SIGTERM or SIGINT: graceful shutdown of `server`, then `cleanup`, then the process exits with 0. */
export function exitGracefullyOnSignals(server: Server, options: SignalOptions): GracefulShutdown {
  const shutdown = new GracefulShutdown(server, options);
  const log = options.log ?? ((line: string) => console.log(line));
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (shutdown.shuttingDown) {
        void shutdown.shutdown(`${signal} again`);
        return;
      }
      void shutdown
        .shutdown(`${signal} received`)
        .then(() => log('shutdown: every connection closed'))
        .then(options.cleanup)
        .catch((error: unknown) => console.error(`shutdown: cleanup failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => process.exit(0));
    });
  }
  return shutdown;
}
