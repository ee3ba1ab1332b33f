import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_KEYS, MemoryStore, SWEEP_INTERVAL_MS } from '../../state/memory';
import { runKeyValueStoreContract } from './keyValueContract';

runKeyValueStoreContract('In-memory', async () => new MemoryStore());

const ROOT = join(import.meta.dirname, '../..');
/** Longest a child process may take to start and exit before the test counts it as hanging. */
const CHILD_TIMEOUT_MS = 30_000;
const A_DAY_MS = 24 * 60 * 60 * 1000;

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

describe('MemoryStore sweeping expired keys', () => {
  it('drops expired keys nobody reads again, and keeps the others', async () => {
    const { clock, store } = storeWithClock();
    for (let i = 0; i < 100; i += 1) await store.set(`api:conversation:${i}`, '{"region":"甘肃","turns":1}', 1_000);
    await store.set('wechat:access_token', 'kept', 10_000);
    await store.set('region', '青海');
    clock.now += 1_000;
    expect(store.sweep()).toBe(100);
    expect(store.size).toBe(2);
    expect(await store.get('wechat:access_token')).toBe('kept');
    expect(await store.get('region')).toBe('青海');
  });

  it('sweeps by itself every sweep interval', async () => {
    vi.useFakeTimers();
    try {
      const store = new MemoryStore(Date.now, { sweepIntervalMs: SWEEP_INTERVAL_MS });
      await store.set('api:conversation:old', '{"turns":1}', 1_000);
      await store.set('api:conversation:new', '{"turns":1}', 10 * SWEEP_INTERVAL_MS);
      vi.advanceTimersByTime(SWEEP_INTERVAL_MS);
      expect(store.size).toBe(1);
      expect(await store.get('api:conversation:new')).toBe('{"turns":1}');
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep the process alive with its sweep timer', () => {
    const script = "import { MemoryStore } from './state/memory.ts'; await new MemoryStore().set('k', '甘肃', 1000);";
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
  });
});

describe('MemoryStore size bound', () => {
  it('holds at most maxKeys keys, however many conversations write to it', async () => {
    const store = new MemoryStore(() => 0, { maxKeys: 1_000 });
    for (let i = 0; i < 50_000; i += 1) await store.set(`api:conversation:${i}`, '{"region":"鄂州","turns":1}', A_DAY_MS);
    expect(store.size).toBe(1_000);
    expect(await store.get('api:conversation:49999')).toBe('{"region":"鄂州","turns":1}');
    expect(await store.get('api:conversation:48999')).toBeNull();
    await store.close();
  });

  it('evicts the key written longest ago first', async () => {
    const store = new MemoryStore(() => 0, { maxKeys: 2 });
    await store.set('甲', '1');
    await store.set('乙', '2');
    await store.set('丙', '3');
    expect(await store.get('甲')).toBeNull();
    expect(await store.get('乙')).toBe('2');
    expect(await store.get('丙')).toBe('3');
  });

  it('counts a key written again as the newest', async () => {
    const store = new MemoryStore(() => 0, { maxKeys: 2 });
    await store.set('甲', '1');
    await store.set('乙', '2');
    await store.set('甲', '1 again');
    await store.set('丙', '3');
    expect(await store.get('乙')).toBeNull();
    expect(await store.get('甲')).toBe('1 again');
  });

  it('has a default bound', async () => {
    const store = new MemoryStore(() => 0);
    for (let i = 0; i <= DEFAULT_MAX_KEYS; i += 1) await store.set(`k${i}`, 'v');
    expect(store.size).toBe(DEFAULT_MAX_KEYS);
    expect(await store.get('k0')).toBeNull();
    await store.close();
  });

  it('refuses a bound that is not a positive whole number, naming the module and value', () => {
    expect(() => new MemoryStore(Date.now, { maxKeys: 0 })).toThrow('state/memory: maxKeys must be a positive whole number, got 0');
    expect(() => new MemoryStore(Date.now, { sweepIntervalMs: 1.5 })).toThrow('state/memory: sweepIntervalMs must be a positive whole number, got 1.5');
  });
});
