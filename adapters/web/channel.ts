/**
 * The web chat channel: a small REST API the chat page (and the embeddable widget) talks to.
 *
 *   POST /web/conversations                    → { conversationId }
 *   POST /web/conversations/:id/messages { text, userId? } → { replies: Reply[] }
 *   POST /web/conversations/:id/choices { clauseId } → { replies: Reply[] } (a "您想问的是" pick)
 *   POST /web/feedback { conversationId, clauseId, useful, reason? } → 204 (reason: one of NOT_USEFUL_REASONS)
 *   GET  /web/limits                           → { maxQuestionChars } (what the chat page counts against)
 *   GET  /web/feedback/:clauseId               → { clauseId, useful, notUseful } (counts only)
 *
 * A vote or pick counts only for a clause this conversation was shown (409 otherwise), and once
 * per clause per conversation (409 `already_voted`); it is kept with the masked question.
 *
 * Each message becomes a `Turn` on channel `web` and goes through the injected runner (the same
 * conversation app as every other channel). Errors are JSON `{ error: { code, message } }`.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ConversationRunner, Reply, Turn } from '../../bot/types';
import { describeValue, HttpError, jsonErrorHandler, notFound } from '../http/errors';
import { jsonBody } from '../http/jsonBody';
import { stderrLog, type Log } from '../log';
import { UNLIMITED, type HttpLimits } from '../http/rateLimit';
import * as check from '../http/validate';
import { MemoryStore } from '../../state/memory';
import { SqliteReviewStore } from '../../state/sqliteReviewStore';
import { NOT_USEFUL_REASONS, WebFeedback, type NotUsefulReason } from './feedback';
import { DEFAULT_MAX_QUESTION_CHARS } from '../../bot/input';

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
  /** Where votes and picks are kept; when omitted, a throwaway one in memory. */
  feedback?: WebFeedback;
  /** The reply showing a picked clause ("您想问的是"); none when omitted. */
  clauseReply?: (clauseId: string) => Reply | null;
  /** Where unexpected errors are logged (JSON lines on stderr when omitted). */
  log?: Log;
  /** Per-client rate limits (http/rateLimit.ts); none when omitted. */
  limits?: HttpLimits;
  /** Longest question the bot answers (MAX_QUESTION_CHARS), told to the chat page; the bot's default when omitted. */
  maxQuestionChars?: number;
}

/** The router, with its feedback exposed (for tests). */
export type WebChatRouter = Router & { feedback: WebFeedback };

export function createWebChatRouter(options: WebChatOptions): WebChatRouter {
  const { runner } = options;
  const log = options.log ?? stderrLog;
  const feedback = options.feedback ?? new WebFeedback(new MemoryStore(), new SqliteReviewStore(':memory:'), WEB_CHANNEL);
  const router = Router();
  const body = jsonBody(MODULE, WEB_BODY_LIMIT_BYTES);
  const limits = options.limits ?? UNLIMITED;
  router.post(['/web/conversations', '/web/conversations/:id/messages', '/web/feedback'], limits.answers);
  router.get('/web/feedback/:clauseId', limits.lookups);

  router.get('/web/limits', (_req, res) => {
    res.json({ maxQuestionChars: options.maxQuestionChars ?? DEFAULT_MAX_QUESTION_CHARS });
  });

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
    // A store that fails costs the votes on this answer, never the answer itself.
    await feedback.remember(conversationId, fields.text, replies).catch((error: unknown) => {
      log.warn({ module: MODULE, error: error instanceof Error ? error.message : String(error) }, 'answer not remembered for votes');
    });
    res.json({ replies });
  });

  router.post('/web/conversations/:id/choices', ...body, async (req, res) => {
    const conversationId = check.requiredId(MODULE, 'conversationId', req.params.id, check.CONVERSATION_ID_PATTERN);
    const fields = check.objectBody(MODULE, req.body);
    const clauseId = check.requiredId(MODULE, 'clauseId', fields.clauseId, check.CLAUSE_ID_PATTERN);
    if ((await feedback.pick(conversationId, clauseId)) === 'not_offered') {
      throw new HttpError(409, 'not_offered', '这个选项已失效，请重新提问。', `${MODULE}: clause ${describeValue(clauseId)} was not offered as a choice in conversation ${describeValue(conversationId)}`);
    }
    const reply = options.clauseReply?.(clauseId);
    res.json({ replies: reply ? [reply] : [] });
  });

  router.post('/web/feedback', ...body, async (req, res) => {
    const fields = check.objectBody(MODULE, req.body);
    const conversationId = check.requiredId(MODULE, 'conversationId', fields.conversationId, check.CONVERSATION_ID_PATTERN);
    const clauseId = check.requiredId(MODULE, 'clauseId', fields.clauseId, check.CLAUSE_ID_PATTERN);
    if (typeof fields.useful !== 'boolean') {
      throw new HttpError(400, 'invalid_type', '参数 useful 必须是 true 或 false。', `${MODULE}: "useful" must be a boolean, got ${describeValue(fields.useful)}`);
    }
    const reason = fields.reason ?? undefined;
    if (reason !== undefined && (fields.useful || !NOT_USEFUL_REASONS.includes(reason as NotUsefulReason))) {
      throw new HttpError(400, 'invalid_reason', `参数 reason 只能是${NOT_USEFUL_REASONS.join('、')}之一，且只用于“没用”。`, `${MODULE}: "reason" must be one of ${NOT_USEFUL_REASONS.join(', ')} on a vote that is not useful, got ${describeValue(reason)}`);
    }
    const outcome = await feedback.vote(conversationId, clauseId, fields.useful, reason as NotUsefulReason | undefined);
    if (outcome === 'not_answered') {
      throw new HttpError(409, 'not_answered', '只能对本次对话中的回答进行反馈。', `${MODULE}: clause ${describeValue(clauseId)} was not cited in conversation ${describeValue(conversationId)}`);
    }
    if (outcome === 'already_voted') {
      throw new HttpError(409, 'already_voted', '您已经对这条回答反馈过了。', `${MODULE}: conversation ${describeValue(conversationId)} already voted on clause ${describeValue(clauseId)}`);
    }
    res.status(204).end();
  });

  router.get('/web/feedback/:clauseId', async (req, res) => {
    const clauseId = check.requiredId(MODULE, 'clauseId', req.params.clauseId, check.CLAUSE_ID_PATTERN);
    res.json({ clauseId, ...(await feedback.counts(clauseId)) });
  });

  router.use('/web', (req) => {
    throw notFound(MODULE, 'route', `${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  router.use(jsonErrorHandler(MODULE, log));
  return Object.assign(router, { feedback });
}
