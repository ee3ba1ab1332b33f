/**
 * `.env`: configuration keys in a file, read at start, below the real environment (a key set in the
 * environment, even to an empty value, wins over the file). A missing file is fine.
 *
 * Format, as `.env.example` writes it: one `KEY=value` per line; blank lines and lines starting
 * with `#` are ignored; `export KEY=value` is accepted; an unquoted value ends at ` #` (a comment)
 * and is trimmed; a value in double quotes may hold `#`, spaces and the escapes `\n \r \t \" \\`;
 * a value in single quotes is taken as it is. A malformed line stops the server naming the file
 * and line, never the value (it may be a secret).
 */
import { readFileSync } from 'node:fs';
import { ConfigError, type Env } from './config';

/** The file read at start, relative to the working directory. */
export const DOTENV_FILE = '.env';

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The keys of a `.env` text; `file` names it in error messages. */
export function parseDotEnv(text: string, file = DOTENV_FILE): Record<string, string> {
  const keys: Record<string, string> = {};
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const where = `${file} line ${index + 1}`;
      const match = LINE.exec(line);
      if (!match) throw new ConfigError(`${where} is not KEY=value`);
      const [, key, rest] = match as unknown as [string, string, string];
      keys[key] = value(rest, `${where} (${key})`);
    });
  return keys;
}

function value(rest: string, where: string): string {
  const quote = rest[0];
  if (quote !== '"' && quote !== "'") return rest.replace(/(^|\s+)#.*$/, '').trim();
  let out = '';
  for (let i = 1; i < rest.length; i += 1) {
    const ch = rest[i] as string;
    if (ch === quote) {
      const after = rest.slice(i + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw new ConfigError(`${where} has text after the closing ${quote}`);
      return out;
    }
    if (quote === '"' && ch === '\\' && i + 1 < rest.length) {
      const next = rest[i + 1] as string;
      out += ESCAPES[next] ?? `\\${next}`;
      i += 1;
    } else {
      out += ch;
    }
  }
  throw new ConfigError(`${where} has no closing ${quote}`);
}

/** The keys of the `.env` file at `path`; none when there is no such file. */
export function readDotEnv(path = DOTENV_FILE): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseDotEnv(text, path);
}

/** `env` over the keys of the `.env` file at `path`: a key present in `env` wins, even when empty. */
export function withDotEnv(env: Env, path = DOTENV_FILE): Env {
  const merged: Env = { ...readDotEnv(path) };
  for (const [key, v] of Object.entries(env)) if (v !== undefined) merged[key] = v;
  return merged;
}
