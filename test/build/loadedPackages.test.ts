import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChildServer } from '../support/childServer';

const ROOT = join(import.meta.dirname, '../..');
const PRELOAD = join(import.meta.dirname, '../support/loadedPackages.cjs');
const PREFIX = 'LOADED_PACKAGES ';
/** A whole process: the corpus, the dictionary, and for the server the conversation app. */
const PROCESS_TIMEOUT_MS = 120_000;

function loadedPackages(output: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith(PREFIX));
  if (!line) throw new Error(`no ${PREFIX.trim()} line in:\n${output}`);
  return JSON.parse(line.slice(PREFIX.length)) as string[];
}

describe('packages each entry point loads', () => {
  it('npm run ask answers without loading express, botbuilder, teams-ai, the Redis client, pino, prom-client or SQLite', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--require', PRELOAD, 'cli/ask.ts', '灵活就业人员能参加职工医保吗'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: '' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('灵活就业人员');
    const loaded = loadedPackages(run.stderr);
    expect(loaded).toContain('nodejieba');
    for (const name of ['express', 'botbuilder', '@microsoft/teams-ai', 'redis', '@redis/client', 'pino', 'prom-client', 'better-sqlite3']) expect(loaded).not.toContain(name);
  }, PROCESS_TIMEOUT_MS);

  it('a server without REDIS_URL loads express and botbuilder but never the Redis client', async () => {
    const server = await startChildServer({ NODE_OPTIONS: `--require ${PRELOAD}` });
    try {
      await server.waitForOutput('conversation app (botbuilder, teams-ai) loaded');
      server.signal('SIGTERM');
      await server.exited;
      const loaded = loadedPackages(server.output());
      expect(loaded).toEqual(expect.arrayContaining(['express', 'botbuilder', 'better-sqlite3']));
      for (const name of ['redis', '@redis/client']) expect(loaded).not.toContain(name);
    } finally {
      await server.kill();
    }
  }, PROCESS_TIMEOUT_MS);
});
