/**
 * `npm start`: the bot server on its embedded defaults (in-memory state, no channel keys needed).
 * Listens as soon as the knowledge base is loaded; botbuilder and teams-ai load once the server
 * is idle, or on the first request of a channel that needs them (server/whenIdle.ts,
 * server/conversationApp.ts). With `WEB_CONCURRENCY` workers this process is the cluster's
 * primary and every worker runs this file again (server/cluster.ts).
 */
import { availableParallelism } from 'node:os';
import { createCounter, createReviewStore, createStore } from '../state/index';
import { createServer } from './app';
import { isClusterWorker, onShutdownMessage, planWorkers, runPrimary, workerLabel } from './cluster';
import { ConfigError, parseConfig } from './config';
import { withDotEnv } from './dotenv';
import { createHttpServer } from './http';
import { createLogger } from './log';
import { loadServices } from './services';
import { exitGracefullyOnSignals } from './shutdown';
import { markStartup, startupBreakdown } from './startupTimes';
import { countingStoreErrors, createTelemetry, redisConnectionErrors } from './telemetry';
import { whenIdle } from './whenIdle';

async function main(): Promise<void> {
  markStartup('main');
  const started = performance.now();
  const config = parseConfig(withDotEnv(process.env));
  const telemetry = createTelemetry(config);
  const { log } = telemetry;
  const plan = planWorkers(config, availableParallelism());
  if (!isClusterWorker()) log.info({ module: 'server/main' }, `processes: ${plan.reason}`);
  if (!isClusterWorker() && plan.workers > 1) {
    runPrimary({ workers: plan.workers, graceMs: config.shutdownGraceMs, log: (line) => log.info({ module: 'server/cluster' }, line) });
    return;
  }
  const worker = workerLabel();
  const store = countingStoreErrors(telemetry, await createStore(config.redisUrl, {
    timeoutMs: config.redisTimeoutMs,
    memory: { maxKeys: config.memoryStoreMaxKeys },
    onError: redisConnectionErrors(telemetry),
  }));
  const review = await createReviewStore(config.redisUrl, config.dataDir, { timeoutMs: config.redisTimeoutMs, onError: redisConnectionErrors(telemetry) });
  markStartup('stores');
  const services = await loadServices(config, store, telemetry, review);
  for (const p of services.kb.problems) log.warn({ module: 'knowledge' }, p.severity === 'warning' ? `warning: ${p.message}` : p.message.startsWith('corpus:') ? `${p.message} (skipped)` : p.message);
  const counter = await createCounter(config.redisUrl);
  const { app, channels, readiness, conversationApp } = createServer(config, services, store, counter);
  const server = createHttpServer(app, config).listen(config.port, config.host, () => {
    markStartup('listening');
    const ms = Math.round(performance.now() - started);
    log.info({ module: 'server/main' }, `医保政策问答 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${services.kb.documents.length} documents, ready in ${ms} ms, state: ${config.redisUrl ? 'Redis' : 'in memory'}${worker ? `, ${worker}` : ''})`);
    for (const line of channels) log.info({ module: 'server/main' }, line);
    // What the knowledge base puts off until the first question (the sound-alike table) is built first.
    whenIdle(server, () => void Promise.resolve(services.kb.soundAlikes.prepare()).then(() => conversationApp.load()).then(
      () => log.info({ module: 'server/main', startup: { ...startupBreakdown(), ...conversationApp.timings } }, `start-up: conversation app (botbuilder, teams-ai) loaded; Bot Framework, web chat, WeChat and WeCom answer`),
      (error: unknown) => log.error({ module: 'server/main', error: error instanceof Error ? error.message : String(error) }, 'conversation app (botbuilder, teams-ai) failed to load: Bot Framework, web chat, WeChat and WeCom answer 503'),
    ));
  });
  const shutdown = exitGracefullyOnSignals(server, {
    graceMs: config.shutdownGraceMs,
    onDrain: () => readiness.drain(),
    cleanup: async () => {
      services.questions.stop();
      await Promise.allSettled([store.close(), review.close(), counter.close()]);
    },
  });
  // In a cluster the primary asks by message; a SIGINT from the terminal may have started it already.
  onShutdownMessage(() => {
    if (!shutdown.shuttingDown) process.kill(process.pid, 'SIGTERM');
  });
}

main().catch((e: unknown) => {
  const error = e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  createLogger().fatal({ module: 'server/main', error }, 'start-up failed');
  process.exit(1);
});
