/**
 * `GET /readyz`: whether this replica should receive traffic. `/healthz` says the process is alive;
 * this says it can answer: the knowledge index holds documents, the key-value store answers, and
 * the server is not shutting down. 200 when ready, 503 otherwise, with the same JSON either way:
 *
 *   { "ready": true, "shuttingDown": false, "documents": 11, "store": "reachable",
 *     "parts": { "conversationApp": "loaded" } }
 *
 * A load balancer that polls it stops sending requests as soon as shutdown begins, and to a
 * replica whose Redis is unreachable (that replica still answers, without conversation memory).
 */
import type { RequestHandler } from 'express';

/** Where the readiness check is served. */
export const READINESS_PATH = '/readyz';

/** Key read to see whether the store answers (it need not exist). */
export const STORE_PROBE_KEY = 'readyz:probe';

const OK = 200;
const SERVICE_UNAVAILABLE = 503;

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  /** Documents in the knowledge index; 0 means nothing could be loaded. */
  documents: number;
  /** Not checked while shutting down: the answer is no either way. */
  store: 'reachable' | 'unreachable' | 'not checked';
  /**
   * Parts loaded beside the server, by name (`conversationApp`: botbuilder and teams-ai, which the
   * Bot Framework, web chat and WeChat channels wait for). Only `failed` makes the replica unready:
   * while a part loads, requests that need it wait for it.
   */
  parts?: Record<string, string>;
}

/** The state of a part that makes the replica unready. */
export const FAILED_PART = 'failed';

export interface ReadinessOptions {
  /** Documents in the knowledge index. */
  documents: () => number;
  /** Resolves when the store answers a read (bounded by the store's own timeout). */
  probeStore: () => Promise<unknown>;
  /** The state of each part loaded beside the server (see {@link ReadinessReport.parts}). */
  parts?: () => Record<string, string>;
}

export class Readiness {
  private draining = false;

  constructor(private readonly options: ReadinessOptions) {}

  /** Shutdown has begun: from now on the check fails at once. */
  drain(): void {
    this.draining = true;
  }

  get shuttingDown(): boolean {
    return this.draining;
  }

  async check(): Promise<ReadinessReport> {
    const documents = this.options.documents();
    const parts = this.options.parts?.();
    const withParts = <T extends ReadinessReport>(report: T): T => (parts ? { ...report, parts } : report);
    if (this.draining) return withParts({ ready: false, shuttingDown: true, documents, store: 'not checked' });
    const reachable = await this.options.probeStore().then(
      () => true,
      () => false,
    );
    const partsOk = !Object.values(parts ?? {}).includes(FAILED_PART);
    return withParts({ ready: reachable && documents > 0 && partsOk, shuttingDown: false, documents, store: reachable ? 'reachable' : 'unreachable' });
  }

  /** The express handler for {@link READINESS_PATH}. */
  handler(): RequestHandler {
    return async (_req, res) => {
      const report = await this.check();
      res.status(report.ready ? OK : SERVICE_UNAVAILABLE).set('Cache-Control', 'no-store').json(report);
    };
  }
}
