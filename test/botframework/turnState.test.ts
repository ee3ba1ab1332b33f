import { MemoryStorage, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Turn } from '../../bot/types';
import { createBotApp } from '../../adapters/botframework/app';
import { createConversationRunner } from '../../adapters/botframework/runner';
import { FLEXIBLE_CITATION, fakeConversation } from './fakeConversation';

/** botbuilder's MemoryStorage with reads or writes that fail on demand, as a stalled Redis makes them. */
class FaultyStorage extends MemoryStorage {
  failReads = false;
  failWrites = false;

  override read(keys: string[]): Promise<StoreItems> {
    if (this.failReads) return Promise.reject(new Error('state/redis: GET on 127.0.0.1:6379 failed: no reply within 500 ms (REDIS_TIMEOUT_MS)'));
    return super.read(keys);
  }

  override write(changes: StoreItems): Promise<void> {
    if (this.failWrites) return Promise.reject(new Error('state/redis: SET on 127.0.0.1:6379 failed: The client is offline'));
    return super.write(changes);
  }
}

function setup() {
  const storage = new FaultyStorage();
  const logged: string[] = [];
  const app = createBotApp({ conversation: fakeConversation(), storage, log: (line) => logged.push(line) });
  const run = createConversationRunner({ app, logger: { error: (e) => logged.push(JSON.stringify(e)) } });
  const message = (text: string): Turn => ({ channel: 'wechat', conversationId: 'o-1', userId: 'o-1', kind: 'message', text });
  return { storage, logged, run, message };
}

describe('a turn whose state cannot be read', () => {
  it('is answered without memory, with the note on the first line, and logs the store error only', async () => {
    const { storage, logged, run, message } = setup();
    storage.failReads = true;
    const [reply] = await run(message('灵活就业人员能参加职工医保吗'));
    expect(reply?.kind).toBe('answer');
    expect(reply?.text.split('\n')[0]).toBe(PHRASES.memoryUnavailable);
    expect(logged).toEqual([
      'adapters/botframework/turnState: conversation state not read, answering without it: Error: state/redis: GET on 127.0.0.1:6379 failed: no reply within 500 ms (REDIS_TIMEOUT_MS)',
    ]);
  });

  it('does not overwrite the stored state with the empty state it ran on', async () => {
    const { storage, run, message } = setup();
    await run(message('灵活就业人员能参加职工医保吗'));
    storage.failReads = true;
    await run(message('你好'));
    storage.failReads = false;
    const [reply] = await run(message('那青海呢'));
    expect(reply?.citations[0]).toEqual(FLEXIBLE_CITATION);
    expect(reply?.text).not.toContain(PHRASES.memoryUnavailable);
  });
});

describe('a turn whose state cannot be written', () => {
  it('keeps the reply it gave, without the note, and logs the store error', async () => {
    const { storage, logged, run, message } = setup();
    storage.failWrites = true;
    const [reply] = await run(message('灵活就业人员能参加职工医保吗'));
    expect(reply?.kind).toBe('answer');
    expect(reply?.text).not.toContain(PHRASES.memoryUnavailable);
    expect(logged).toEqual([
      'adapters/botframework/turnState: conversation state not saved: Error: state/redis: SET on 127.0.0.1:6379 failed: The client is offline',
    ]);
  });
});
