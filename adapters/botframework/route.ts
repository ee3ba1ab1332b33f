import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ConfigurationBotFrameworkAuthenticationOptions, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotFrameworkConfig } from './config';
import type { BotApp } from './app';
import { consoleTurnErrorLogger, describeError, errorReply, redactId, type TurnErrorLogger } from './errors';
import { renderReply } from './render';
import { runInOrder } from './serialise';

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
 * `POST /api/messages` for the Bot Framework. Requests are authenticated by the CloudAdapter
 * (unsigned ones get 401 once an app id is configured); the JSON body parser is mounted on this
 * route only, so other channels keep their own formats. Replies go to the channel's connector,
 * or back in the response body when the activity asks for `deliveryMode: 'expectReplies'`.
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
  router.post(BOT_FRAMEWORK_PATH, parseActivityBody, async (req, res) => {
    try {
      await adapter.process(req, res, async (context) => {
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
