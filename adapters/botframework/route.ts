import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions, InvokeResponse, TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { PHRASES } from '../../bot/phrases';
import { clientError, HttpError } from '../http/errors';
import type { BotFrameworkConfig } from './config';
import type { BotApp } from './app';
import { consoleTurnErrorLogger, describeError, errorReply, redactId, type TurnErrorLogger } from './errors';
import { sendTooManyRequests, tooManyRequestsBody } from '../http/rateLimit';
import type { RateLimiter, Verdict } from '../rateLimiter';
import { renderReply } from './render';
import { unauthenticatedReplyRefusal } from './replyTarget';
import { conversationKey, runInOrder } from './serialise';

const MODULE = 'adapters/botframework/route';

import { BOT_FRAMEWORK_PATH } from './mode';

export { BOT_FRAMEWORK_PATH, botFrameworkMode } from './mode';

/** Largest accepted activity body; Teams activities with cards and mentions stay well below it. */
export const ACTIVITY_BODY_LIMIT_BYTES = 256 * 1024;

const OK = 200;
const UNAUTHORIZED = 401;
const FORBIDDEN = 403;

export interface BotFrameworkRouteOptions {
  /** Credentials; an empty `MicrosoftAppId` disables authentication (Emulator, local tests). */
  config: BotFrameworkConfig;
  app: BotApp;
  logger?: TurnErrorLogger;
  /** One line per refused or failed request (status, code, reason; never message text). */
  log?: (line: string) => void;
  /** Per-conversation limit, counted after authentication; none when omitted. */
  limiter?: RateLimiter;
}

function logTurnError(logger: TurnErrorLogger, context: TurnContext, error: unknown): void {
  const { activity } = context;
  logger.error({
    module: MODULE,
    channel: activity.channelId ?? 'unknown',
    conversation: redactId(activity.conversation?.id ?? ''),
    kind: activity.type ?? 'unknown',
    textChars: activity.text?.length ?? 0,
    error: describeError(error, activity.text),
  });
}

/**
 * The TeamsAdapter with its authenticate-and-run step callable from the route. `CloudAdapter.process`
 * would do the same, but it writes every failure (each unsigned request) to the console with its
 * stack trace; the route answers and logs failures itself, one line each.
 */
class RouteAdapter extends TeamsAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The posted activity, with its timestamps read as botbuilder does; 400 when the body is none. */
function readActivity(body: unknown): Activity {
  const isActivity = typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string' && (body as { type: string }).type !== '';
  if (!isActivity) throw new HttpError(400, 'invalid_activity', '请求内容不是 Bot Framework 活动（activity）。', `${MODULE}: the body is not a Bot Framework activity`);
  return validateAndFixActivity(body as Activity);
}

/** botframework-connector's AuthenticationError (not exported by botbuilder) carries its status as `statusCode`. */
function isAuthenticationFailure(error: unknown): error is Error {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && (status === UNAUTHORIZED || status === FORBIDDEN);
}

/**
 * `POST /api/messages` for the Bot Framework. With an app id, requests must carry a Bot Framework
 * token (401 otherwise). Without one nothing is authenticated, so replies go only to a loopback
 * `serviceUrl` (the Emulator) or back in the response (`deliveryMode: 'expectReplies'`); any other
 * activity gets 401 before its turn runs, and no request leaves the server (see `replyTarget.ts`).
 * The JSON body parser is mounted on this route only, so other channels keep their own formats.
 * Refusals are `{ error: { code, message } }` and one log line each, without a stack trace.
 */
export function createBotFrameworkRoute(options: BotFrameworkRouteOptions): Router {
  const { app, config, limiter } = options;
  const logger = options.logger ?? consoleTurnErrorLogger;
  const log = options.log ?? ((line: string) => console.warn(line));
  // TeamsAdapter reads the four Microsoft* keys from the object it is given, not from the environment.
  const adapter = new RouteAdapter({ ...config } as ConfigurationBotFrameworkAuthenticationOptions);
  adapter.onTurnError = async (context, error) => {
    logTurnError(logger, context, error);
    try {
      await context.sendActivity(renderReply(errorReply(), context.activity.channelId));
    } catch (sendError) {
      logTurnError(logger, context, sendError);
    }
  };

  const router = express.Router();
  router.post(BOT_FRAMEWORK_PATH, express.json({ limit: ACTIVITY_BODY_LIMIT_BYTES }), async (req, res) => {
    const activity = readActivity(req.body);
    const refusal = config.MicrosoftAppId ? null : unauthenticatedReplyRefusal(activity);
    if (refusal) {
      throw new HttpError(UNAUTHORIZED, 'reply_target_refused', '未配置 MicrosoftAppId 时，只能回复本机（Bot Framework Emulator）或在响应中返回回复。', `${MODULE}: ${refusal}`);
    }
    let response: InvokeResponse | undefined;
    // Counted only once the request is authenticated: nobody can use up another conversation's allowance.
    let refused: { limiter: RateLimiter; verdict: Verdict } | null = null;
    try {
      response = await adapter.run(req.headers.authorization ?? '', activity, async (context) => {
        if (limiter) {
          const verdict = await limiter.take(conversationKey(context));
          if (!verdict.allowed) {
            refused = { limiter, verdict };
            return;
          }
        }
        await runInOrder(app, context);
      });
    } catch (error) {
      if (!isAuthenticationFailure(error)) throw error;
      throw new HttpError(UNAUTHORIZED, 'unauthorized', '请求未通过 Bot Framework 身份验证。', `${MODULE}: ${error.message}`);
    }
    const over = refused as { limiter: RateLimiter; verdict: Verdict } | null;
    if (over) {
      sendTooManyRequests(res, tooManyRequestsBody(`${MODULE}: this conversation`, over.limiter, over.verdict), over.verdict);
      return;
    }
    res.status(response?.status ?? OK);
    if (response?.body === undefined) res.end();
    else res.json(response.body);
  });

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = clientError(MODULE, error, req);
    if (known) {
      log(`${known.en} (answered ${known.status} ${known.code})`);
      res.status(known.status).json(known.toBody());
      return;
    }
    log(`${MODULE}: ${req.method} ${BOT_FRAMEWORK_PATH} answered 500 (${describeError(error)})`);
    res.status(500).json(new HttpError(500, 'internal_error', PHRASES.error, `${MODULE}: internal error (see the server log)`).toBody());
  });
  return router;
}
