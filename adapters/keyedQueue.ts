/**
 * Runs tasks one after another per key, and tasks with different keys in parallel. Channels queue
 * turns by conversation: a WeChat user's burst keeps its order, and two turns of one conversation
 * never read and write its state at the same time (teams-ai would fail with an eTag conflict).
 * A failed task does not stop the ones queued behind it.
 *
 * A task queued behind another starts on a later turn of the event loop, not straight after it:
 * one user's burst of thousands of turns then waits behind that user only, while requests of other
 * users are read and answered between its turns (without this, a long queue would run as one
 * unbroken chain of promise callbacks and hold up every other connection until it ran dry).
 */
/** Resolves after the event loop has handled the I/O that is waiting (a `setImmediate`). */
function nextTurnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(nextTurnOfEventLoop).then(task) : Promise.resolve().then(task);
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
