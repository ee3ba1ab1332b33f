import { ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
import { Application, TurnState, type DefaultConversationState } from '@microsoft/teams-ai';
import type { ConversationHandler, ConversationState, Turn } from '../../bot/types';
import { withoutMemory } from '../../bot/withoutMemory';
import { renderReply } from './render';
import { MemoryTolerantTurnState } from './turnState';

/** `Turn.channel` for activities that arrive over the Bot Framework (Teams, Emulator, Direct Line …). */
export const BOT_FRAMEWORK_CHANNEL = 'botframework';

/**
 * `turnState` key under which the runner passes the Turn another adapter (WeChat, web …) built.
 * The app hands that Turn to the core as it is, so nothing is lost in its round trip through an
 * Activity; turns without it came over the Bot Framework and are read from the activity.
 */
export const SOURCE_TURN_KEY = Symbol('yibao.sourceTurn');

/** Any non-empty text: the core decides what it means, so no keyword routes (and no substring matching). */
const ANY_TEXT = /^[\s\S]+$/;

/** Conversation-scoped state as stored: the core's state under one key. */
export interface BotConversationState extends DefaultConversationState {
  yibao?: ConversationState;
}

export type BotTurnState = TurnState<BotConversationState>;
export type BotApp = Application<BotTurnState>;

export interface BotAppOptions {
  conversation: ConversationHandler;
  /** Where conversation state lives between turns (teams-ai has no default: without it state is lost). */
  storage: Storage;
  /** Where store failures are reported (one line each, no message text); console.warn by default. */
  log?: (line: string) => void;
}

function turnFrom(context: TurnContext, kind: Turn['kind'], userId: string): Turn {
  const source = context.turnState.get(SOURCE_TURN_KEY) as Turn | undefined;
  if (source) return source;
  const { activity } = context;
  const turn: Turn = {
    channel: BOT_FRAMEWORK_CHANNEL,
    conversationId: activity.conversation.id,
    userId,
    kind,
  };
  if (kind === 'message') turn.text = activity.text;
  if (activity.id) turn.messageId = activity.id;
  return turn;
}

/** Members added other than the bot itself (the bot joining a chat is not a user to greet). */
function addedUsers(context: TurnContext): string[] {
  const botId = context.activity.recipient?.id;
  return (context.activity.membersAdded ?? []).map((m) => m.id).filter((id) => id !== botId);
}

/**
 * The one teams-ai Application every channel runs through. It only routes: each activity becomes a
 * Turn for the channel-free conversation handler, whose reply is rendered and sent, and whose
 * state is kept in `state.conversation.yibao`.
 */
export function createBotApp(options: BotAppOptions): BotApp {
  if (!options.storage) throw new Error('adapters/botframework/app: storage is required (teams-ai keeps no state without it)');
  const app = new Application<BotTurnState>({
    storage: options.storage,
    removeRecipientMention: true,
    startTypingTimer: false,
    turnStateFactory: () => new MemoryTolerantTurnState<BotConversationState>(options.log),
  });

  async function respond(context: TurnContext, state: BotTurnState, turn: Turn): Promise<void> {
    const { reply, state: next } = options.conversation.respond(turn, state.conversation.yibao);
    state.conversation.yibao = next;
    const forgetful = state instanceof MemoryTolerantTurnState && state.memoryUnavailable;
    await context.sendActivity(renderReply(forgetful ? withoutMemory(reply) : reply, context.activity.channelId));
  }

  app.conversationUpdate('membersAdded', async (context, state) => {
    const [user] = addedUsers(context);
    if (user !== undefined) await respond(context, state, turnFrom(context, 'welcome', user));
  });
  app.message(ANY_TEXT, async (context, state) => {
    await respond(context, state, turnFrom(context, 'message', context.activity.from.id));
  });
  app.activity(
    async (context) => context.activity.type === ActivityTypes.Message && !context.activity.text,
    async (context, state) => {
      await respond(context, state, turnFrom(context, 'unsupported', context.activity.from.id));
    },
  );
  return app;
}
