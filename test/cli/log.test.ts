import { afterEach, describe, expect, it, vi } from 'vitest';
import { cliLog } from '../../cli/log';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The lines `write` made the log print on stderr, parsed. */
function printed(level: Parameters<typeof cliLog>[0], write: (log: ReturnType<typeof cliLog>) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  write(cliLog(level));
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the CLI log', () => {
  it('prints the index line at info as one JSON line on stderr, as the server would', () => {
    const [line] = printed('info', (log) => log.info({ module: 'knowledge' }, 'index: loaded'));
    expect(line).toMatchObject({ level: 'info', module: 'knowledge', msg: 'index: loaded' });
  });

  it('keeps to LOG_LEVEL: at warn it prints the warning and not the index line', () => {
    const lines = printed('warn', (log) => {
      log.info({ module: 'knowledge' }, 'index: loaded');
      log.warn({ module: 'knowledge' }, 'questions: 2 duplicates');
      log.debug({ module: 'knowledge' }, 'detail');
    });
    expect(lines.map((l) => l.msg)).toEqual(['questions: 2 duplicates']);
  });

  it('prints nothing at silent', () => {
    expect(printed('silent', (log) => log.error({ module: 'knowledge' }, 'index: unreadable'))).toEqual([]);
  });
});
