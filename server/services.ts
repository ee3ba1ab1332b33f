import { DEFAULT_CONVERSATION_TTL_MS } from '../bot/retention';
import type { KeyValueStore } from '../state/kv';
import { MemoryStore } from '../state/memory';
import type { ReviewStore } from '../state/reviewStore';
import { SqliteReviewStore } from '../state/sqliteReviewStore';
import type { QuestionSync } from '../review/sync';
import { loadAnswering, type Answering } from './answering';
import type { Config } from './config';
import { createTelemetry, type Telemetry } from './telemetry';

export type { AskOptions } from './answering';

/** How long the JSON API and CLI remember a conversation by default (ms): a day of silence ends it. */
export const CONVERSATION_TTL_MS = DEFAULT_CONVERSATION_TTL_MS;

/** Everything the channels share: what answers (answering.ts), with the server's state, logger, metrics and review database. */
export interface Services extends Answering {
  store: KeyValueStore;
  /** The logger and metrics every channel reports to; answers are counted as they are given. */
  telemetry: Telemetry;
  /** Declined questions, votes, picks and attached questions (state/reviewStore.ts). */
  review: ReviewStore;
  /** Keeps the knowledge base in step with the questions staff attach, on any replica. */
  questions: QuestionSync;
}

/** `review` defaults to a throwaway in-memory database (tests); `server/main.ts` passes the configured one. */
export async function loadServices(
  config: Config,
  store: KeyValueStore = new MemoryStore(),
  telemetry: Telemetry = createTelemetry(config),
  review: ReviewStore = new SqliteReviewStore(':memory:'),
): Promise<Services> {
  const answering = await loadAnswering(config, { store, log: telemetry.log, observe: (event) => telemetry.metrics.observeAnswer(event), review });
  if (!answering.questions) throw new Error('services: the question sync did not start');
  return { ...answering, questions: answering.questions, store, telemetry, review };
}
