import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../adapters/wechat/queue';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('per-user turn queue', () => {
  it('runs one user’s tasks in the order they arrived, even when the first is slower', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    await Promise.all([
      queue.run('o-user-1', async () => {
        await sleep(30);
        done.push('灵活就业人员能参加职工医保吗');
      }),
      queue.run('o-user-1', async () => {
        done.push('那青海呢');
      }),
    ]);
    expect(done).toEqual(['灵活就业人员能参加职工医保吗', '那青海呢']);
    expect(queue.size).toBe(0);
  });

  it('runs different users in parallel', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    await Promise.all([
      queue.run('o-user-1', async () => {
        await sleep(30);
        done.push('user 1');
      }),
      queue.run('o-user-2', async () => {
        done.push('user 2');
      }),
    ]);
    expect(done).toEqual(['user 2', 'user 1']);
  });

  it('keeps going after a failed task', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('o-user-1', () => Promise.reject(new Error('boom')));
    const next = queue.run('o-user-1', async () => '门诊共济');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('门诊共济');
  });
});
