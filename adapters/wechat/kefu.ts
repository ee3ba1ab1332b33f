/**
 * 客服消息: sends an answer that missed the 5-second passive-reply window, for verified
 * accounts that have the customer-service API (接口权限 → 客服消息).
 *
 * The access_token comes from POST /cgi-bin/stable_token and is cached in the shared
 * KeyValueStore until shortly before it expires, so replicas share one token instead of each
 * spending the daily quota. The platform allows 5 messages within 48 h of the user's last message;
 * past that it answers errcode 45015, which surfaces as a WeChatApiError.
 */
import type { WeChatConfig } from './config';
import type { KeyValueStore } from '../../state/kv';
import { WeChatApiError, WeChatRequestError } from './errors';

export const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';
export const CUSTOM_SEND_PATH = '/cgi-bin/message/custom/send';
/** Store key prefix of cached access tokens (one per AppID). */
export const TOKEN_KEY_PREFIX = 'wechat:access_token:';
/** Renew this long before the token expires; the platform itself refreshes stable tokens 5 min early. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** A call to the WeChat API that takes longer is abandoned. */
export const API_TIMEOUT_MS = 10_000;
/** errcodes meaning the cached token is no longer valid (invalid credential, invalid token, expired). */
const STALE_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
const MS_PER_SECOND = 1000;
const HTTP_BAD_GATEWAY = 502;

/** Sends a text to a user outside a passive reply. */
export interface LateSender {
  sendText(openid: string, content: string): Promise<void>;
}

export interface KefuSenderOptions {
  appId: string;
  appSecret: string;
  /** Base URL of the WeChat API, e.g. `https://api.weixin.qq.com` (a local fake in tests). */
  apiBase: string;
  store: KeyValueStore;
  fetch?: typeof fetch;
}

interface ApiAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: unknown;
  expires_in?: unknown;
}

export class KefuSender implements LateSender {
  private readonly fetch: typeof fetch;
  private readonly tokenKey: string;
  private readonly apiBase: string;
  /** One token request at a time on this replica. */
  private tokenRequest: Promise<string> | null = null;

  constructor(private readonly options: KefuSenderOptions) {
    this.fetch = options.fetch ?? fetch;
    this.tokenKey = TOKEN_KEY_PREFIX + options.appId;
    this.apiBase = options.apiBase.replace(/\/+$/, '');
  }

  async sendText(openid: string, content: string): Promise<void> {
    const payload = { touser: openid, msgtype: 'text', text: { content } };
    try {
      await this.call(CUSTOM_SEND_PATH, payload, await this.accessToken());
    } catch (error) {
      if (!(error instanceof WeChatApiError && STALE_TOKEN_ERRCODES.has(error.errcode))) throw error;
      await this.options.store.delete(this.tokenKey);
      await this.call(CUSTOM_SEND_PATH, payload, await this.accessToken());
    }
  }

  /** The cached access_token, or a new one when there is none. */
  async accessToken(): Promise<string> {
    const cached = await this.options.store.get(this.tokenKey);
    if (cached) return cached;
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = null;
    });
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const { appId, appSecret, store } = this.options;
    const answer = await this.call(STABLE_TOKEN_PATH, { grant_type: 'client_credential', appid: appId, secret: appSecret });
    const { access_token: token, expires_in: expiresIn } = answer;
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
      throw new WeChatRequestError(`${endpointName(STABLE_TOKEN_PATH)} answered without access_token and expires_in`, HTTP_BAD_GATEWAY, 'upstream_error');
    }
    const ttlMs = expiresIn * MS_PER_SECOND - TOKEN_REFRESH_MARGIN_MS;
    if (ttlMs > 0) await store.set(this.tokenKey, token, ttlMs);
    return token;
  }

  private async call(path: string, payload: object, accessToken?: string): Promise<ApiAnswer> {
    const query = accessToken === undefined ? '' : `?access_token=${encodeURIComponent(accessToken)}`;
    const response = await this.fetch(`${this.apiBase}${path}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
    const endpoint = endpointName(path);
    if (!response.ok) throw new WeChatRequestError(`${endpoint} answered HTTP ${response.status}`, HTTP_BAD_GATEWAY, 'upstream_error');
    const answer = (await response.json().catch(() => {
      throw new WeChatRequestError(`${endpoint} answered with a body that is not JSON`, HTTP_BAD_GATEWAY, 'upstream_error');
    })) as ApiAnswer;
    if (answer.errcode) throw new WeChatApiError(endpoint, answer.errcode, answer.errmsg ?? '');
    return answer;
  }
}

/** The 客服 sender for a configured 公众号, or undefined when no AppSecret is set (late answers are then dropped). */
export function kefuFromConfig(config: WeChatConfig, store: KeyValueStore): KefuSender | undefined {
  const { appId, appSecret, apiBase } = config;
  return appSecret ? new KefuSender({ appId, appSecret, apiBase, store }) : undefined;
}

/** `/cgi-bin/message/custom/send` → `custom/send`, as errors name it. */
function endpointName(path: string): string {
  return path.replace(/^\/cgi-bin\/(message\/)?/, '');
}
