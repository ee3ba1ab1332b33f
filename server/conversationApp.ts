/**
 * The conversation app (botbuilder and @microsoft/teams-ai: about a second of module loading)
 * loaded beside the rest of the server instead of before it. The server listens, and the JSON API
 * and the hotline console answer, as soon as the knowledge base is loaded; `server/main.ts` then
 * calls `load()` once the server is idle (server/whenIdle.ts). The channels that run through the teams-ai Application (Bot Framework, web chat,
 * WeChat, WeCom) wait for it: a request that arrives while it loads is answered once it has loaded,
 * not refused (the wait is at most the load itself). Loaded on first use when nobody called
 * `load()` (tests composing the server). If it cannot be loaded, those channels answer 503
 * `conversation_app_unavailable` and `/readyz` reports it failed.
 */
import type { RequestHandler } from 'express';
import type { BotChannel, BotChannelOptions } from '../adapters/botframework/channel';
import { HttpError } from '../adapters/http/errors';
import type { ConversationRunner } from '../bot/types';

const MODULE = 'server/conversationApp';
const SERVICE_UNAVAILABLE = 503;

/** What `/readyz` says about the conversation app. */
export type ConversationAppState = 'not loaded' | 'loading' | 'loaded' | 'failed';

/** Milliseconds each step of the load took (the start-up breakdown of `npm run bench`). */
export interface ConversationAppTimings {
  botbuilder: number;
  teamsAi: number;
  /** The project's Bot Framework modules and building the Application. */
  botChannel: number;
}

/** Imports the packages one at a time, yielding between them so waiting requests are served. */
async function importChannel(options: BotChannelOptions, timings: Partial<ConversationAppTimings>): Promise<BotChannel> {
  const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
  let t = performance.now();
  await import('botbuilder');
  timings.botbuilder = Math.round(performance.now() - t);
  await yieldToRequests();
  t = performance.now();
  await import('@microsoft/teams-ai');
  timings.teamsAi = Math.round(performance.now() - t);
  await yieldToRequests();
  t = performance.now();
  const { createBotChannel } = await import('../adapters/botframework/channel');
  const channel = createBotChannel(options);
  timings.botChannel = Math.round(performance.now() - t);
  return channel;
}

export class ConversationApp {
  private current: ConversationAppState = 'not loaded';
  private loading: Promise<BotChannel> | null = null;
  private failure: unknown = null;
  private readonly partial: Partial<ConversationAppTimings> = {};

  constructor(private readonly options: BotChannelOptions) {}

  get state(): ConversationAppState {
    return this.current;
  }

  /** Why it failed to load (null unless `state` is `failed`). */
  get error(): unknown {
    return this.failure;
  }

  /** How long each step took, once loaded. */
  get timings(): ConversationAppTimings | null {
    return this.current === 'loaded' ? (this.partial as ConversationAppTimings) : null;
  }

  /** Starts loading (once); resolves when loaded. */
  load(): Promise<BotChannel> {
    if (!this.loading) {
      this.current = 'loading';
      this.loading = importChannel(this.options, this.partial).then(
        (channel) => {
          this.current = 'loaded';
          return channel;
        },
        (error: unknown) => {
          this.current = 'failed';
          this.failure = error;
          throw error;
        },
      );
    }
    return this.loading;
  }

  private async loaded(): Promise<BotChannel> {
    try {
      return await this.load();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(SERVICE_UNAVAILABLE, 'conversation_app_unavailable', '对话服务暂时不可用，请稍后再试或拨打12345。', `${MODULE}: botbuilder/teams-ai could not be loaded (${reason})`);
    }
  }

  /** The runner of the WeChat and web adapters: waits for the app, then runs the turn through it. */
  readonly runner: ConversationRunner = async (turn) => (await this.loaded()).runner(turn);

  /** Mounted at the Bot Framework path: waits for the app, then hands the request to its route. */
  readonly handler: RequestHandler = async (req, res, next) => {
    let channel: BotChannel;
    try {
      channel = await this.loaded();
    } catch (error) {
      const known = error as HttpError;
      res.status(known.status).json(known.toBody());
      return;
    }
    channel.route(req, res, next);
  };
}
