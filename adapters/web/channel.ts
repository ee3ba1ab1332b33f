/**
 * The web chat channel: a small REST API the chat page (and the embeddable widget) talks to.
 *
 *   POST /web/conversations                    → { conversationId }
 *   POST /web/conversations/:id/messages { text, userId? } → { replies: Reply[] }
 *   POST /web/feedback { conversationId, clauseId, useful } → 204
 *   GET  /web/feedback/:clauseId               → { clauseId, useful, notUseful } (counts only)
 *
 * Each message becomes a `Turn` on channel `web` and goes through the injected runner (the same
 * conversation app as every other channel). Errors are JSON `{ error: { code, message } }`.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ConversationRunner, Reply, Turn } from '../../bot/types';
import { describeValue, HttpError, jsonErrorHandler, notFound } from '../http/errors';
import { jsonBody } from '../http/jsonBody';
import { UNLIMITED, type HttpLimits } from '../http/rateLimit';
import * as check from '../http/validate';
import { FeedbackCounter } from './feedback';

const MODULE = 'web';

/** Channel name written into every turn. */
export const WEB_CHANNEL = 'web';

/**
 * Largest request body. Long questions are not refused here: the bot answers them with its own
 * "too long" message, which is friendlier; this only stops abuse.
 */
export const WEB_BODY_LIMIT_BYTES = 32 * 1024;

export interface WebChatOptions {
  runner: ConversationRunner;
  /** Where votes are counted; a fresh in-memory counter when omitted. */
  feedback?: FeedbackCounter;
  /** Per-client rate limits (http/rateLimit.ts); none when omitted. */
  limits?: HttpLimits;
}

/** The router, with its vote counter exposed (for tests and a future report). */
export type WebChatRouter = Router & { feedback: FeedbackCounter };

export function createWebChatRouter(options: WebChatOptions): WebChatRouter {
  const { runner } = options;
  const feedback = options.feedback ?? new FeedbackCounter();
  const router = Router();
  const body = jsonBody(MODULE, WEB_BODY_LIMIT_BYTES);
  const limits = options.limits ?? UNLIMITED;
  router.post(['/web/conversations', '/web/conversations/:id/messages', '/web/feedback'], limits.answers);
  router.get('/web/feedback/:clauseId', limits.lookups);

  router.post('/web/conversations', (_req, res) => {
    res.status(201).json({ conversationId: randomUUID() });
  });

  router.post('/web/conversations/:id/messages', ...body, limits.oneAtATime, async (req, res) => {
    const conversationId = check.requiredId(MODULE, 'conversationId', req.params.id, check.CONVERSATION_ID_PATTERN);
    const fields = check.objectBody(MODULE, req.body);
    if (fields.text === undefined || fields.text === null) {
      throw new HttpError(400, 'missing_text', '缺少消息内容 text。', `${MODULE}: "text" is required`);
    }
    if (typeof fields.text !== 'string') {
      throw new HttpError(400, 'invalid_type', '参数 text 的类型不对。', `${MODULE}: "text" must be a string, got ${describeValue(fields.text)}`);
    }
    const userId = check.optionalId(MODULE, 'userId', fields.userId, check.CONVERSATION_ID_PATTERN) ?? conversationId;
    const turn: Turn = { channel: WEB_CHANNEL, conversationId, userId, kind: 'message', text: fields.text };
    const replies: Reply[] = await runner(turn);
    res.json({ replies });
  });

  router.post('/web/feedback', ...body, (req, res) => {
    const fields = check.objectBody(MODULE, req.body);
    check.requiredId(MODULE, 'conversationId', fields.conversationId, check.CONVERSATION_ID_PATTERN);
    const clauseId = check.requiredId(MODULE, 'clauseId', fields.clauseId, check.CLAUSE_ID_PATTERN);
    if (typeof fields.useful !== 'boolean') {
      throw new HttpError(400, 'invalid_type', '参数 useful 必须是 true 或 false。', `${MODULE}: "useful" must be a boolean, got ${describeValue(fields.useful)}`);
    }
    feedback.record(clauseId, fields.useful);
    res.status(204).end();
  });

  router.get('/web/feedback/:clauseId', (req, res) => {
    const clauseId = check.requiredId(MODULE, 'clauseId', req.params.clauseId, check.CLAUSE_ID_PATTERN);
    res.json({ clauseId, ...feedback.get(clauseId) });
  });

  router.use('/web', (req) => {
    throw notFound(MODULE, 'route', `${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  router.use(jsonErrorHandler(MODULE));
  return Object.assign(router, { feedback });
}
