/** `npm start`: the bot server on its embedded defaults (in-memory state, no channel keys needed). */
import { createCounter, createStore } from '../state/index';
import { createServer } from './app';
import { ConfigError, parseConfig } from './config';
import { loadServices } from './services';

async function main(): Promise<void> {
  const started = performance.now();
  const config = parseConfig(process.env);
  const store = await createStore(config.redisUrl);
  const services = await loadServices(config, store);
  for (const p of services.kb.problems) console.warn(p.severity === 'warning' ? `warning: ${p.message}` : p.message.startsWith('corpus:') ? `${p.message} (skipped)` : p.message);
  const counter = await createCounter(config.redisUrl);
  const { app, channels } = createServer(config, services, store, counter);
  const server = app.listen(config.port, config.host, () => {
    const ms = Math.round(performance.now() - started);
    console.log(`医保政策问答 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${services.kb.documents.length} documents, ready in ${ms} ms, state: ${config.redisUrl ? 'Redis' : 'in memory'})`);
    for (const line of channels) console.log(`  ${line}`);
  });
  const stop = () => {
    server.close(() => void Promise.allSettled([store.close(), counter.close()]).finally(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
