/**
 * Starts the HTTP routes of this area (API, web chat channel, static pages) on a free port,
 * the way the server mounts them, for tests that speak real HTTP.
 */
import express from 'express';
import type { ConversationRunner } from '../../bot/types';
import type { KnowledgeBase } from '../../knowledge/types';
import { createApiRouter, type ApiDependencies } from '../../adapters/http/api';
import { createWebChatRouter } from '../../adapters/web/channel';
import type { WebFeedback } from '../../adapters/web/feedback';
import { createStaticRouter } from '../../adapters/web/static';
import type { Log } from '../../adapters/log';
import { listenOnFreePort } from '../support/listen';

export interface TestServerOptions {
  kb: KnowledgeBase;
  ask: ApiDependencies['ask'];
  runner: ConversationRunner;
  maxQuestionChars: number;
  /** Where the routes log (JSON lines on stderr when omitted). */
  log?: Log;
}

export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  feedback: WebFeedback;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const app = express();
  const web = createWebChatRouter({ runner: options.runner, log: options.log });
  app.use(createApiRouter({ kb: options.kb, ask: options.ask, maxQuestionChars: options.maxQuestionChars, log: options.log }));
  app.use(web);
  app.use(createStaticRouter());
  const listening = await listenOnFreePort(app);
  return { url: listening.url, feedback: web.feedback, close: listening.close };
}
