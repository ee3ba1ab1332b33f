import express, { type Express } from 'express';
import { createBotApp } from '../adapters/botframework/app';
import { createBotFrameworkRoute } from '../adapters/botframework/route';
import { createConversationRunner } from '../adapters/botframework/runner';
import { KeyValueBotStorage } from '../adapters/botframework/storage';
import { createApiRouter } from '../adapters/http/api';
import { createWebChatRouter } from '../adapters/web/channel';
import { createStaticRouter } from '../adapters/web/static';
import { KefuSender } from '../adapters/wechat/kefu';
import { createWeChatRouter } from '../adapters/wechat/router';
import type { ConversationRunner } from '../bot/types';
import type { HitCounter } from '../state/counter';
import type { KeyValueStore } from '../state/kv';
import { MemoryCounter } from '../state/memoryCounter';
import type { Config } from './config';
import { createLimits } from './limits';
import type { Services } from './services';

/** Where each channel is mounted. */
export const PATHS = { wechat: '/wechat', wecom: '/wecom' } as const;

export interface Server {
  app: Express;
  /** The one conversation runner every channel goes through (the teams-ai Application). */
  runner: ConversationRunner;
  /** One line per channel: mounted, or why not. */
  channels: string[];
}

/**
 * The HTTP server: every channel adapter on one express app, all running turns through one
 * teams-ai Application (state in `store`), plus the JSON API, the web chat page and the console.
 * Rate limits are counted in `counter` (shared by replicas when it is on Redis).
 */
export function createServer(config: Config, services: Services, store: KeyValueStore, counter: HitCounter = new MemoryCounter()): Server {
  const botApp = createBotApp({ conversation: services.conversation, storage: new KeyValueBotStorage(store) });
  const runner = createConversationRunner({ app: botApp });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const limits = createLimits(config, counter);
  const channels: string[] = [];

  // Bot Framework first: the JSON API answers every other /api path with a JSON 404.
  app.use(createBotFrameworkRoute({ config: config.botFramework, app: botApp, limiter: limits.answers }));
  channels.push(`Bot Framework: /api/messages (${config.botFramework.MicrosoftAppId ? 'authenticated' : 'no app id: unauthenticated, for the Emulator and local tests'})`);

  if (config.wechat) {
    const { wechat } = config;
    const kefu = wechat.appSecret
      ? new KefuSender({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.apiBase, store })
      : undefined;
    app.use(PATHS.wechat, createWeChatRouter({ mode: 'mp', config: wechat, runner, store, deadlineMs: config.wechatReplyDeadlineMs, kefu, limiter: limits.answers }));
    channels.push(`WeChat official account: ${PATHS.wechat} (${wechat.encodingAESKey ? 'safe/compatible mode' : 'plaintext mode'}${kefu ? ', late answers by 客服消息' : ''})`);
  } else {
    channels.push('WeChat official account: not mounted (WECHAT_TOKEN and WECHAT_APP_ID unset)');
  }
  if (config.wecom) {
    app.use(PATHS.wecom, createWeChatRouter({ mode: 'wecom', config: config.wecom, runner, store, deadlineMs: config.wechatReplyDeadlineMs, limiter: limits.answers }));
    channels.push(`WeCom: ${PATHS.wecom}`);
  } else {
    channels.push('WeCom: not mounted (WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY unset)');
  }

  app.use(createWebChatRouter({ runner, limits: limits.http }));
  channels.push('Web chat: / (page), /embed.js (widget), /web/conversations (REST)');
  app.use(createApiRouter({ kb: services.kb, ask: (q, o) => services.ask(q, o), maxQuestionChars: config.maxQuestionChars, limits: limits.http }));
  channels.push('JSON API: /api/ask, /api/search, /api/clauses/:id, /api/documents/:docId, /healthz, /api/openapi.json');
  app.use(createStaticRouter());
  channels.push('Hotline console: /console');
  channels.push(limits.summary);
  return { app, runner, channels };
}
