/**
 * Retry de-duplication. WeChat re-sends a push it got no answer to within 5 s (three retries);
 * a retry must reuse the first run's answer, never run the conversation again.
 *
 * - On one replica, a map of in-flight results: a retry waits on the same promise.
 * - Across replicas, `KeyValueStore.setIfAbsent` claims the key; only the claimer runs the work
 *   and stores its result, which a replica receiving a retry polls for briefly (else it answers
 *   `success`).
 * - A result that arrives after every waiting request gave up is handed to `onLate` once, on the
 *   replica that ran it (the route sends it through 客服消息).
 */
import type { KeyValueStore } from '../../state/kv';

/** Store key prefix of retry records. */
export const DEDUPE_KEY_PREFIX = 'wechat:retry:';
/**
 * How long a push's record is kept. WeChat retries three times, about 5 s apart; a minute
 * covers every retry with room to spare.
 */
export const RETRY_WINDOW_MS = 60_000;
/** How often a replica that did not run the work looks for its stored result. */
export const RESULT_POLL_INTERVAL_MS = 100;

type Log = (line: string) => void;

export interface RetryDeduperOptions {
  store: KeyValueStore;
  ttlMs?: number;
  pollIntervalMs?: number;
  /** Receives one line per store failure (ids only). */
  log?: Log;
  /** Called for every push that repeats one already answered or being answered (here or on another replica). */
  onRetry?: () => void;
}

export interface DedupeRequest {
  /** MsgId, or FromUserName:CreateTime for events, prefixed with the account. */
  key: string;
  /** Produces the answer; runs at most once per key across retries and replicas. */
  work: () => Promise<string>;
  /** How long this request waits for the answer. */
  waitMs: number;
  /** Receives the answer when it came after every waiting request gave up. */
  onLate: (content: string) => void;
}

type RetryRecord = { status: 'pending' } | { status: 'done'; content: string };

interface InFlight {
  result: Promise<string | null>;
  /** True once some request got the result in time and answered with it. */
  delivered: boolean;
}

const TIMED_OUT = Symbol('timed out');
const PENDING: string = JSON.stringify({ status: 'pending' } satisfies RetryRecord);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readRecord(raw: string | null): RetryRecord | null {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as RetryRecord;
  } catch {
    return null;
  }
}

export class RetryDeduper {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly store: KeyValueStore;
  private readonly ttlMs: number;
  private readonly pollIntervalMs: number;
  private readonly log: Log;
  private readonly onRetry: () => void;

  constructor(options: RetryDeduperOptions) {
    this.store = options.store;
    this.ttlMs = options.ttlMs ?? RETRY_WINDOW_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? RESULT_POLL_INTERVAL_MS;
    this.log = options.log ?? ((line) => console.warn(line));
    this.onRetry = options.onRetry ?? (() => undefined);
  }

  /**
   * The answer for `request.key`, from this run, a run in flight or a stored result; null when it
   * is not there within `waitMs` (the caller answers `success`).
   */
  handle(request: DedupeRequest): Promise<string | null> {
    const running = this.inFlight.get(request.key);
    if (running) this.onRetry();
    const entry = running ?? this.start(request);
    return this.wait(entry, request.waitMs);
  }

  /** Keys with a run in flight on this replica. */
  get size(): number {
    return this.inFlight.size;
  }

  private start({ key, work, waitMs, onLate }: DedupeRequest): InFlight {
    const storeKey = DEDUPE_KEY_PREFIX + key;
    let ranHere = false;
    const entry: InFlight = {
      delivered: false,
      result: (async () => {
        if (!(await this.claim(storeKey))) {
          this.onRetry();
          return this.poll(storeKey, waitMs);
        }
        ranHere = true;
        const content = await work().catch(async (error: unknown) => {
          await this.store.delete(storeKey).catch(() => undefined); // let a retry run it again
          throw error;
        });
        const record: RetryRecord = { status: 'done', content };
        await this.store.set(storeKey, JSON.stringify(record), this.ttlMs).catch((error: unknown) => this.storeFailed('set', storeKey, error));
        return content;
      })(),
    };
    this.inFlight.set(key, entry);
    entry.result.then(
      (content) => {
        this.inFlight.delete(key);
        // Requests waiting on the result see it in this same microtask run; decide after them.
        if (ranHere && content !== null) {
          setImmediate(() => {
            if (!entry.delivered) onLate(content);
          });
        }
      },
      () => this.inFlight.delete(key),
    );
    return entry;
  }

  private async claim(storeKey: string): Promise<boolean> {
    try {
      return await this.store.setIfAbsent(storeKey, PENDING, this.ttlMs);
    } catch (error) {
      // Without the shared store, de-duplicate on this replica only rather than not answer.
      this.storeFailed('setIfAbsent', storeKey, error);
      return true;
    }
  }

  /** Another replica runs (or ran) the work: wait briefly for the result it stores. */
  private async poll(storeKey: string, waitMs: number): Promise<string | null> {
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      const record = readRecord(await this.store.get(storeKey).catch(() => null));
      if (record?.status === 'done') return record.content;
      if (record === null || Date.now() + this.pollIntervalMs > giveUpAt) return null;
      await sleep(this.pollIntervalMs);
    }
  }

  private async wait(entry: InFlight, waitMs: number): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), waitMs);
    });
    try {
      const outcome = await Promise.race([entry.result, timeout]);
      if (outcome === TIMED_OUT || outcome === null) return null;
      entry.delivered = true;
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  private storeFailed(operation: string, key: string, error: unknown): void {
    this.log(`wechat: retry store ${operation} failed for ${key}: ${error instanceof Error ? error.name : typeof error}`);
  }
}
