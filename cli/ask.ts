/** `npm run ask -- "问题"`: see USAGE in run.ts. */
import { parseConfig } from '../server/config';
import { loadServices } from '../server/services';
import { runCli } from './run';

runCli(process.argv.slice(2), () => loadServices(parseConfig(process.env)), process)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
