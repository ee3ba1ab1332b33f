import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type Env } from '../../server/config';

/** 43 base64 characters, the length WeChat and WeCom give an EncodingAESKey. */
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** The message parseConfig fails with (fails the test when it does not throw a ConfigError). */
function failure(env: Env): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('parseConfig did not throw');
}

describe('defaults', () => {
  it('runs with no environment at all: every key has a safe default and no channel is mounted', () => {
    expect(parseConfig({})).toEqual({
      port: 3978,
      host: '0.0.0.0',
      redisUrl: null,
      corpusDir: 'knowledge/corpus',
      maxQuestionChars: 500,
      wechatReplyDeadlineMs: 4500,
      wechatTimestampWindowSeconds: 300,
      wechat: null,
      wecom: null,
      botFramework: { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' },
      shutdownGraceMs: 10_000,
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 10_000,
      redisTimeoutMs: 500,
      memoryStoreMaxKeys: 20_000,
      logLevel: 'info',
      conversationTtlMs: 24 * 60 * 60 * 1000,
      dataDir: 'data',
      indexCacheDir: '.cache/index',
      consoleToken: null,
      reviewPollMs: 2000,
      rateLimitPerMinute: 60,
      searchRateLimitPerMinute: 600,
      trustProxy: false,
      webConcurrency: null,
    });
  });

  it('reads WEB_CONCURRENCY as a worker count from 1 to 64, unset meaning the default', () => {
    expect(parseConfig({ WEB_CONCURRENCY: '2' }).webConcurrency).toBe(2);
    expect(parseConfig({ WEB_CONCURRENCY: '' }).webConcurrency).toBeNull();
    expect(() => parseConfig({ WEB_CONCURRENCY: '0' })).toThrow('config: WEB_CONCURRENCY must be between 1 and 64, got 0');
    expect(() => parseConfig({ WEB_CONCURRENCY: 'all' })).toThrow('config: WEB_CONCURRENCY must be a whole number, got "all"');
  });

  it('reads .env.example as the defaults', () => {
    const env: Env = {};
    for (const line of readFileSync(join(import.meta.dirname, '../../.env.example'), 'utf8').split('\n')) {
      const m = /^([A-Za-z_]+)=(.*)$/u.exec(line.trim());
      if (m) env[m[1] as string] = m[2];
    }
    expect(parseConfig(env)).toEqual(parseConfig({}));
  });

  it('treats blank values as unset', () => {
    expect(parseConfig({ PORT: '  ', WECHAT_TOKEN: ' ', REDIS_URL: '' })).toEqual(parseConfig({}));
  });

  it('reads numbers, host, Redis and corpus folder, trimming spaces', () => {
    const config = parseConfig({
      PORT: ' 8080 ', HOST: '127.0.0.1', REDIS_URL: 'redis://localhost:6379', CORPUS_DIR: '/srv/corpus',
      MAX_QUESTION_CHARS: '300', WECHAT_REPLY_DEADLINE_MS: '4000', WECHAT_TIMESTAMP_WINDOW_SECONDS: '60',
    });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', redisUrl: 'redis://localhost:6379', corpusDir: '/srv/corpus',
      maxQuestionChars: 300, wechatReplyDeadlineMs: 4000, wechatTimestampWindowSeconds: 60,
    });
  });
});

describe('numbers', () => {
  it('names a port that is not a number', () => {
    expect(failure({ PORT: 'abc' })).toBe('config: PORT must be a whole number, got "abc"');
  });

  it('names a negative or fractional port as not a whole number', () => {
    expect(failure({ PORT: '-1' })).toBe('config: PORT must be a whole number, got "-1"');
    expect(failure({ PORT: '80.5' })).toBe('config: PORT must be a whole number, got "80.5"');
  });

  it('names a port out of range', () => {
    expect(failure({ PORT: '70000' })).toBe('config: PORT must be between 0 and 65535, got 70000');
  });

  it('names a question limit out of range', () => {
    expect(failure({ MAX_QUESTION_CHARS: '5' })).toBe('config: MAX_QUESTION_CHARS must be between 10 and 100000, got 5');
  });

  it('keeps the WeChat deadline inside the five seconds the platform allows', () => {
    expect(failure({ WECHAT_REPLY_DEADLINE_MS: '5000' })).toBe('config: WECHAT_REPLY_DEADLINE_MS must be between 100 and 4900, got 5000');
  });

  it('keeps the WeChat timestamp window between a second and a day', () => {
    expect(failure({ WECHAT_TIMESTAMP_WINDOW_SECONDS: '0' })).toBe('config: WECHAT_TIMESTAMP_WINDOW_SECONDS must be between 1 and 86400, got 0');
    expect(failure({ WECHAT_TIMESTAMP_WINDOW_SECONDS: '90000' })).toBe('config: WECHAT_TIMESTAMP_WINDOW_SECONDS must be between 1 and 86400, got 90000');
  });
});

describe('WeChat', () => {
  it('is mounted with token and app id, in plaintext mode without an AES key', () => {
    expect(parseConfig({ WECHAT_TOKEN: 'tok', WECHAT_APP_ID: 'wx123' }).wechat).toEqual({
      token: 'tok', appId: 'wx123', encodingAESKey: null, appSecret: null, apiBase: 'https://api.weixin.qq.com',
    });
  });

  it('takes the AES key, the app secret and another API base', () => {
    const config = parseConfig({
      WECHAT_TOKEN: 'tok', WECHAT_APP_ID: 'wx123', WECHAT_ENCODING_AES_KEY: AES_KEY, WECHAT_APP_SECRET: 'secret',
      WECHAT_API_BASE: 'http://127.0.0.1:9999',
    });
    expect(config.wechat).toEqual({ token: 'tok', appId: 'wx123', encodingAESKey: AES_KEY, appSecret: 'secret', apiBase: 'http://127.0.0.1:9999' });
  });

  it('names the missing app id when only the token is set', () => {
    expect(failure({ WECHAT_TOKEN: 'tok' })).toBe('config: WeChat is half-configured: WECHAT_APP_ID missing (set it, or unset WECHAT_TOKEN)');
  });

  it('names the missing token when only the app id is set', () => {
    expect(failure({ WECHAT_APP_ID: 'wx123' })).toBe('config: WeChat is half-configured: WECHAT_TOKEN missing (set it, or unset WECHAT_APP_ID)');
  });

  it('names both keys when only the AES key or the secret is set', () => {
    expect(failure({ WECHAT_ENCODING_AES_KEY: AES_KEY })).toBe('config: WeChat is half-configured: WECHAT_TOKEN, WECHAT_APP_ID missing');
    expect(failure({ WECHAT_APP_SECRET: 'secret' })).toBe('config: WeChat is half-configured: WECHAT_TOKEN, WECHAT_APP_ID missing');
  });

  it('names an AES key of the wrong length', () => {
    expect(failure({ WECHAT_TOKEN: 'tok', WECHAT_APP_ID: 'wx123', WECHAT_ENCODING_AES_KEY: AES_KEY.slice(0, 42) }))
      .toBe('config: WECHAT_ENCODING_AES_KEY must be 43 base64 characters, got 42 characters');
  });

  it('names an AES key with characters outside base64', () => {
    expect(failure({ WECHAT_TOKEN: 'tok', WECHAT_APP_ID: 'wx123', WECHAT_ENCODING_AES_KEY: `${AES_KEY.slice(0, 42)}=` }))
      .toBe('config: WECHAT_ENCODING_AES_KEY must be 43 base64 characters, got 43 characters');
  });
});

describe('WeCom', () => {
  it('is mounted with all three keys', () => {
    expect(parseConfig({ WECOM_TOKEN: 'tok', WECOM_CORP_ID: 'ww123', WECOM_ENCODING_AES_KEY: AES_KEY }).wecom)
      .toEqual({ token: 'tok', corpId: 'ww123', encodingAESKey: AES_KEY });
  });

  it('names the missing key of a partial configuration and the keys to unset', () => {
    expect(failure({ WECOM_TOKEN: 'tok', WECOM_CORP_ID: 'ww123' }))
      .toBe('config: WeCom is half-configured: WECOM_ENCODING_AES_KEY missing (set it, or unset WECOM_TOKEN, WECOM_CORP_ID)');
  });

  it('names every missing key', () => {
    expect(failure({ WECOM_CORP_ID: 'ww123' }))
      .toBe('config: WeCom is half-configured: WECOM_TOKEN, WECOM_ENCODING_AES_KEY missing (set it, or unset WECOM_CORP_ID)');
  });

  it('names an AES key of the wrong length', () => {
    expect(failure({ WECOM_TOKEN: 'tok', WECOM_CORP_ID: 'ww123', WECOM_ENCODING_AES_KEY: 'short' }))
      .toBe('config: WECOM_ENCODING_AES_KEY must be 43 base64 characters, got 5 characters');
  });
});

describe('Bot Framework', () => {
  it('runs unauthenticated without an app id', () => {
    expect(parseConfig({}).botFramework.MicrosoftAppId).toBe('');
  });

  it('takes a multi-tenant app with its password', () => {
    expect(parseConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' }).botFramework)
      .toEqual({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
  });

  it('names the missing password of an app id', () => {
    expect(failure({ MicrosoftAppId: 'app' })).toBe('config: Bot Framework is half-configured: MicrosoftAppPassword missing');
  });

  it('names the missing tenant of a single-tenant app', () => {
    expect(failure({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' }))
      .toBe('config: Bot Framework is half-configured: MicrosoftAppTenantId missing (MicrosoftAppType is SingleTenant)');
  });

  it('takes a managed identity without a password but with a tenant', () => {
    const config = parseConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant' });
    expect(config.botFramework).toEqual({ MicrosoftAppId: 'app', MicrosoftAppPassword: '', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant' });
    expect(failure({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI' }))
      .toBe('config: Bot Framework is half-configured: MicrosoftAppTenantId missing (MicrosoftAppType is UserAssignedMSI)');
  });

  it('names an unknown app type and lists the valid ones', () => {
    expect(failure({ MicrosoftAppType: 'Multitenant' }))
      .toBe('config: MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI, got "Multitenant"');
  });
});

describe('shutdown, slow clients and the store', () => {
  it('reads the grace period, request and header timeouts, Redis timeout and memory store size', () => {
    const config = parseConfig({
      SHUTDOWN_GRACE_MS: '3000', REQUEST_TIMEOUT_MS: '8000', HEADERS_TIMEOUT_MS: '2000', REDIS_TIMEOUT_MS: '250', MEMORY_STORE_MAX_KEYS: '5000',
    });
    expect(config).toMatchObject({
      shutdownGraceMs: 3000, requestTimeoutMs: 8000, headersTimeoutMs: 2000, redisTimeoutMs: 250, memoryStoreMaxKeys: 5000,
    });
  });

  it('allows a grace period of zero: connections still open at shutdown are destroyed at once', () => {
    expect(parseConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
  });

  it('shortens the default header timeout to a shorter request timeout', () => {
    expect(parseConfig({ REQUEST_TIMEOUT_MS: '5000' })).toMatchObject({ requestTimeoutMs: 5000, headersTimeoutMs: 5000 });
  });

  it('refuses a header timeout longer than the request timeout, naming both', () => {
    expect(failure({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toBe(
      'config: HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS (5000), got 6000',
    );
  });

  it('refuses a Redis timeout of zero and a memory store without room', () => {
    expect(failure({ REDIS_TIMEOUT_MS: '0' })).toBe('config: REDIS_TIMEOUT_MS must be between 1 and 600000, got 0');
    expect(failure({ MEMORY_STORE_MAX_KEYS: '0' })).toBe('config: MEMORY_STORE_MAX_KEYS must be between 1 and 10000000, got 0');
  });

  it('refuses a grace period that is not a whole number', () => {
    expect(failure({ SHUTDOWN_GRACE_MS: '10s' })).toBe('config: SHUTDOWN_GRACE_MS must be a whole number, got "10s"');
  });
});

describe('operations', () => {
  it('reads the log level and names one it does not know, listing the valid ones', () => {
    expect(parseConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(parseConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(failure({ LOG_LEVEL: 'verbose' })).toBe('config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"');
  });

  it('keeps conversation state the hours it is told, at most a week', () => {
    expect(parseConfig({ CONVERSATION_TTL_HOURS: '2' }).conversationTtlMs).toBe(2 * 60 * 60 * 1000);
    expect(parseConfig({ CONVERSATION_TTL_HOURS: '168' }).conversationTtlMs).toBe(7 * 24 * 60 * 60 * 1000);
    expect(failure({ CONVERSATION_TTL_HOURS: '2160' })).toBe('config: CONVERSATION_TTL_HOURS must be between 1 and 168, got 2160');
    expect(failure({ CONVERSATION_TTL_HOURS: '0' })).toBe('config: CONVERSATION_TTL_HOURS must be between 1 and 168, got 0');
  });
});

describe('rate limits, staff token and proxies', () => {
  it('reads both limits, 0 turning a limit off, and the staff token', () => {
    expect(parseConfig({ RATE_LIMIT_PER_MINUTE: '20', SEARCH_RATE_LIMIT_PER_MINUTE: '0', CONSOLE_TOKEN: ' s3cret-staff-token ' })).toMatchObject({
      rateLimitPerMinute: 20, searchRateLimitPerMinute: 0, consoleToken: 's3cret-staff-token',
    });
  });

  it('names a limit that is not a whole number', () => {
    expect(failure({ RATE_LIMIT_PER_MINUTE: '60/min' })).toBe('config: RATE_LIMIT_PER_MINUTE must be a whole number, got "60/min"');
    expect(failure({ SEARCH_RATE_LIMIT_PER_MINUTE: '2000000' })).toBe('config: SEARCH_RATE_LIMIT_PER_MINUTE must be between 0 and 1000000, got 2000000');
  });

  it('trusts no proxy by default or with false, a number of hops, or a list of addresses, subnets and range names', () => {
    expect(parseConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.20' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.20']);
  });

  it('refuses TRUST_PROXY=true, which would let every client choose its address', () => {
    expect(failure({ TRUST_PROXY: 'true' })).toBe(
      'config: TRUST_PROXY=true would let every client choose its own address; give the hop count or the proxy addresses (e.g. "loopback" or "10.0.0.0/8")',
    );
  });

  it('names a TRUST_PROXY entry that is no address, subnet or range name, and a hop count of 0', () => {
    expect(failure({ TRUST_PROXY: 'loopback,nginx' })).toBe('config: TRUST_PROXY must be a hop count or addresses, subnets or loopback/linklocal/uniquelocal, got "nginx"');
    expect(failure({ TRUST_PROXY: '10.0.0.0/33' })).toBe('config: TRUST_PROXY must be a hop count or addresses, subnets or loopback/linklocal/uniquelocal, got "10.0.0.0/33"');
    expect(failure({ TRUST_PROXY: '0' })).toBe('config: TRUST_PROXY must be between 1 and 10, got 0');
  });
});
