/**
 * The real server on a free port: `loadServices` (corpus, knowledge base, answer engine,
 * conversation logic) composed by `createServer` with every route, as `server/main.ts` runs it.
 */
import { fileURLToPath } from 'node:url';
import type { DestinationStream } from 'pino';
import type { ConversationRunner } from '../../bot/types';
import { createServer } from '../../server/app';
import { parseConfig, type Config, type Env } from '../../server/config';
import { loadServices, type Services } from '../../server/services';
import { countingStoreErrors, createTelemetry } from '../../server/telemetry';
import type { KeyValueStore } from '../../state/kv';
import type { HitCounter } from '../../state/counter';
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
  /** The start-up lines saying which channel is mounted, and how. */
  channels: string[];
  close(): Promise<void>;
}

export interface RealServerOptions {
  /** Configuration keys over the test defaults (channel keys, timeouts, CONSOLE_TOKEN …). */
  env?: Env;
  /** The state store; a fresh in-memory one when omitted. */
  store?: KeyValueStore;
  /** Where the server's log lines go (everything down to debug); nothing is logged when omitted. */
  logs?: DestinationStream;
  /** The review store; a throwaway in-memory database by default. */
  review?: ReviewStore;
  /** Services already loaded (several servers in one test share one knowledge base). */
  services?: Services;
  /** Where rate limits are counted (a fresh in-memory counter when omitted). */
  counter?: HitCounter;
}

/** Starts the server on the shipped corpus, composed as server/main.ts composes it. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const config = parseConfig({ LOG_LEVEL: options.logs ? 'debug' : 'silent', ...options.env, CORPUS_DIR, HOST: '127.0.0.1', PORT: '0' });
  // One telemetry for services and app, store failures counted.
  const telemetry = createTelemetry(config, options.logs);
  const store = options.services?.store ?? countingStoreErrors(telemetry, options.store ?? new MemoryStore());
  const services = options.services ?? (await loadServices(config, store, telemetry, options.review));
  const { app, runner, channels, conversationApp } = createServer(config, services, store, options.counter);
  const listening = await listenOnFreePort(app);
  // As server/main.ts does once it listens: botbuilder and teams-ai, for the channels that need them.
  await conversationApp.load();
  const close = async () => {
    if (!options.services) services.questions.stop();
    await listening.close();
  };
  return { url: listening.url, services, config, runner, channels, close };
}
