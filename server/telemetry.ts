/**
 * The server's logger and metrics, made once per server and handed to everything that reports:
 * the services (answer counts), the HTTP app (request lines and counts), the adapters (as `Log`).
 */
import type { DestinationStream, Logger } from 'pino';
import type { KeyValueStore } from '../state/kv';
import { reportingErrors } from '../state/observed';
import type { Config } from './config';
import { createLogger } from './log';
import { createMetrics, type Metrics } from './metrics';

export interface Telemetry {
  log: Logger;
  metrics: Metrics;
}

export function createTelemetry(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Telemetry {
  return { log: createLogger({ level: config.logLevel, destination }), metrics: createMetrics() };
}

/** `store` with every failed call counted in `yibao_store_errors_total`. */
export function countingStoreErrors<S extends KeyValueStore>(telemetry: Telemetry, store: S): S {
  return reportingErrors(store, (operation) => telemetry.metrics.storeErrors.inc({ operation }));
}

/** For `createStore`: Redis connection errors (host only, never the password) logged and counted. */
export function redisConnectionErrors(telemetry: Telemetry): (message: string) => void {
  return (message) => {
    telemetry.metrics.storeErrors.inc({ operation: 'connection' });
    telemetry.log.error({ module: 'state/redis' }, message);
  };
}
