import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from '../../server/whenIdle';

/** A request as the HTTP server reports it (the task only counts that one arrived). */
const request = (server: ReturnType<typeof createServer>) => server.emit('request', {}, {});

describe('loading the conversation app when the server is idle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once nothing has been asked for the idle time', () => {
    const server = createServer();
    const task = vi.fn();
    whenIdle(server, task, { idleMs: 200, maxDelayMs: 3000 });
    vi.advanceTimersByTime(199);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('waits while /api/ask questions keep coming right after the start', () => {
    const server = createServer();
    const task = vi.fn();
    whenIdle(server, task, { idleMs: 200, maxDelayMs: 3000 });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(150);
      request(server);
    }
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs at the latest after the longest wait, however busy the server is, and only once', () => {
    const server = createServer();
    const task = vi.fn();
    whenIdle(server, task, { idleMs: 200, maxDelayMs: 1000 });
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(100);
      request(server);
    }
    expect(task).toHaveBeenCalledTimes(1);
    expect(server.listenerCount('request')).toBe(0);
  });
});
