import { createConversation } from '../bot/conversation';
import { createAnswerEngine, type AnswerEngine } from '../bot/engine';
import { withoutMemory } from '../bot/withoutMemory';
import { observeConversation } from '../bot/observe';
import { DEFAULT_CONVERSATION_TTL_MS } from '../bot/retention';
import type { Answer, ConversationHandler, ConversationState } from '../bot/types';
import { loadKnowledgeBase, type Retriever } from '../knowledge/knowledgeBase';
import { loadLexicon } from '../knowledge/lexicon';
import { createSegmenter } from '../knowledge/segmenter';
import type { KeyValueStore } from '../state/kv';
import { MemoryStore } from '../state/memory';
import type { ReviewStore } from '../state/reviewStore';
import { SqliteReviewStore } from '../state/sqliteReviewStore';
import { recordingDeclines } from '../review/recorder';
import { startQuestionSync, type QuestionSync } from '../review/sync';
import type { Config } from './config';
import { markStartup } from './startupTimes';
import { createTelemetry, type Telemetry } from './telemetry';

/** How long the JSON API and CLI remember a conversation by default (ms): a day of silence ends it. */
export const CONVERSATION_TTL_MS = DEFAULT_CONVERSATION_TTL_MS;

export interface AskOptions {
  conversationId?: string;
  /** Region code chosen by the caller (a form field), used when the question names none. */
  region?: string;
}

/** Everything the channels share: the knowledge base, the engine and the conversation logic. */
export interface Services {
  kb: Retriever;
  engine: AnswerEngine;
  conversation: ConversationHandler;
  /** One question through the conversation logic, remembering state per `conversationId`. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  store: KeyValueStore;
  /** The logger and metrics every channel reports to; answers are counted as they are given. */
  telemetry: Telemetry;
  /** Declined questions, votes, picks and attached questions (state/reviewStore.ts). */
  review: ReviewStore;
  /** Keeps the knowledge base in step with the questions staff attach, on any replica. */
  questions: QuestionSync;
}

const stateKey = (conversationId: string) => `api:conversation:${conversationId}`;

/** `review` defaults to a throwaway in-memory database (tests, CLI); `server/main.ts` passes the configured one. */
export async function loadServices(
  config: Config,
  store: KeyValueStore = new MemoryStore(),
  telemetry: Telemetry = createTelemetry(config),
  review: ReviewStore = new SqliteReviewStore(':memory:'),
): Promise<Services> {
  /** Where a failed read or write of conversation state is reported: the store's error, never the question. */
  const logStoreFailure = (what: string, error: unknown) =>
    telemetry.log.warn({ module: 'services', error: error instanceof Error ? error.message : String(error) }, `conversation state not ${what}`);
  // The jieba dictionary on its own first, so start-up can report it; the knowledge base reuses it.
  createSegmenter(loadLexicon().userDictPath);
  markStartup('dictionary');
  const kb = loadKnowledgeBase({
    corpusDir: config.corpusDir,
    indexCacheDir: config.indexCacheDir,
    log: (level, message) => telemetry.log[level]({ module: 'knowledge' }, message),
  });
  markStartup('knowledge');
  const engine = createAnswerEngine(kb);
  const questions = await startQuestionSync({ kb, store: review, intervalMs: config.reviewPollMs });
  const conversation = observeConversation(
    recordingDeclines(createConversation({ engine, kb, maxQuestionChars: config.maxQuestionChars }), review),
    (event) => telemetry.metrics.observeAnswer(event),
  );
  return {
    kb,
    engine,
    conversation,
    store,
    telemetry,
    review,
    questions,
    async ask(question, options = {}) {
      const key = options.conversationId ? stateKey(options.conversationId) : null;
      // A store that fails (down, or stalled past its timeout) costs the memory, not the answer.
      let memory = true;
      const saved = key
        ? await store.get(key).catch((error: unknown) => {
            memory = false;
            logStoreFailure('read, answering without it', error);
            return null;
          })
        : null;
      let state: ConversationState | undefined = saved ? (JSON.parse(saved) as ConversationState) : undefined;
      if (options.region && !state?.region) state = { turns: 0, ...state, region: options.region };
      const { reply, state: next } = conversation.respond(
        { channel: 'api', conversationId: options.conversationId ?? 'anonymous', userId: 'api', kind: 'message', text: question },
        state,
      );
      // Without the state read, `next` knows only this turn: writing it would overwrite the real state.
      if (key && memory) await store.set(key, JSON.stringify(next), config.conversationTtlMs).catch((error: unknown) => logStoreFailure('saved', error));
      const { answered, text, citations, followUps, reason } = memory ? reply : withoutMemory(reply);
      return reason ? { answered, text, citations, followUps, reason } : { answered, text, citations, followUps };
    },
  };
}
