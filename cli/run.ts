import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Answer } from '../bot/types';
import { citationLabel } from '../bot/citation';
import type { Answering } from '../server/answering';

export const USAGE = `用法 / usage:
  npm run ask -- "问题"            print the answer for a person
  npm run ask -- --json "问题"     print the answer JSON
  npm run ask -- --region 甘肃 "问题"
  npm run ask -- --jsonl < in.jsonl   one JSON line {"id","question","conversationId"?} in, one answer line out`;

interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

function human(answer: Answer): string {
  const lines = [answer.text];
  if (answer.citations.length) {
    lines.push('', '出处：');
    answer.citations.forEach((c, i) => lines.push(`  ${i + 1}. ${citationLabel(c)}  [${c.clauseId}]`));
  }
  if (answer.followUps.length) lines.push('', `您还可以问：${answer.followUps.join(' / ')}`);
  return `${lines.join('\n')}\n`;
}

async function jsonl(services: Pick<Answering, 'ask'>, io: Io): Promise<number> {
  let failures = 0;
  let n = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    n += 1;
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const row = JSON.parse(line) as { id?: unknown; question?: unknown; conversationId?: unknown };
      id = row.id ?? null;
      if (typeof row.question !== 'string') throw new Error('"question" must be a string');
      const conversationId = typeof row.conversationId === 'string' ? row.conversationId : undefined;
      const answer = await services.ask(row.question, { conversationId });
      io.stdout.write(`${JSON.stringify({ id, ...answer })}\n`);
    } catch (e) {
      failures += 1;
      io.stdout.write(`${JSON.stringify({ id, error: `cli: line ${n}: ${(e as Error).message}` })}\n`);
    }
  }
  return failures ? 1 : 0;
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], services: () => Promise<Pick<Answering, 'ask'>>, io: Io): Promise<number> {
  const flags = new Set(argv.filter((a) => a === '--json' || a === '--jsonl' || a === '--help' || a === '-h'));
  const regionAt = argv.indexOf('--region');
  const region = regionAt >= 0 ? argv[regionAt + 1] : undefined;
  const words = argv.filter((a, i) => !a.startsWith('-') && !(regionAt >= 0 && i === regionAt + 1));
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (regionAt >= 0 && !region) {
    io.stderr.write(`cli: --region needs a value\n${USAGE}\n`);
    return 2;
  }
  if (flags.has('--jsonl')) return jsonl(await services(), io);
  const question = words.join(' ');
  if (!question.trim()) {
    io.stderr.write(`cli: no question given\n${USAGE}\n`);
    return 2;
  }
  const answer = await (await services()).ask(question, { region });
  io.stdout.write(flags.has('--json') ? `${JSON.stringify(answer, null, 2)}\n` : human(answer));
  return 0;
}
