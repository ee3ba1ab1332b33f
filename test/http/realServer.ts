/**
 * The real server on a free port: `loadServices` (corpus, knowledge base, answer engine,
 * conversation logic) composed by `createServer` with every route, as `server/main.ts` runs it.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ConversationRunner } from '../../bot/types';
import { createServer } from '../../server/app';
import { parseConfig, type Config } from '../../server/config';
import { loadServices, type Services } from '../../server/services';
import { MemoryStore } from '../../state/memory';

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

export async function startRealServer(): Promise<RealServer> {
  const config = parseConfig({ CORPUS_DIR, HOST: '127.0.0.1', PORT: '0' });
  const store = new MemoryStore();
  const services = await loadServices(config, store);
  const { app, runner } = createServer(config, services, store);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    config,
    runner,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
