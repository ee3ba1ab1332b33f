import type { TurnContext } from 'botbuilder';
import type { BotApp } from './app';

/**
 * Runs tasks one after another per key, and tasks with different keys in parallel.
 * A failed task does not stop the ones queued behind it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}

/** One queue per Application, shared by every adapter that runs it (HTTP route, runner). */
const queues = new WeakMap<BotApp, KeyedQueue>();

/** The storage key teams-ai uses for conversation state: turns sharing it must not overlap. */
export function conversationKey(context: TurnContext): string {
  const { activity } = context;
  return `${activity.channelId}/${activity.recipient?.id}/conversations/${activity.conversation?.id}`;
}

/**
 * `app.run(context)`, after every earlier turn of the same conversation has finished. Concurrent
 * turns would otherwise read the same state and the second write would fail with an eTag
 * conflict (or, with a last-write-wins store, silently drop the first turn's changes).
 */
export function runInOrder(app: BotApp, context: TurnContext): Promise<boolean> {
  let queue = queues.get(app);
  if (!queue) {
    queue = new KeyedQueue();
    queues.set(app, queue);
  }
  return queue.run(conversationKey(context), () => app.run(context));
}
