import express, { type Express } from 'express';
import { createBotApp } from '../adapters/botframework/app';
import { createBotFrameworkRoute } from '../adapters/botframework/route';
import { createConversationRunner } from '../adapters/botframework/runner';
import { KeyValueBotStorage } from '../adapters/botframework/storage';
import { createApiRouter } from '../adapters/http/api';
import { createReviewRouter } from '../adapters/review/router';
import { createWebChatRouter, WEB_CHANNEL } from '../adapters/web/channel';
import { WebFeedback } from '../adapters/web/feedback';
import { createStaticRouter } from '../adapters/web/static';
import { KefuSender } from '../adapters/wechat/kefu';
import { createWeChatRouter } from '../adapters/wechat/router';
import { clauseReply } from '../bot/clauseReply';
import type { ConversationRunner } from '../bot/types';
import { createReviewDesk } from '../review/desk';
import type { KeyValueStore } from '../state/kv';
import type { Config } from './config';
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
 */
export function createServer(config: Config, services: Services, store: KeyValueStore): Server {
  const botApp = createBotApp({ conversation: services.conversation, storage: new KeyValueBotStorage(store) });
  const runner = createConversationRunner({ app: botApp });
  const app = express();
  app.disable('x-powered-by');
  const channels: string[] = [];

  // Bot Framework first: the JSON API answers every other /api path with a JSON 404.
  app.use(createBotFrameworkRoute({ config: config.botFramework, app: botApp }));
  channels.push(`Bot Framework: /api/messages (${config.botFramework.MicrosoftAppId ? 'authenticated' : 'no app id: unauthenticated, for the Emulator and local tests'})`);

  if (config.wechat) {
    const { wechat } = config;
    const kefu = wechat.appSecret
      ? new KefuSender({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.apiBase, store })
      : undefined;
    app.use(PATHS.wechat, createWeChatRouter({ mode: 'mp', config: wechat, runner, store, deadlineMs: config.wechatReplyDeadlineMs, kefu }));
    channels.push(`WeChat official account: ${PATHS.wechat} (${wechat.encodingAESKey ? 'safe/compatible mode' : 'plaintext mode'}${kefu ? ', late answers by 客服消息' : ''})`);
  } else {
    channels.push('WeChat official account: not mounted (WECHAT_TOKEN and WECHAT_APP_ID unset)');
  }
  if (config.wecom) {
    app.use(PATHS.wecom, createWeChatRouter({ mode: 'wecom', config: config.wecom, runner, store, deadlineMs: config.wechatReplyDeadlineMs }));
    channels.push(`WeCom: ${PATHS.wecom}`);
  } else {
    channels.push('WeCom: not mounted (WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY unset)');
  }

  const feedback = new WebFeedback(store, services.review, WEB_CHANNEL);
  app.use(createWebChatRouter({ runner, feedback, clauseReply: (id) => clauseReply(services.kb, id) }));
  channels.push('Web chat: / (page), /embed.js (widget), /web/conversations (REST)');
  // Before the JSON API, whose catch-all answers unknown /api paths with 404.
  if (config.consoleToken) {
    const desk = createReviewDesk({ kb: services.kb, store: services.review, sync: services.questions });
    app.use(createReviewRouter({ token: config.consoleToken, desk, maxQuestionChars: config.maxQuestionChars }));
    channels.push('Review console: /console/review, /api/review/* (Authorization: Bearer CONSOLE_TOKEN)');
  } else {
    channels.push('Review console: not mounted (CONSOLE_TOKEN unset)');
  }
  channels.push(`Feedback and unanswered log: ${services.review.description}`);
  app.use(createApiRouter({ kb: services.kb, ask: (q, o) => services.ask(q, o), maxQuestionChars: config.maxQuestionChars }));
  channels.push('JSON API: /api/ask, /api/search, /api/clauses/:id, /api/documents/:docId, /healthz');
  app.use(createStaticRouter());
  channels.push('Hotline console: /console');
  return { app, runner, channels };
}
