import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ConfigurationBotFrameworkAuthenticationOptions, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotFrameworkConfig } from './config';
import type { BotApp } from './app';
import { sendTooManyRequests, tooManyRequestsBody } from '../http/rateLimit';
import type { RateLimiter, Verdict } from '../rateLimiter';
import { consoleTurnErrorLogger, describeError, errorReply, redactId, type TurnErrorLogger } from './errors';
import { renderReply } from './render';
import { conversationKey, runInOrder } from './serialise';

const MODULE = 'adapters/botframework/route';

/** Where the Bot Framework (Azure Bot Service, Emulator, Direct Line) posts activities. */
export const BOT_FRAMEWORK_PATH = '/api/messages';

/** Largest accepted activity body; Teams activities with cards and mentions stay well below it. */
export const ACTIVITY_BODY_LIMIT = '256kb';

export interface BotFrameworkRouteOptions {
  /** Credentials; an empty `MicrosoftAppId` disables authentication (Emulator, local tests). */
  config: BotFrameworkConfig;
  app: BotApp;
  logger?: TurnErrorLogger;
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
    error: describeError(error),
  });
}

/**
 * `POST /api/messages` for the Bot Framework. Requests are authenticated by the CloudAdapter
 * (unsigned ones get 401 once an app id is configured); the JSON body parser is mounted on this
 * route only, so other channels keep their own formats. Replies go to the channel's connector,
 * or back in the response body when the activity asks for `deliveryMode: 'expectReplies'`.
 * An activity over its conversation's rate limit is not run: it gets 429 with `Retry-After`. The
 * limit is counted only once the request is authenticated, so nobody can use up another
 * conversation's allowance with forged activities.
 */
export function createBotFrameworkRoute(options: BotFrameworkRouteOptions): Router {
  const { app, config } = options;
  const logger = options.logger ?? consoleTurnErrorLogger;
  // TeamsAdapter reads the four Microsoft* keys from the object it is given, not from the environment.
  const adapter = new TeamsAdapter({ ...config } as ConfigurationBotFrameworkAuthenticationOptions);
  adapter.onTurnError = async (context, error) => {
    logTurnError(logger, context, error);
    try {
      await context.sendActivity(renderReply(errorReply(), context.activity.channelId));
    } catch (sendError) {
      logTurnError(logger, context, sendError);
    }
  };

  const router = express.Router();
  const { limiter } = options;
  router.post(BOT_FRAMEWORK_PATH, parseActivityBody, async (req, res) => {
    let refusal: Refusal | null = null;
    try {
      await adapter.process(req, deferredResponse(res, () => refusal), async (context) => {
        if (limiter) {
          const verdict = await limiter.take(conversationKey(context));
          if (!verdict.allowed) {
            refusal = { limiter, verdict };
            return;
          }
        }
        await runInOrder(app, context);
      });
    } catch (error) {
      // The adapter answers auth and turn failures itself; what escapes is a body that is JSON but no activity.
      if (!res.headersSent) res.status(400).type('text/plain').send(`${MODULE}: the body is not a Bot Framework activity`);
      else throw error;
    }
  });
  return router;
}

/** An activity the turn logic refused, and why. */
interface Refusal {
  limiter: RateLimiter;
  verdict: Verdict;
}

/**
 * The response handed to the adapter. The adapter writes status and body only after the turn
 * logic has run; when the logic refused the activity, a 429 with `Retry-After` is written instead.
 */
function deferredResponse(res: Response, refusal: () => Refusal | null) {
  let status = 200;
  let body: unknown;
  const deferred = {
    socket: res.socket,
    header(name: string, value: unknown) {
      res.header(name, String(value));
      return deferred;
    },
    status(code: number) {
      status = code;
      return deferred;
    },
    send(sent: unknown) {
      body = sent;
      return deferred;
    },
    end() {
      const refused = refusal();
      if (refused) sendTooManyRequests(res, tooManyRequestsBody(`${MODULE}: this conversation`, refused.limiter, refused.verdict), refused.verdict);
      else if (body === undefined) res.status(status).end();
      else res.status(status).send(body);
      return deferred;
    },
  };
  return deferred;
}

const jsonParser = express.json({ limit: ACTIVITY_BODY_LIMIT });

/**
 * The JSON body parser, answering its own errors (400 bad JSON, 413 too large) in plain text, so
 * they neither reach the application's error handler nor echo the body back.
 */
function parseActivityBody(req: Request, res: Response, next: NextFunction): void {
  jsonParser(req, res, (error?: unknown) => {
    if (!error) return next();
    const status = (error as { status?: unknown }).status === 413 ? 413 : 400;
    const reason = status === 413 ? `the activity is larger than ${ACTIVITY_BODY_LIMIT}` : 'the body is not valid JSON';
    res.status(status).type('text/plain').send(`${MODULE}: ${reason}`);
  });
}
