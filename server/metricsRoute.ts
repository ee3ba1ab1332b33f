/**
 * `GET /metrics`: the server's metrics in the Prometheus text format, for a scraper on the
 * internal network. Counts only: nothing personal, no text.
 */
import { Router } from 'express';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

export function createMetricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get(METRICS_PATH, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
