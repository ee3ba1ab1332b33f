/**
 * Hit counters in fixed windows, for rate limits shared across replicas.
 * `memoryCounter.ts` is the embedded default for one machine; `redisCounter.ts` is for several replicas.
 */

/** What one hit sees: the hits in the current window (this one included) and when the window ends. */
export interface Hits {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetInMs: number;
}

export interface HitCounter {
  /**
   * Counts one hit on `key`. A window of `windowMs` starts at the first hit on a key that has
   * none; every hit until it ends adds to the same count.
   */
  hit(key: string, windowMs: number): Promise<Hits>;
  close(): Promise<void>;
}
