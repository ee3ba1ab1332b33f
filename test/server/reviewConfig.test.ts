import { describe, expect, it } from 'vitest';
import { ConfigError, MIN_CONSOLE_TOKEN_CHARS, parseConfig } from '../../server/config';

describe('review loop configuration', () => {
  it('keeps the review database in ./data, mounts no review route and polls every 2 s by default', () => {
    expect(parseConfig({})).toMatchObject({ dataDir: 'data', consoleToken: null, reviewPollMs: 2000 });
  });

  it('reads DATA_DIR, CONSOLE_TOKEN and REVIEW_POLL_MS, trimming spaces', () => {
    expect(parseConfig({ DATA_DIR: ' /var/lib/yibao ', CONSOLE_TOKEN: ' 0123456789abcdef ', REVIEW_POLL_MS: '500' }))
      .toMatchObject({ dataDir: '/var/lib/yibao', consoleToken: '0123456789abcdef', reviewPollMs: 500 });
  });

  it(`refuses a staff token shorter than ${MIN_CONSOLE_TOKEN_CHARS} characters, which could be guessed`, () => {
    expect(() => parseConfig({ CONSOLE_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(() => parseConfig({ CONSOLE_TOKEN: 'secret' })).toThrow('config: CONSOLE_TOKEN must be at least 16 characters, got 6');
  });

  it('refuses a poll interval outside 10 ms – 10 minutes', () => {
    expect(() => parseConfig({ REVIEW_POLL_MS: '5' })).toThrow('config: REVIEW_POLL_MS must be between 10 and 600000, got 5');
  });
});
