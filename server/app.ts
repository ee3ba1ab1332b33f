import express, { type Express } from 'express';
import { BOT_FRAMEWORK_PATH, botFrameworkMode } from '../adapters/botframework/mode';
import { logTurnErrors } from '../adapters/botframework/errors';
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
import type { HitCounter } from '../state/counter';
import type { KeyValueStore } from '../state/kv';
import { MemoryCounter } from '../state/memoryCounter';
import type { Config } from './config';
import { ConversationApp } from './conversationApp';
import { READINESS_PATH, Readiness, STORE_PROBE_KEY } from './readiness';
import { createLimits } from './limits';
import type { Services } from './services';
import { createMetricsRouter, METRICS_PATH } from './metricsRoute';
import { requestLog } from './requestLog';

/** Where each channel is mounted. */
export const PATHS = { wechat: '/wechat', wecom: '/wecom' } as const;

export interface Server {
  app: Express;
  /** The one conversation runner every channel goes through (the teams-ai Application). */
  runner: ConversationRunner;
  /** One line per channel: mounted, or why not. */
  channels: string[];
  /** What `/readyz` reports; shutdown drains it. */
  readiness: Readiness;
  /** botbuilder and teams-ai, loaded beside the server (`load()` once it listens). */
  conversationApp: ConversationApp;
}

/**
 * The HTTP server: every channel adapter on one express app, all running turns through one
 * teams-ai Application (state in `store`), plus the JSON API, the web chat page and the console.
 * Rate limits are counted in `counter` (shared by replicas when it is on Redis).
 */
export function createServer(config: Config, services: Services, store: KeyValueStore, counter: HitCounter = new MemoryCounter()): Server {
  const { log, metrics } = services.telemetry;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const limits = createLimits(config, counter);
  const conversationApp = new ConversationApp({
    conversation: services.conversation,
    store,
    ttlMs: config.conversationTtlMs,
    config: config.botFramework,
    logger: logTurnErrors(log),
    log: (line) => log.warn({ module: 'adapters/botframework' }, line),
    limiter: limits.answers,
  });
  const { runner } = conversationApp;
  const readiness = new Readiness({ documents: () => services.kb.documents.length, probeStore: () => store.get(STORE_PROBE_KEY), parts: () => ({ conversationApp: conversationApp.state }) });
  app.get(READINESS_PATH, readiness.handler());
  const channels: string[] = [];
  app.use(requestLog({ log, metrics }));
  app.use(createMetricsRouter(metrics));
  channels.push(`Metrics: ${METRICS_PATH} (Prometheus text format)`);
  const wechatLog = (line: string) => log.warn({ module: 'adapters/wechat' }, line);

  // Bot Framework first: the JSON API answers every other /api path with a JSON 404.
  app.all(BOT_FRAMEWORK_PATH, conversationApp.handler);
  channels.push(`Bot Framework: ${BOT_FRAMEWORK_PATH} (${botFrameworkMode(config.botFramework)})`);

  if (config.wechat) {
    const { wechat } = config;
    const kefu = wechat.appSecret
      ? new KefuSender({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.apiBase, store })
      : undefined;
    app.use(PATHS.wechat, createWeChatRouter({ mode: 'mp', config: wechat, runner, store, deadlineMs: config.wechatReplyDeadlineMs, timestampWindowSeconds: config.wechatTimestampWindowSeconds, kefu,
      limiter: limits.answers, log: wechatLog, onRetry: () => metrics.wechatRetries.inc({ channel: 'wechat' }) }));
    channels.push(`WeChat official account: ${PATHS.wechat} (${wechat.encodingAESKey ? 'safe/compatible mode' : 'plaintext mode'}${kefu ? ', late answers by 客服消息' : ''})`);
  } else {
    channels.push('WeChat official account: not mounted (WECHAT_TOKEN and WECHAT_APP_ID unset)');
  }
  if (config.wecom) {
    app.use(PATHS.wecom, createWeChatRouter({ mode: 'wecom', config: config.wecom, runner, store, deadlineMs: config.wechatReplyDeadlineMs, timestampWindowSeconds: config.wechatTimestampWindowSeconds,
      limiter: limits.answers, log: wechatLog, onRetry: () => metrics.wechatRetries.inc({ channel: 'wecom' }) }));
    channels.push(`WeCom: ${PATHS.wecom}`);
  } else {
    channels.push('WeCom: not mounted (WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY unset)');
  }

  const feedback = new WebFeedback(store, services.review, WEB_CHANNEL);
  app.use(createWebChatRouter({ runner, feedback, clauseReply: (id) => clauseReply(services.kb, id), log, limits: limits.http, maxQuestionChars: config.maxQuestionChars }));
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
  app.use(createApiRouter({ kb: services.kb, ask: (q, o) => services.ask(q, o), maxQuestionChars: config.maxQuestionChars, log, limits: limits.http }));
  channels.push('JSON API: /api/ask, /api/search, /api/clauses/:id, /api/documents/:docId, /healthz, /api/openapi.json');
  app.use(createStaticRouter());
  channels.push('Hotline console: /console');
  channels.push(limits.summary);
  return { app, runner, channels, readiness, conversationApp };
}
