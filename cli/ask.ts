/** `npm run ask -- "问题"`: see USAGE in run.ts. */
import { parseConfig } from '../server/config';
import { loadServices } from '../server/services';
import { createTelemetry } from '../server/telemetry';
import { runCli } from './run';

const config = parseConfig(process.env);
// Log lines (the index snapshot's, at start) go to stderr: stdout carries the answer, which --json makes parseable.
runCli(process.argv.slice(2), () => loadServices(config, undefined, createTelemetry(config, process.stderr)), process)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
