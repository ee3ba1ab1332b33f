/**
 * `npm start`, `npm run ask`: runs an entry point compiled into dist/ with plain node, building
 * dist/ first when it is missing or older than the sources (scripts/build.mjs).
 *
 *   node scripts/run.mjs server/main.ts [args…]   → node dist/server/main.js [args…]
 *
 * The compiled module runs in this process, with `process.argv[1]` set to it: it sees the same
 * arguments as when started directly, and node:cluster workers start it directly (no build check).
 * Without the TypeScript compiler (a production install without devDependencies) an existing
 * dist/ is run as it is, with a warning when it looks stale.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, DIST, staleReason, STAMP, tscScript } from './build.mjs';

const MODULE = 'run';
const [entry, ...args] = process.argv.slice(2);
/** Ends the build-check step of the start-up breakdown (server/startupTimes.ts). */
const BUILD_CHECKED_MARK = 'startup:build-check';
if (!entry || !entry.endsWith('.ts')) {
  console.error(`${MODULE}: usage: node scripts/run.mjs <entry.ts> [args…], got ${JSON.stringify(entry ?? null)}`);
  process.exit(2);
}

const stale = staleReason();
if (stale) {
  let compiler = null;
  try {
    compiler = tscScript();
  } catch (error) {
    if (!existsSync(STAMP)) throw error;
    console.error(`${MODULE}: ${stale}, but TypeScript is not installed: running the dist/ there is`);
  }
  if (compiler) {
    console.error(`${MODULE}: building dist/ (${stale})`);
    build();
  }
}

performance.mark(BUILD_CHECKED_MARK);
const target = join(DIST, entry.replace(/\.ts$/, '.js'));
if (!existsSync(target)) {
  console.error(`${MODULE}: ${entry} is not compiled (no ${target}): is its folder in tsconfig.build.json's "include"?`);
  process.exit(2);
}
process.argv = [process.argv[0] ?? process.execPath, target, ...args];
await import(pathToFileURL(target).href);
