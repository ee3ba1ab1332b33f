import type { HitCounter, Hits } from './counter';

/**
 * Keys counted at most: a flood of new clients (spoofed addresses, made-up openids) cannot grow
 * memory without bound. About 100 bytes each; when full, the oldest window is dropped.
 */
export const MAX_COUNTED_KEYS = 100_000;

interface Window {
  count: number;
  endsAt: number;
}

/**
 * In-process hit counter: the default when no `REDIS_URL` is set. Windows are kept in the order
 * they started, so expired ones are swept from the front on every hit (with windows of mixed
 * lengths an ended window may wait behind a longer one; MAX_COUNTED_KEYS still bounds them).
 */
export class MemoryCounter implements HitCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys: number = MAX_COUNTED_KEYS,
  ) {}

  async hit(key: string, windowMs: number): Promise<Hits> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      // Re-inserted, so the map stays in order of window start.
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.dropOldest();
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.endsAt - now };
  }

  /** Keys with a window that has not ended (for tests and memory checks). */
  get size(): number {
    this.sweep(this.now());
    return this.windows.size;
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  /** Drops ended windows from the front, stopping at the first one still running. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now) return;
      this.windows.delete(key);
    }
  }

  private dropOldest(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
