import { describe, expect, it } from 'vitest';
import { Readiness } from '../../server/readiness';

describe('readiness', () => {
  it('is ready with documents in the index and a store that answers', async () => {
    const readiness = new Readiness({ documents: () => 11, probeStore: async () => null });
    expect(await readiness.check()).toEqual({ ready: true, shuttingDown: false, documents: 11, store: 'reachable' });
  });

  it('is not ready when the index holds no documents', async () => {
    const readiness = new Readiness({ documents: () => 0, probeStore: async () => null });
    expect(await readiness.check()).toEqual({ ready: false, shuttingDown: false, documents: 0, store: 'reachable' });
  });

  it('is not ready when the store fails', async () => {
    const readiness = new Readiness({ documents: () => 11, probeStore: () => Promise.reject(new Error('state/redis: GET on 127.0.0.1:6379 failed')) });
    expect(await readiness.check()).toEqual({ ready: false, shuttingDown: false, documents: 11, store: 'unreachable' });
  });

  it('is not ready once drained, without asking the store', async () => {
    let probes = 0;
    const readiness = new Readiness({ documents: () => 11, probeStore: async () => (probes += 1) });
    readiness.drain();
    expect(await readiness.check()).toEqual({ ready: false, shuttingDown: true, documents: 11, store: 'not checked' });
    expect(probes).toBe(0);
  });

  it('reports each part loaded beside the server, and stays ready while one still loads', async () => {
    const readiness = new Readiness({ documents: () => 11, probeStore: async () => null, parts: () => ({ conversationApp: 'loading' }) });
    expect(await readiness.check()).toEqual({ ready: true, shuttingDown: false, documents: 11, store: 'reachable', parts: { conversationApp: 'loading' } });
  });

  it('is not ready when a part failed to load', async () => {
    const readiness = new Readiness({ documents: () => 11, probeStore: async () => null, parts: () => ({ conversationApp: 'failed' }) });
    expect(await readiness.check()).toEqual({ ready: false, shuttingDown: false, documents: 11, store: 'reachable', parts: { conversationApp: 'failed' } });
  });
});
