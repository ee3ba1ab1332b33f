import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { USAGE, runCli } from '../../cli/run';
import { PHRASES } from '../../bot/phrases';
import type { Answer } from '../../bot/types';
import { parseConfig } from '../../server/config';
import { loadServices, type Services } from '../../server/services';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS_DIR = join(ROOT, 'knowledge/corpus');

let services: Services;
let loads = 0;
const load = async () => {
  loads += 1;
  return services;
};

beforeAll(async () => {
  services = await loadServices(parseConfig({ CORPUS_DIR }));
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with in-memory streams; `input` is what arrives on stdin. */
async function cli(argv: string[], input = ''): Promise<Run> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  stdin.end(input);
  const code = await runCli(argv, load, { stdin, stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const lines = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('one question', () => {
  it('prints the answer and its sources for a person', async () => {
    const run = await cli(['灵活就业人员能参加职工医保吗']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('灵活就业人员');
    expect(run.stdout).toContain('\n出处：\n');
    expect(run.stdout).toMatch(/ {2}1\. 《[^》]+》.+ {2}\[[a-z0-9-]+:[^\]]+\]/u);
  });

  it('joins the words of an unquoted question', async () => {
    const run = await cli(['异地就医', '直接结算']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('出处：');
  });

  it('prints a refusal without sources', async () => {
    const run = await cli(['明天兰州会下雨吗']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${PHRASES.refusal}\n`);
  });

  it('prints the Answer JSON with its public field names', async () => {
    const run = await cli(['--json', '异地就医备案以后能直接结算吗']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as Answer;
    expect(Object.keys(answer)).toEqual(['answered', 'text', 'citations', 'followUps']);
    expect(answer.answered).toBe(true);
    for (const citation of answer.citations) {
      expect(Object.keys(citation)).toEqual(['docId', 'title', 'docNumber', 'clauseId', 'path', 'quote', 'region', 'kind', 'issuer', 'date', 'label']);
    }
  });

  it('answers from the region given with --region', async () => {
    const answer = JSON.parse((await cli(['--json', '--region', '青海', '异地就医直接结算现在怎么样'])).stdout) as Answer;
    expect(answer.citations[0]?.docId).toBe('qh-plan-2021');
  });
});

describe('usage', () => {
  it('exits with 2 and prints the usage on stderr when no question is given', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cli: no question given\n${USAGE}\n`);
  });

  it('exits with 2 when --region has no value', async () => {
    const run = await cli(['--region']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cli: --region needs a value\n${USAGE}\n`);
  });

  it.each([['--help'], ['-h']])('prints the usage on stdout for %s without loading the knowledge base', async (flag) => {
    const before = loads;
    const run = await cli([flag]);
    expect(run).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
    expect(loads).toBe(before);
  });
});

describe('--jsonl', () => {
  it('answers one line per input line with the same id', async () => {
    const input = [
      JSON.stringify({ id: 'a', question: '异地就医备案以后能直接结算吗' }),
      JSON.stringify({ id: 7, question: '生育津贴按什么工资算' }),
    ].join('\n');
    const run = await cli(['--jsonl'], input);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((l) => l.id)).toEqual(['a', 7]);
    for (const l of out) expect(l.answered).toBe(true);
  });

  it('keeps lines sharing a conversationId in one conversation', async () => {
    const input = [
      JSON.stringify({ id: 1, question: '灵活就业人员能参加职工医保吗', conversationId: 'cli-jsonl-1' }),
      JSON.stringify({ id: 2, question: '那青海呢', conversationId: 'cli-jsonl-1' }),
      JSON.stringify({ id: 3, question: '那青海呢', conversationId: 'cli-jsonl-2' }),
    ].join('\n');
    const out = lines((await cli(['--jsonl'], input)).stdout);
    const second = out[1] as unknown as Answer;
    expect(second.answered).toBe(true);
    expect(second.citations.map((c) => c.docId)).toContain('qh-plan-2021');
    expect((out[2] as unknown as Answer).answered).toBe(false);
  });

  it('reports a malformed line, answers the others and exits with 1', async () => {
    const input = [
      JSON.stringify({ id: 'ok-1', question: '异地就医备案以后能直接结算吗' }),
      '{"id": "broken", "question": ',
      JSON.stringify({ id: 'ok-2', question: '生育津贴按什么工资算' }),
    ].join('\n');
    const run = await cli(['--jsonl'], input);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out).toHaveLength(3);
    expect(out[0]?.id).toBe('ok-1');
    expect(out[0]?.answered).toBe(true);
    expect(out[1]?.id).toBeNull();
    expect(Object.keys(out[1] ?? {})).toEqual(['id', 'error']);
    expect(String(out[1]?.error)).toMatch(/^cli: line 2: /u);
    expect(out[2]?.id).toBe('ok-2');
    expect(out[2]?.answered).toBe(true);
  });

  it('keeps the id of a line whose question is not a string', async () => {
    const run = await cli(['--jsonl'], JSON.stringify({ id: 'q', question: 42 }));
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([{ id: 'q', error: 'cli: line 1: "question" must be a string' }]);
  });

  it('skips blank lines but counts them in line numbers', async () => {
    const input = `${JSON.stringify({ id: 'x', question: '异地就医怎么备案' })}\n\n{oops}\n`;
    const run = await cli(['--jsonl'], input);
    const out = lines(run.stdout);
    expect(out).toHaveLength(2);
    expect(String(out[1]?.error)).toMatch(/^cli: line 3: /u);
  });

  it('exits with 0 and prints nothing for empty input', async () => {
    expect(await cli(['--jsonl'], '')).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('the ask command', () => {
  it('prints the Answer JSON from a real process', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'cli/ask.ts', '--json', '异地就医备案以后能直接结算吗'], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR },
      timeout: 20_000,
    });
    const answer = JSON.parse(stdout) as Answer;
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('异地就医');
  }, 25_000);
});
