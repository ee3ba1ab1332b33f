/**
 * Prometheus metrics, on a registry of this server's own (not prom-client's global one, so two
 * servers in one process, as in tests, never share counts). Served by `GET /metrics`.
 *
 * Labels take values from small fixed sets only (channel names, outcomes, decline reasons, route
 * patterns, status codes, store operations): never ids, paths or text.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AnswerEvent } from '../bot/observe';

/**
 * Upper bounds (seconds) of the answer duration buckets: most answers take milliseconds, a cold
 * or overloaded process up to seconds (WeChat gives up at 5 s).
 */
export const ANSWER_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface Metrics {
  registry: Registry;
  /** Every reply, by channel, outcome (answered, declined …) and decline reason (`none` when not declined). */
  answers: Counter<'channel' | 'outcome' | 'reason'>;
  /** Time the conversation logic took for a turn. */
  answerDuration: Histogram<'channel'>;
  /** Every HTTP response, by route pattern (`/api/clauses/:id`, `unmatched`) and status code. */
  httpRequests: Counter<'route' | 'status'>;
  /** WeChat / WeCom pushes that were retries of one already being (or already) answered. */
  wechatRetries: Counter<'channel'>;
  /** Failed key-value store calls (Redis down, timed out …), by operation. */
  storeErrors: Counter<'operation'>;
  /** Counts one answer event (bot/observe.ts). */
  observeAnswer(event: AnswerEvent): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const answers = new Counter({
    name: 'yibao_answers_total',
    help: 'Replies given, by channel, outcome and decline reason',
    labelNames: ['channel', 'outcome', 'reason'] as const,
    registers,
  });
  const answerDuration = new Histogram({
    name: 'yibao_answer_duration_seconds',
    help: 'Time the conversation logic took to reply to a turn',
    labelNames: ['channel'] as const,
    buckets: ANSWER_DURATION_BUCKETS,
    registers,
  });
  return {
    registry,
    answers,
    answerDuration,
    httpRequests: new Counter({
      name: 'yibao_http_requests_total',
      help: 'HTTP responses, by route pattern and status code',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    wechatRetries: new Counter({
      name: 'yibao_wechat_retries_total',
      help: 'WeChat and WeCom pushes that repeated one already answered or being answered',
      labelNames: ['channel'] as const,
      registers,
    }),
    storeErrors: new Counter({
      name: 'yibao_store_errors_total',
      help: 'Failed key-value store (Redis) calls, by operation',
      labelNames: ['operation'] as const,
      registers,
    }),
    observeAnswer({ channel, outcome, reason, seconds }) {
      answers.inc({ channel, outcome, reason });
      answerDuration.observe({ channel }, seconds);
    },
  };
}
