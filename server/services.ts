import { createConversation } from '../bot/conversation';
import { createAnswerEngine, type AnswerEngine } from '../bot/engine';
import type { Answer, ConversationHandler, ConversationState } from '../bot/types';
import { loadKnowledgeBase, type Retriever } from '../knowledge/knowledgeBase';
import type { KeyValueStore } from '../state/kv';
import { MemoryStore } from '../state/memory';
import type { ReviewStore } from '../state/reviewStore';
import { SqliteReviewStore } from '../state/sqliteReviewStore';
import { recordingDeclines } from '../review/recorder';
import { startQuestionSync, type QuestionSync } from '../review/sync';
import type { Config } from './config';

/** How long the JSON API and CLI remember a conversation (ms): a day of silence ends it. */
export const CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;

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
  review: ReviewStore = new SqliteReviewStore(':memory:'),
): Promise<Services> {
  const kb = loadKnowledgeBase({ corpusDir: config.corpusDir });
  const engine = createAnswerEngine(kb);
  const questions = await startQuestionSync({ kb, store: review, intervalMs: config.reviewPollMs });
  const conversation = recordingDeclines(createConversation({ engine, kb, maxQuestionChars: config.maxQuestionChars }), review);
  return {
    kb,
    engine,
    conversation,
    store,
    review,
    questions,
    async ask(question, options = {}) {
      const key = options.conversationId ? stateKey(options.conversationId) : null;
      const saved = key ? await store.get(key) : null;
      let state: ConversationState | undefined = saved ? (JSON.parse(saved) as ConversationState) : undefined;
      if (options.region && !state?.region) state = { turns: 0, ...state, region: options.region };
      const { reply, state: next } = conversation.respond(
        { channel: 'api', conversationId: options.conversationId ?? 'anonymous', userId: 'api', kind: 'message', text: question },
        state,
      );
      if (key) await store.set(key, JSON.stringify(next), CONVERSATION_TTL_MS);
      const { answered, text, citations, followUps, reason } = reply;
      return reason ? { answered, text, citations, followUps, reason } : { answered, text, citations, followUps };
    },
  };
}
