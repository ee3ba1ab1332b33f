/**
 * The real server on a free port: `loadServices` (corpus, knowledge base, answer engine,
 * conversation logic) composed by `createServer` with every route, as `server/main.ts` runs it.
 */
import { fileURLToPath } from 'node:url';
import type { ConversationRunner } from '../../bot/types';
import { createServer } from '../../server/app';
import { parseConfig, type Config, type Env } from '../../server/config';
import { loadServices, type Services } from '../../server/services';
import type { KeyValueStore } from '../../state/kv';
import { MemoryStore } from '../../state/memory';
import type { ReviewStore } from '../../state/reviewStore';
import { listenOnFreePort } from '../support/listen';

/** The shipped corpus, found from this file so tests do not depend on the working directory. */
export const CORPUS_DIR = fileURLToPath(new URL('../../knowledge/corpus', import.meta.url));

export interface RealServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  services: Services;
  config: Config;
  /** The conversation runner the server's channels share. */
  runner: ConversationRunner;
  close(): Promise<void>;
}

export interface RealServerOptions {
  /** More configuration keys (CONSOLE_TOKEN, REVIEW_POLL_MS …). */
  env?: Env;
  /** The key-value store; a fresh in-memory one by default. */
  store?: KeyValueStore;
  /** The review store; a throwaway in-memory database by default. */
  review?: ReviewStore;
}

export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const config = parseConfig({ CORPUS_DIR, HOST: '127.0.0.1', PORT: '0', ...options.env });
  const store = options.store ?? new MemoryStore();
  const services = await loadServices(config, store, options.review);
  const { app, runner } = createServer(config, services, store);
  const listening = await listenOnFreePort(app);
  const close = async () => {
    services.questions.stop();
    await listening.close();
  };
  return { url: listening.url, services, config, runner, close };
}
