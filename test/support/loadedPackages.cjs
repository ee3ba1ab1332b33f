// Preloaded with `--require` into a child process: when it exits, prints the npm packages it loaded
// (`LOADED_PACKAGES ["express", …]` on stderr), read from the CommonJS module cache, which also
// holds the CommonJS packages imported from ES modules.
// Only the main thread reports: a worker thread (the dictionary feed's) gets this preload too.
'use strict';
const PREFIX = 'LOADED_PACKAGES ';
if (require('node:worker_threads').isMainThread) process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const found = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
    if (found) names.add(found[found.length - 1].replace(/^node_modules\//, '').replace(/\/$/, ''));
  }
  process.stderr.write(`${PREFIX}${JSON.stringify([...names].sort())}\n`);
});
