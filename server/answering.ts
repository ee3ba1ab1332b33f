/**
 * What answers a question, without the server around it: the knowledge base, the engine, the
 * conversation logic and `ask` with conversation state kept in a store. The server's services
 * (services.ts) add its logger, metrics and review database; the CLI (cli/ask.ts) uses this alone,
 * so a one-off question loads neither pino, prom-client nor SQLite.
 */
import type { Log } from '../adapters/log';
import { createConversation } from '../bot/conversation';
import { createAnswerEngine, type AnswerEngine } from '../bot/engine';
import { observeConversation, type AnswerListener } from '../bot/observe';
import type { Answer, ConversationHandler, ConversationState } from '../bot/types';
import { withoutMemory } from '../bot/withoutMemory';
import { loadKnowledgeBase, type Retriever } from '../knowledge/knowledgeBase';
import { loadLexicon } from '../knowledge/lexicon';
import { createSegmenter } from '../knowledge/segmenter';
import { recordingDeclines } from '../review/recorder';
import { startQuestionSync, type QuestionSync } from '../review/sync';
import type { KeyValueStore } from '../state/kv';
import type { ReviewStore } from '../state/reviewStore';
import type { Config } from './config';
import { markStartup } from './startupTimes';

export interface AskOptions {
  conversationId?: string;
  /** Region code chosen by the caller (a form field), used when the question names none. */
  region?: string;
}

export interface AnsweringOptions {
  /** Where conversation state is kept, per `conversationId`. */
  store: KeyValueStore;
  /** Where the knowledge base's lines and failed state reads and writes are reported. */
  log: Log;
  /** Told of every reply (the server's metrics); none: no one is. */
  observe?: AnswerListener;
  /**
   * Where declined questions are recorded and the questions staff attach come from (kept in step
   * on every replica); none: nothing is recorded and no attached question applies (the CLI).
   */
  review?: ReviewStore;
}

export interface Answering {
  kb: Retriever;
  engine: AnswerEngine;
  conversation: ConversationHandler;
  /** One question through the conversation logic, remembering state per `conversationId`. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Keeps the knowledge base in step with the questions staff attach; null without a review store. */
  questions: QuestionSync | null;
}

const stateKey = (conversationId: string) => `api:conversation:${conversationId}`;

export async function loadAnswering(config: Config, options: AnsweringOptions): Promise<Answering> {
  const { store, log, observe, review } = options;
  /** Where a failed read or write of conversation state is reported: the store's error, never the question. */
  const logStoreFailure = (what: string, error: unknown) =>
    log.warn({ module: 'services', error: error instanceof Error ? error.message : String(error) }, `conversation state not ${what}`);
  // The jieba dictionary on its own first, so start-up can report it; the knowledge base reuses it.
  createSegmenter(loadLexicon().userDictPath);
  markStartup('dictionary');
  const kb = loadKnowledgeBase({
    corpusDir: config.corpusDir,
    indexCacheDir: config.indexCacheDir,
    log: (level, message) => log[level]({ module: 'knowledge' }, message),
  });
  markStartup('knowledge');
  const engine = createAnswerEngine(kb);
  const questions = review ? await startQuestionSync({ kb, store: review, intervalMs: config.reviewPollMs }) : null;
  const answering = createConversation({ engine, kb, maxQuestionChars: config.maxQuestionChars });
  const recorded = review ? recordingDeclines(answering, review) : answering;
  const conversation = observe ? observeConversation(recorded, observe) : recorded;
  return {
    kb,
    engine,
    conversation,
    questions,
    async ask(question, askOptions = {}) {
      const key = askOptions.conversationId ? stateKey(askOptions.conversationId) : null;
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
      if (askOptions.region && !state?.region) state = { turns: 0, ...state, region: askOptions.region };
      const { reply, state: next } = conversation.respond(
        { channel: 'api', conversationId: askOptions.conversationId ?? 'anonymous', userId: 'api', kind: 'message', text: question },
        state,
      );
      // Without the state read, `next` knows only this turn: writing it would overwrite the real state.
      if (key && memory) await store.set(key, JSON.stringify(next), config.conversationTtlMs).catch((error: unknown) => logStoreFailure('saved', error));
      const { answered, text, citations, followUps, reason } = memory ? reply : withoutMemory(reply);
      return reason ? { answered, text, citations, followUps, reason } : { answered, text, citations, followUps };
    },
  };
}
