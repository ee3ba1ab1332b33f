import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../state/kv';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every KeyValueStore shares, run against each implementation. */
export function runKeyValueStoreContract(name: string, make: () => Promise<KeyValueStore>): void {
  describe(`${name} key-value store`, () => {
    let store: KeyValueStore;
    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('returns null for a key never set', async () => {
      expect(await store.get('missing')).toBeNull();
    });

    it('returns what was set, Chinese text included', async () => {
      await store.set('region', '青海');
      expect(await store.get('region')).toBe('青海');
    });

    it('overwrites a value', async () => {
      await store.set('overwrite', '甘肃');
      await store.set('overwrite', '上海');
      expect(await store.get('overwrite')).toBe('上海');
    });

    it('forgets a deleted key', async () => {
      await store.set('deleted', 'x');
      await store.delete('deleted');
      expect(await store.get('deleted')).toBeNull();
    });

    it('lets a key expire after its ttl', async () => {
      await store.set('expiring', 'x', 50);
      expect(await store.get('expiring')).toBe('x');
      await sleep(120);
      expect(await store.get('expiring')).toBeNull();
    });

    it('stores with setIfAbsent only when the key is absent', async () => {
      expect(await store.setIfAbsent('msg:1', 'first', 10_000)).toBe(true);
      expect(await store.setIfAbsent('msg:1', 'second', 10_000)).toBe(false);
      expect(await store.get('msg:1')).toBe('first');
    });

    it('lets setIfAbsent store again once the earlier key expired', async () => {
      expect(await store.setIfAbsent('msg:2', 'first', 50)).toBe(true);
      await sleep(120);
      expect(await store.setIfAbsent('msg:2', 'second', 10_000)).toBe(true);
      expect(await store.get('msg:2')).toBe('second');
    });

    it('lets exactly one of many concurrent setIfAbsent calls win', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.setIfAbsent('msg:race', String(i), 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
