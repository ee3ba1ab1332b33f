import type { Storage, TurnContext } from 'botbuilder';
import { TurnState, type DefaultConversationState } from '@microsoft/teams-ai';
import { describeError } from './errors';

const MODULE = 'adapters/botframework/turnState';

/**
 * teams-ai turn state that survives a failing store. When the state cannot be read (Redis down or
 * stalled past REDIS_TIMEOUT_MS), the turn runs on empty state with `memoryUnavailable` set, and
 * that empty state is not written back (it would overwrite the conversation's real state once the
 * store answers again). When only the write fails, the reply already given stands. Either way the
 * failure is logged with the store's error, never the message text.
 */
export class MemoryTolerantTurnState<TConversationState extends DefaultConversationState = DefaultConversationState> extends TurnState<TConversationState> {
  /** True when this turn's state could not be read: the turn runs without conversation memory. */
  memoryUnavailable = false;

  constructor(private readonly log: (line: string) => void = (line) => console.warn(line)) {
    super();
  }

  override load(context: TurnContext, storage?: Storage): Promise<boolean> {
    return super.load(context, storage && this.tolerantReads(storage));
  }

  override async save(context: TurnContext, storage?: Storage): Promise<void> {
    if (this.memoryUnavailable) return;
    try {
      await super.save(context, storage);
    } catch (error) {
      this.log(`${MODULE}: conversation state not saved: ${describeError(error)}`);
    }
  }

  private tolerantReads(storage: Storage): Storage {
    return {
      read: async (keys) => {
        try {
          return await storage.read(keys);
        } catch (error) {
          this.memoryUnavailable = true;
          this.log(`${MODULE}: conversation state not read, answering without it: ${describeError(error)}`);
          return {};
        }
      },
      write: (changes) => storage.write(changes),
      delete: (keys) => storage.delete(keys),
    };
  }
}
