import { describe, expect, it } from 'vitest';
import { MemoryCounter } from '../../state/memoryCounter';
import { createCounter } from '../../state/index';
import { runHitCounterContract } from './hitCounterContract';

runHitCounterContract('In-memory', async () => new MemoryCounter());

describe('in-memory hit counter', () => {
  it('is what createCounter returns without a Redis URL', async () => {
    expect(await createCounter(null)).toBeInstanceOf(MemoryCounter);
  });

  it('forgets windows that have ended, without being asked about them again', async () => {
    let now = 0;
    const counter = new MemoryCounter(() => now);
    await counter.hit('127.0.0.2', 1000);
    await counter.hit('127.0.0.3', 1000);
    now = 1500;
    await counter.hit('127.0.0.4', 1000);
    expect(counter.size).toBe(1);
  });

  it('holds at most its maximum of keys, dropping the oldest window', async () => {
    const counter = new MemoryCounter(Date.now, 3);
    for (const openid of ['o-1', 'o-2', 'o-3', 'o-4']) await counter.hit(openid, 60_000);
    expect(counter.size).toBe(3);
    expect((await counter.hit('o-4', 60_000)).count).toBe(2);
    expect((await counter.hit('o-1', 60_000)).count).toBe(1);
  });

  it('gives a new window to a key whose window ended, keeping the others in order', async () => {
    let now = 0;
    const counter = new MemoryCounter(() => now);
    await counter.hit('o-early', 1000);
    now = 500;
    await counter.hit('o-late', 1000);
    now = 1200;
    expect(await counter.hit('o-early', 1000)).toEqual({ count: 1, resetInMs: 1000 });
    expect(await counter.hit('o-late', 1000)).toEqual({ count: 2, resetInMs: 300 });
  });
});
