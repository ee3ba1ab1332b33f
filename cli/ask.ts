/** `npm run ask -- "问题"`: see USAGE in run.ts. */
import { loadAnswering } from '../server/answering';
import { parseConfig } from '../server/config';
import { MemoryStore } from '../state/memory';
import { cliLog } from './log';
import { runCli } from './run';

const config = parseConfig(process.env);
// A conversation lasts as long as the process (--jsonl); the CLI records no declines and keeps no metrics.
runCli(process.argv.slice(2), () => loadAnswering(config, { store: new MemoryStore(), log: cliLog(config.logLevel) }), process)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
