/**
 * The real server on a free port: `loadServices` (corpus, knowledge base, answer engine,
 * conversation logic) composed by `createServer` with every route, as `server/main.ts` runs it.
 */
import { fileURLToPath } from 'node:url';
import type { ConversationRunner } from '../../bot/types';
import { createServer } from '../../server/app';
import { parseConfig, type Config, type Env } from '../../server/config';
import { loadServices, type Services } from '../../server/services';
import type { HitCounter } from '../../state/counter';
import { MemoryStore } from '../../state/memory';
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
  /** Configuration keys on top of the corpus, host and port. */
  env?: Env;
  /** Services already loaded (several servers in one test share one knowledge base). */
  services?: Services;
  /** Where rate limits are counted (a fresh in-memory counter when omitted). */
  counter?: HitCounter;
}

export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const config = parseConfig({ CORPUS_DIR, HOST: '127.0.0.1', PORT: '0', ...options.env });
  const store = options.services?.store ?? new MemoryStore();
  const services = options.services ?? (await loadServices(config, store));
  const { app, runner } = createServer(config, services, store, options.counter);
  const listening = await listenOnFreePort(app);
  return { url: listening.url, services, config, runner, close: listening.close };
}
