import { describe, expect, it, vi } from 'vitest';
import { DEDUPE_KEY_PREFIX, RetryDeduper } from '../../adapters/wechat/dedupe';
import type { KeyValueStore } from '../../state/kv';
import { MemoryStore } from '../../state/memory';

const ANSWER = '可以。灵活就业人员可以参加职工基本医疗保险。';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function slowWork(ms: number, content = ANSWER) {
  return vi.fn(async () => {
    await sleep(ms);
    return content;
  });
}

const noLate = () => {
  throw new Error('onLate must not be called');
};

describe('retry de-duplication', () => {
  it('runs the work once for two concurrent requests and gives both the answer', async () => {
    const deduper = new RetryDeduper({ store: new MemoryStore() });
    const work = slowWork(30);
    const request = { key: 'mp:wx1:1001', work, waitMs: 1000, onLate: noLate };
    await expect(Promise.all([deduper.handle(request), deduper.handle(request)])).resolves.toEqual([ANSWER, ANSWER]);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('answers a retry after the first run finished from the stored result', async () => {
    const store = new MemoryStore();
    const deduper = new RetryDeduper({ store });
    const work = slowWork(1);
    await deduper.handle({ key: 'mp:wx1:1002', work, waitMs: 1000, onLate: noLate });
    expect(deduper.size).toBe(0);
    await expect(deduper.handle({ key: 'mp:wx1:1002', work, waitMs: 1000, onLate: noLate })).resolves.toBe(ANSWER);
    expect(work).toHaveBeenCalledTimes(1);
    expect(JSON.parse((await store.get(`${DEDUPE_KEY_PREFIX}mp:wx1:1002`)) ?? '')).toEqual({ status: 'done', content: ANSWER });
  });

  it('lets a second replica wait for the result the first one stores instead of running the work', async () => {
    const store = new MemoryStore();
    const first = new RetryDeduper({ store, pollIntervalMs: 5 });
    const second = new RetryDeduper({ store, pollIntervalMs: 5 });
    const work = slowWork(40);
    const running = first.handle({ key: 'mp:wx1:1003', work, waitMs: 1000, onLate: noLate });
    await sleep(5);
    await expect(second.handle({ key: 'mp:wx1:1003', work, waitMs: 1000, onLate: noLate })).resolves.toBe(ANSWER);
    await expect(running).resolves.toBe(ANSWER);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('has the second replica answer nothing when the first one is not done in time', async () => {
    const store = new MemoryStore();
    const first = new RetryDeduper({ store, pollIntervalMs: 5 });
    const second = new RetryDeduper({ store, pollIntervalMs: 5 });
    const work = slowWork(200);
    void first.handle({ key: 'mp:wx1:1004', work, waitMs: 1000, onLate: noLate });
    await sleep(5);
    await expect(second.handle({ key: 'mp:wx1:1004', work, waitMs: 30, onLate: noLate })).resolves.toBeNull();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('hands an answer that came after every request gave up to onLate, once', async () => {
    const deduper = new RetryDeduper({ store: new MemoryStore() });
    const onLate = vi.fn();
    const request = { key: 'mp:wx1:1005', work: slowWork(60), waitMs: 20, onLate };
    await expect(deduper.handle(request)).resolves.toBeNull();
    await expect(deduper.handle({ ...request, waitMs: 10 })).resolves.toBeNull();
    await sleep(80);
    expect(onLate).toHaveBeenCalledTimes(1);
    expect(onLate).toHaveBeenCalledWith(ANSWER);
  });

  it('does not call onLate when a retry still waiting got the answer', async () => {
    const deduper = new RetryDeduper({ store: new MemoryStore() });
    const onLate = vi.fn();
    const work = slowWork(40);
    await expect(deduper.handle({ key: 'mp:wx1:1006', work, waitMs: 10, onLate })).resolves.toBeNull();
    await expect(deduper.handle({ key: 'mp:wx1:1006', work, waitMs: 1000, onLate })).resolves.toBe(ANSWER);
    await sleep(10);
    expect(onLate).not.toHaveBeenCalled();
  });

  it('lets a retry run the work again after the first run failed', async () => {
    const deduper = new RetryDeduper({ store: new MemoryStore() });
    const work = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('boom')).mockResolvedValueOnce(ANSWER);
    const request = { key: 'mp:wx1:1007', work, waitMs: 1000, onLate: noLate };
    await expect(deduper.handle(request)).rejects.toThrow('boom');
    await expect(deduper.handle(request)).resolves.toBe(ANSWER);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('still answers when the shared store is down, logging only the key', async () => {
    const down: KeyValueStore = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
      setIfAbsent: () => Promise.reject(new Error('ECONNREFUSED')),
      delete: () => Promise.reject(new Error('ECONNREFUSED')),
      close: () => Promise.resolve(),
    };
    const log = vi.fn();
    const deduper = new RetryDeduper({ store: down, log });
    await expect(deduper.handle({ key: 'mp:wx1:1008', work: slowWork(1), waitMs: 1000, onLate: noLate })).resolves.toBe(ANSWER);
    expect(log.mock.calls).toEqual([
      ['wechat: retry store setIfAbsent failed for wechat:retry:mp:wx1:1008: Error'],
      ['wechat: retry store set failed for wechat:retry:mp:wx1:1008: Error'],
    ]);
  });
});

describe('retry counting', () => {
  it('reports every repeat of a push, in flight, answered or on another replica, and never the first', async () => {
    const store = new MemoryStore();
    const retries: string[] = [];
    const first = new RetryDeduper({ store, pollIntervalMs: 5, onRetry: () => retries.push('first') });
    const second = new RetryDeduper({ store, pollIntervalMs: 5, onRetry: () => retries.push('second') });
    const work = slowWork(20);
    const request = { key: 'mp:wx1:3001', work, waitMs: 1000, onLate: noLate };
    const running = first.handle(request);
    expect(retries).toEqual([]);
    await Promise.all([running, first.handle(request)]);
    expect(retries).toEqual(['first']);
    await expect(second.handle(request)).resolves.toBe(ANSWER);
    expect(retries).toEqual(['first', 'second']);
    await expect(first.handle(request)).resolves.toBe(ANSWER);
    expect(retries).toEqual(['first', 'second', 'first']);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
