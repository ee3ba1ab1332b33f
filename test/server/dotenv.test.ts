import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';
import { DOTENV_FILE, parseDotEnv, readDotEnv, withDotEnv } from '../../server/dotenv';

const dir = mkdtempSync(join(tmpdir(), 'yibao-dotenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A `.env` file with `text` in a fresh folder; returns its path. */
function dotEnv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('.env format', () => {
  it('reads KEY=value lines, skipping blank lines and comments, trimming values', () => {
    expect(parseDotEnv('# 医保政策问答\n\nPORT=8080\n  HOST = 127.0.0.1  \nREDIS_URL=\n')).toEqual({ PORT: '8080', HOST: '127.0.0.1', REDIS_URL: '' });
  });

  it('ends an unquoted value at a comment', () => {
    expect(parseDotEnv('MAX_QUESTION_CHARS=300 # 问题最长字数\nREDIS_URL= # in memory')).toEqual({ MAX_QUESTION_CHARS: '300', REDIS_URL: '' });
  });

  it('keeps # inside a value that does not start a comment', () => {
    expect(parseDotEnv('WECHAT_TOKEN=abc#123')).toEqual({ WECHAT_TOKEN: 'abc#123' });
  });

  it('takes double-quoted values with #, spaces and escapes, and single-quoted values as they are', () => {
    expect(parseDotEnv('A="甘肃 # 兰州"\nB="line\\nnext \\"quoted\\""\nC=\'raw \\n $HOME\' # comment')).toEqual({
      A: '甘肃 # 兰州',
      B: 'line\nnext "quoted"',
      C: 'raw \\n $HOME',
    });
  });

  it('accepts export, Windows line ends and a byte order mark', () => {
    expect(parseDotEnv('\uFEFFexport PORT=8080\r\nHOST=0.0.0.0\r\n')).toEqual({ PORT: '8080', HOST: '0.0.0.0' });
  });

  it('lets a later line win over an earlier one for the same key', () => {
    expect(parseDotEnv('PORT=1\nPORT=2')).toEqual({ PORT: '2' });
  });

  it('refuses a line that is not KEY=value, naming the file and line but not the text', () => {
    expect(failure(() => parseDotEnv('PORT=8080\nmy-secret-token\n', '/srv/yibao/.env'))).toBe('config: /srv/yibao/.env line 2 is not KEY=value');
  });

  it('refuses an unclosed quote and text after a closing quote, naming the key', () => {
    expect(failure(() => parseDotEnv('WECHAT_APP_SECRET="s3cret'))).toBe('config: .env line 1 (WECHAT_APP_SECRET) has no closing "');
    expect(failure(() => parseDotEnv("HOST='a' b"))).toBe("config: .env line 1 (HOST) has text after the closing '");
  });

  it('reads .env.example to the same configuration as no environment at all', () => {
    const keys = readDotEnv(join(import.meta.dirname, '../../.env.example'));
    expect(keys.SHUTDOWN_GRACE_MS).toBe('10000');
    expect(parseConfig(keys)).toEqual(parseConfig({}));
  });
});

describe('.env at start', () => {
  it('is read from the working directory by default', () => {
    expect(DOTENV_FILE).toBe('.env');
  });

  it('is fine to be missing', () => {
    expect(withDotEnv({ PORT: '8080' }, join(dir, 'missing.env'))).toEqual({ PORT: '8080' });
  });

  it('fills in keys the environment does not set', () => {
    const path = dotEnv('fill.env', 'WECHAT_TOKEN=from-file\nMAX_QUESTION_CHARS=300\n');
    expect(withDotEnv({ WECHAT_APP_ID: 'wx-from-env' }, path)).toEqual({ WECHAT_TOKEN: 'from-file', MAX_QUESTION_CHARS: '300', WECHAT_APP_ID: 'wx-from-env' });
    expect(parseConfig(withDotEnv({ WECHAT_APP_ID: 'wx-from-env' }, path))).toMatchObject({
      maxQuestionChars: 300,
      wechat: { token: 'from-file', appId: 'wx-from-env' },
    });
  });

  it('loses to the real environment, even to a key set empty there', () => {
    const path = dotEnv('lose.env', 'PORT=8080\nREDIS_URL=redis://127.0.0.1:6379\nHOST=127.0.0.1\n');
    const env = withDotEnv({ PORT: '9000', REDIS_URL: '', HOST: undefined }, path);
    expect(env).toEqual({ PORT: '9000', REDIS_URL: '', HOST: '127.0.0.1' });
    expect(parseConfig(env)).toMatchObject({ port: 9000, redisUrl: null, host: '127.0.0.1' });
  });

  it('names the file when it cannot be read', () => {
    expect(failure(() => readDotEnv(dir))).toBe(`config: cannot read ${dir}: EISDIR: illegal operation on a directory, read`);
  });
});
