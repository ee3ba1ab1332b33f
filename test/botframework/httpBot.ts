import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Activity, Storage } from 'botbuilder';
import type { ConversationHandler } from '../../bot/types';
import type { BotFrameworkConfig } from '../../server/config';
import { createBotApp } from '../../adapters/botframework/app';
import type { TurnErrorLogger } from '../../adapters/botframework/errors';
import { BOT_FRAMEWORK_PATH, createBotFrameworkRoute } from '../../adapters/botframework/route';

/** No app id: authentication off, as for the Emulator. */
export const UNAUTHENTICATED: BotFrameworkConfig = {
  MicrosoftAppId: '',
  MicrosoftAppPassword: '',
  MicrosoftAppType: 'MultiTenant',
  MicrosoftAppTenantId: '',
};

/** Bot id used as `recipient` of posted activities. */
export const BOT_ID = 'bot-yibao';

/**
 * A service URL nothing listens on: replies must come back in the HTTP response
 * (`expectReplies`), never through a connector.
 */
export const UNREACHABLE_SERVICE_URL = 'http://127.0.0.1:9/';

export interface HttpBot {
  url: string;
  /** POSTs `activity` with `deliveryMode: 'expectReplies'`; returns the status and the replies. */
  post(activity: Partial<Activity>): Promise<{ status: number; activities: Partial<Activity>[] }>;
  close(): Promise<void>;
}

let nextId = 0;

/** A user message activity in `conversationId`, as the Emulator posts it. */
export function userMessage(conversationId: string, text: string, channelId = 'emulator'): Partial<Activity> {
  nextId += 1;
  return {
    type: 'message',
    id: `m-${nextId}`,
    channelId,
    serviceUrl: UNREACHABLE_SERVICE_URL,
    from: { id: `user-${conversationId}`, name: '用户' },
    recipient: { id: BOT_ID, name: '医保助手' },
    conversation: { id: conversationId, name: conversationId, isGroup: false, conversationType: 'personal' },
    text,
  };
}

/** Starts express on a free port with the real Bot Framework route in front of `conversation`. */
export async function startHttpBot(options: {
  conversation: ConversationHandler;
  storage: Storage;
  config?: BotFrameworkConfig;
  logger?: TurnErrorLogger;
  /** Receives the route's one line per refused request. */
  log?: (line: string) => void;
}): Promise<HttpBot> {
  const app = createBotApp({ conversation: options.conversation, storage: options.storage });
  const server = express().use(createBotFrameworkRoute({ config: options.config ?? UNAUTHENTICATED, app, logger: options.logger, log: options.log }));
  const listening: Server = await new Promise((resolve) => {
    const s = server.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}${BOT_FRAMEWORK_PATH}`;
  return {
    url,
    async post(activity) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
      });
      const json = response.headers.get('content-type')?.includes('application/json');
      const activities = json ? ((await response.json()) as { activities?: Partial<Activity>[] }).activities ?? [] : [];
      return { status: response.status, activities };
    },
    close: () => new Promise<void>((resolve, reject) => listening.close((e) => (e ? reject(e) : resolve()))),
  };
}
