/**
 * Everything that needs botbuilder and @microsoft/teams-ai, composed in one module so that the
 * server can import it after it listens (the two packages take about a second to load): the one
 * teams-ai Application every channel runs through, the in-process runner the WeChat and web
 * adapters use, and the `POST /api/messages` route of the Bot Framework.
 */
import type { Router } from 'express';
import type { ConversationHandler, ConversationRunner } from '../../bot/types';
import type { KeyValueStore } from '../../state/kv';
import type { RateLimiter } from '../rateLimiter';
import { createBotApp, type BotApp } from './app';
import type { BotFrameworkConfig } from './config';
import type { TurnErrorLogger } from './errors';
import { createBotFrameworkRoute } from './route';
import { createConversationRunner } from './runner';
import { KeyValueBotStorage } from './storage';

export interface BotChannelOptions {
  conversation: ConversationHandler;
  /** Where conversation state lives between turns. */
  store: KeyValueStore;
  /** How long a conversation's state is kept after its last turn. */
  ttlMs: number;
  config: BotFrameworkConfig;
  logger: TurnErrorLogger;
  /** Store failures, one line each. */
  log: (line: string) => void;
  /** Per-conversation limit of the Bot Framework route. */
  limiter?: RateLimiter;
}

export interface BotChannel {
  app: BotApp;
  runner: ConversationRunner;
  route: Router;
}

export function createBotChannel(options: BotChannelOptions): BotChannel {
  const app = createBotApp({
    conversation: options.conversation,
    storage: new KeyValueBotStorage(options.store, { ttlMs: options.ttlMs }),
    log: options.log,
  });
  const runner = createConversationRunner({ app, logger: options.logger });
  const route = createBotFrameworkRoute({ config: options.config, app, logger: options.logger, limiter: options.limiter });
  return { app, runner, route };
}
