import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { ConversationRunner, Reply, Turn } from '../../bot/types';
import { SOURCE_TURN_KEY, type BotApp } from './app';
import { consoleTurnErrorLogger, describeError, errorReply, redactId, type TurnErrorLogger } from './errors';
import { readReply } from './render';
import { runInOrder } from './serialise';

const MODULE = 'adapters/botframework/runner';

/** Recipient id of synthetic activities (teams-ai keys state by it and strips @mentions of it). */
export const DEFAULT_BOT_ID = 'yibao-bot';

/** Content type of the placeholder attachment an `unsupported` turn carries. */
export const UNSUPPORTED_CONTENT_TYPE = 'application/octet-stream';

/** `turnState` key of the list collecting a turn's outgoing message activities. */
const OUTBOX_KEY = Symbol('yibao.outbox');

export interface ConversationRunnerOptions {
  app: BotApp;
  /** Recipient id for synthetic activities; state keys include it, so keep it stable. */
  botId?: string;
  logger?: TurnErrorLogger;
  /** Message id for turns without one. */
  newId?: () => string;
}

/** Builds the synthetic Activity a Turn stands for. */
export function activityFromTurn(turn: Turn, botId: string, id: string): Partial<Activity> {
  const base: Partial<Activity> = {
    id,
    channelId: turn.channel,
    serviceUrl: `${turn.channel}://local`,
    timestamp: new Date(),
    from: { id: turn.userId, name: turn.userId, role: 'user' },
    recipient: { id: botId, name: botId, role: 'bot' },
    conversation: { id: turn.conversationId, name: turn.conversationId, isGroup: false, conversationType: 'personal' },
  };
  switch (turn.kind) {
    case 'welcome':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: turn.userId, name: turn.userId }] };
    case 'unsupported':
      return { ...base, type: ActivityTypes.Message, attachments: [{ contentType: UNSUPPORTED_CONTENT_TYPE }] };
    case 'message':
      return { ...base, type: ActivityTypes.Message, text: turn.text ?? '' };
  }
}

/**
 * A BotAdapter for channels that are not the Bot Framework: it runs a TurnContext in process and
 * keeps the outgoing message activities instead of sending them anywhere.
 */
export class InProcessAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX_KEY) as Partial<Activity>[] | undefined;
    return activities.map((activity) => {
      // typing, trace and invoke responses have no meaning outside the Bot Framework
      if (activity.type === ActivityTypes.Message) outbox?.push(activity);
      return { id: randomUUID() };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${MODULE}: updateActivity is not supported (replies are returned, not sent)`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${MODULE}: deleteActivity is not supported (replies are returned, not sent)`);
  }

  async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error(`${MODULE}: continueConversation is not supported (there is no channel to send to)`);
  }

  /** Runs `logic` for `activity` and returns the message activities it sent. */
  async process(
    activity: Partial<Activity>,
    prepare: (context: TurnContext) => void,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, activity);
    const outbox: Partial<Activity>[] = [];
    context.turnState.set(OUTBOX_KEY, outbox);
    prepare(context);
    await this.runMiddleware(context, logic);
    return outbox;
  }
}

/**
 * The ConversationRunner the WeChat and web adapters receive: runs one Turn through the shared
 * Application and returns its replies. Turns of one conversation run one after another; a turn
 * that fails yields the fixed error reply and is logged without its text.
 */
export function createConversationRunner(options: ConversationRunnerOptions): ConversationRunner {
  const { app } = options;
  const botId = options.botId ?? DEFAULT_BOT_ID;
  const logger = options.logger ?? consoleTurnErrorLogger;
  const newId = options.newId ?? randomUUID;
  const adapter = new InProcessAdapter();

  return async (turn: Turn): Promise<Reply[]> => {
    const activity = activityFromTurn(turn, botId, turn.messageId ?? newId());
    try {
      const sent = await adapter.process(
        activity,
        (context) => context.turnState.set(SOURCE_TURN_KEY, turn),
        async (context) => {
          await runInOrder(app, context);
        },
      );
      return sent.map(readReply);
    } catch (error) {
      logger.error({
        module: MODULE,
        channel: turn.channel,
        conversation: redactId(turn.conversationId),
        kind: turn.kind,
        textChars: turn.text?.length ?? 0,
        error: describeError(error, turn.text),
      });
      return [errorReply()];
    }
  };
}
