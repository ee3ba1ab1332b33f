import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../state/memory';
import { runKeyValueStoreContract } from './keyValueContract';

runKeyValueStoreContract('In-memory', async () => new MemoryStore());

/** A store on a clock the test moves by hand. */
function storeWithClock(start = 1_000) {
  const clock = { now: start };
  return { clock, store: new MemoryStore(() => clock.now) };
}

describe('MemoryStore on an injected clock', () => {
  it('keeps a key without ttl forever', async () => {
    const { clock, store } = storeWithClock();
    await store.set('region', '甘肃');
    clock.now += 10 * 365 * 24 * 60 * 60 * 1000;
    expect(await store.get('region')).toBe('甘肃');
  });

  it('keeps a key until just before its ttl and drops it at the ttl', async () => {
    const { clock, store } = storeWithClock();
    await store.set('state', '{"turns":1}', 1_000);
    clock.now += 999;
    expect(await store.get('state')).toBe('{"turns":1}');
    clock.now += 1;
    expect(await store.get('state')).toBeNull();
  });

  it('starts the ttl again when a key is set again', async () => {
    const { clock, store } = storeWithClock();
    await store.set('state', 'a', 1_000);
    clock.now += 800;
    await store.set('state', 'b', 1_000);
    clock.now += 800;
    expect(await store.get('state')).toBe('b');
  });

  it('drops the ttl when a key is set again without one', async () => {
    const { clock, store } = storeWithClock();
    await store.set('state', 'a', 1_000);
    await store.set('state', 'b');
    clock.now += 5_000;
    expect(await store.get('state')).toBe('b');
  });

  it('refuses setIfAbsent while the key lives, leaving value and expiry alone', async () => {
    const { clock, store } = storeWithClock();
    expect(await store.setIfAbsent('msg:1', 'first', 1_000)).toBe(true);
    clock.now += 500;
    expect(await store.setIfAbsent('msg:1', 'second', 10_000)).toBe(false);
    expect(await store.get('msg:1')).toBe('first');
    clock.now += 500;
    expect(await store.get('msg:1')).toBeNull();
  });

  it('accepts setIfAbsent once the key has expired', async () => {
    const { clock, store } = storeWithClock();
    await store.setIfAbsent('msg:2', 'first', 1_000);
    clock.now += 1_000;
    expect(await store.setIfAbsent('msg:2', 'second', 1_000)).toBe(true);
    expect(await store.get('msg:2')).toBe('second');
  });

  it('refuses setIfAbsent for a key set without ttl', async () => {
    const { store } = storeWithClock();
    await store.set('msg:3', 'kept');
    expect(await store.setIfAbsent('msg:3', 'other', 1_000)).toBe(false);
    expect(await store.get('msg:3')).toBe('kept');
  });

  it('accepts setIfAbsent after the key was deleted', async () => {
    const { store } = storeWithClock();
    await store.setIfAbsent('msg:4', 'first', 1_000);
    await store.delete('msg:4');
    expect(await store.setIfAbsent('msg:4', 'second', 1_000)).toBe(true);
  });

  it('stores the empty string as a value, not as absence', async () => {
    const { store } = storeWithClock();
    await store.set('empty', '');
    expect(await store.get('empty')).toBe('');
  });

  it('forgets everything when closed', async () => {
    const { store } = storeWithClock();
    await store.set('a', '1');
    await store.close();
    expect(await store.get('a')).toBeNull();
  });
});
