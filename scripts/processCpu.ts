/**
 * CPU time used so far by a process and its children (a cluster primary and its workers), from
 * Linux's /proc: what `npm run load` divides by the answers given, a figure that a busy machine
 * disturbs far less than requests per second. Null where /proc is not there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;
/** Fields of /proc/<pid>/stat after the command name: state is 0, ppid 1, utime 11, stime 12. */
const PPID_FIELD = 1;
const UTIME_FIELD = 11;
const STIME_FIELD = 12;

function stat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after its last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Milliseconds of CPU (user + system) used by `pid` and every live process below it. */
export function processTreeCpuMs(pid: number): number | null {
  if (!existsSync('/proc')) return null;
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = stat(Number(name));
    if (fields) parents.set(Number(name), Number(fields[PPID_FIELD]));
  }
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    const fields = stat(current);
    if (fields) ticks += Number(fields[UTIME_FIELD]) + Number(fields[STIME_FIELD]);
    for (const [child, parent] of parents) if (parent === current) pending.push(child);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
