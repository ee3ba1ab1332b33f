/** `npm start`: the bot server on its embedded defaults (in-memory state, no channel keys needed). */
import { createCounter, createReviewStore, createStore } from '../state/index';
import { createServer } from './app';
import { ConfigError, parseConfig } from './config';
import { withDotEnv } from './dotenv';
import { createHttpServer } from './http';
import { createLogger } from './log';
import { loadServices } from './services';
import { exitGracefullyOnSignals } from './shutdown';
import { countingStoreErrors, createTelemetry, redisConnectionErrors } from './telemetry';

async function main(): Promise<void> {
  const started = performance.now();
  const config = parseConfig(withDotEnv(process.env));
  const telemetry = createTelemetry(config);
  const { log } = telemetry;
  const store = countingStoreErrors(telemetry, await createStore(config.redisUrl, {
    timeoutMs: config.redisTimeoutMs,
    memory: { maxKeys: config.memoryStoreMaxKeys },
    onError: redisConnectionErrors(telemetry),
  }));
  const review = await createReviewStore(config.redisUrl, config.dataDir);
  const services = await loadServices(config, store, telemetry, review);
  for (const p of services.kb.problems) log.warn({ module: 'knowledge' }, p.severity === 'warning' ? `warning: ${p.message}` : p.message.startsWith('corpus:') ? `${p.message} (skipped)` : p.message);
  const counter = await createCounter(config.redisUrl);
  const { app, channels, readiness } = createServer(config, services, store, counter);
  const server = createHttpServer(app, config).listen(config.port, config.host, () => {
    const ms = Math.round(performance.now() - started);
    log.info({ module: 'server/main' }, `医保政策问答 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${services.kb.documents.length} documents, ready in ${ms} ms, state: ${config.redisUrl ? 'Redis' : 'in memory'})`);
    for (const line of channels) log.info({ module: 'server/main' }, line);
  });
  exitGracefullyOnSignals(server, {
    graceMs: config.shutdownGraceMs,
    onDrain: () => readiness.drain(),
    cleanup: async () => {
      services.questions.stop();
      await Promise.allSettled([store.close(), review.close(), counter.close()]);
    },
  });
}

main().catch((e: unknown) => {
  const error = e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  createLogger().fatal({ module: 'server/main', error }, 'start-up failed');
  process.exit(1);
});
