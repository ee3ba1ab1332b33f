import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitCounter } from '../../state/counter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MINUTE_MS = 60_000;

/** The behaviour every HitCounter shares, run against each implementation. */
export function runHitCounterContract(name: string, make: () => Promise<HitCounter>): void {
  describe(`${name} hit counter`, () => {
    let counter: HitCounter;
    beforeAll(async () => {
      counter = await make();
    });
    afterAll(async () => {
      await counter?.close();
    });

    it('counts the hits on a key within its window, starting at one', async () => {
      const counts = [];
      for (let i = 0; i < 3; i += 1) counts.push((await counter.hit('o-user-甘肃', MINUTE_MS)).count);
      expect(counts).toEqual([1, 2, 3]);
    });

    it('says how long the window still runs', async () => {
      const { resetInMs } = await counter.hit('o-user-青海', MINUTE_MS);
      expect(resetInMs).toBeGreaterThan(MINUTE_MS - 5_000);
      expect(resetInMs).toBeLessThanOrEqual(MINUTE_MS);
    });

    it('counts each key on its own', async () => {
      await counter.hit('o-user-上海', MINUTE_MS);
      await counter.hit('o-user-上海', MINUTE_MS);
      expect((await counter.hit('o-user-浙江', MINUTE_MS)).count).toBe(1);
    });

    it('starts again from one once the window has ended', async () => {
      await counter.hit('o-user-鄂州', 50);
      await counter.hit('o-user-鄂州', 50);
      await sleep(120);
      expect((await counter.hit('o-user-鄂州', 50)).count).toBe(1);
    });

    it('counts every one of many concurrent hits exactly once', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => counter.hit('o-burst', MINUTE_MS)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
  });
}
