import type { TurnContext } from 'botbuilder';
import { KeyedQueue } from '../keyedQueue';
import type { BotApp } from './app';

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
