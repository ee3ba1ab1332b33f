/**
 * The rate limits of this server, from the configuration: one limit for everything that answers
 * (per address on the web and JSON API, per openid / userid on WeChat and WeCom, per conversation
 * on the Bot Framework) and a higher one for the console's look-ups.
 */
import { createHttpLimits, type HttpLimits } from '../adapters/http/rateLimit';
import { RateLimiter } from '../adapters/rateLimiter';
import type { HitCounter } from '../state/counter';
import type { Config } from './config';

export interface Limits {
  answers: RateLimiter;
  lookups: RateLimiter;
  /** The same limits as middlewares for the HTTP routers (staff requests exempt). */
  http: HttpLimits;
  /** For the start-up output. */
  summary: string;
}

export function createLimits(config: Config, counter: HitCounter): Limits {
  const answers = new RateLimiter({ counter, name: 'answers', limit: config.rateLimitPerMinute });
  const lookups = new RateLimiter({ counter, name: 'lookups', limit: config.searchRateLimitPerMinute });
  const per = (limit: number) => (limit === 0 ? 'no limit' : `${limit} per minute`);
  const summary =
    `Rate limits: answers ${per(answers.limit)} and look-ups ${per(lookups.limit)} per client` +
    `${config.consoleToken ? ', none with the staff token' : ''}` +
    `${config.trustProxy === false ? '' : ` (client addresses from X-Forwarded-For, TRUST_PROXY=${String(config.trustProxy)})`}`;
  return { answers, lookups, http: createHttpLimits({ answers, lookups, staffToken: config.consoleToken }), summary };
}
