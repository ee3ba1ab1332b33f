import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../adapters/keyedQueue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('per-conversation turn queue', () => {
  it('runs tasks with the same key one after another, in arrival order', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await tick(ms);
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('甘肃', task('a', 30)), queue.run('甘肃', task('b', 1))]);
    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs tasks with different keys at the same time', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick(10);
      events.push(`${name} end`);
    };
    await Promise.all([queue.run('甘肃', task('a')), queue.run('青海', task('b'))]);
    expect(events.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('keeps going after a failed task and passes the failure to its caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('上海', async () => {
      throw new Error('boom');
    });
    const next = queue.run('上海', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('keeps one WeChat user’s burst in order even when the first turn is slower', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    await Promise.all([
      queue.run('o-user-1', async () => {
        await tick(30);
        done.push('灵活就业人员能参加职工医保吗');
      }),
      queue.run('o-user-1', async () => {
        done.push('那青海呢');
      }),
    ]);
    expect(done).toEqual(['灵活就业人员能参加职工医保吗', '那青海呢']);
  });

  it('answers another user before one user’s burst of queued turns is through', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const burst = Array.from({ length: 100 }, (_, i) => queue.run('o-flood', async () => {
      done.push(`o-flood ${i}`);
    }));
    // Another user's request, read from its socket on the next turn of the event loop.
    setImmediate(() => void queue.run('o-other', async () => {
      done.push('o-other 异地就医怎么备案');
    }));
    await Promise.all(burst);
    expect(done).toContain('o-other 异地就医怎么备案');
    expect(done.at(-1)).toBe('o-flood 99');
  });

  it('forgets a key once its tasks are done', async () => {
    const queue = new KeyedQueue();
    await queue.run('浙江', async () => undefined);
    await tick(0);
    expect(queue.size).toBe(0);
  });
});
