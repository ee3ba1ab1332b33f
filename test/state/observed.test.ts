import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../state/kv';
import { MemoryStore } from '../../state/memory';
import { reportingErrors } from '../../state/observed';

/** A store whose every call fails the way a Redis store with its server gone does. */
class OfflineStore implements KeyValueStore {
  readonly host = '127.0.0.1:6379';
  private fail(command: string): never {
    throw new Error(`state/redis: ${command} on ${this.host} failed: The client is offline`);
  }
  async get(_key: string): Promise<string | null> {
    return this.fail('GET');
  }
  async set(_key: string, _value: string, _ttlMs?: number): Promise<void> {
    this.fail('SET');
  }
  async setIfAbsent(_key: string, _value: string, _ttlMs: number): Promise<boolean> {
    return this.fail('SET NX');
  }
  async delete(_key: string): Promise<void> {
    this.fail('DEL');
  }
  async close(): Promise<void> {}
}

describe('a store reporting its errors', () => {
  it('works like the store it wraps and reports nothing while calls succeed', async () => {
    const reported: string[] = [];
    const store = reportingErrors(new MemoryStore(), (operation) => reported.push(operation));
    await store.set('botstate:web/yibao-bot/conversations/c1', '{"turns":1}', 1000);
    expect(await store.get('botstate:web/yibao-bot/conversations/c1')).toBe('{"turns":1}');
    expect(await store.setIfAbsent('wechat:retry:1', 'pending', 1000)).toBe(true);
    await store.delete('wechat:retry:1');
    expect(reported).toEqual([]);
  });

  it('reports each failed call by operation, then fails it with the same error', async () => {
    const reported: Array<[string, string]> = [];
    const store = reportingErrors(new OfflineStore(), (operation, error) => reported.push([operation, (error as Error).message]));
    await expect(store.get('k')).rejects.toThrow('state/redis: GET on 127.0.0.1:6379 failed: The client is offline');
    await expect(store.setIfAbsent('k', 'v', 1000)).rejects.toThrow('state/redis: SET NX on 127.0.0.1:6379 failed: The client is offline');
    expect(reported).toEqual([
      ['get', 'state/redis: GET on 127.0.0.1:6379 failed: The client is offline'],
      ['setIfAbsent', 'state/redis: SET NX on 127.0.0.1:6379 failed: The client is offline'],
    ]);
  });

  it('keeps what the store has beyond KeyValueStore', () => {
    expect(reportingErrors(new OfflineStore(), () => undefined).host).toBe('127.0.0.1:6379');
  });
});
