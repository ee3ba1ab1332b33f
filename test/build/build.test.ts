/**
 * The compiled build (scripts/build.mjs): relative imports without extensions become the files
 * Node's ESM loader needs, and what is compiled is what tsconfig.build.json lists. Tests never
 * need dist/: they run the sources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteSpecifiers, sourceFolders } from '../../scripts/build.mjs';
import { fromRoot, PROJECT_ROOT } from '../../paths/projectRoot';

const dir = mkdtempSync(join(tmpdir(), 'yibao-build-'));
mkdirSync(join(dir, 'state'));
writeFileSync(join(dir, 'config.js'), '');
writeFileSync(join(dir, 'state', 'index.js'), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled build', () => {
  it('points each relative import at its file or its folder index, and leaves packages and named files alone', () => {
    const code = [
      "import { parseConfig } from './config';",
      "export { createStore } from './state';",
      "const channel = await import('./config');",
      "import express from 'express';",
      "import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';",
      "import './config.js';",
    ].join('\n');
    expect(rewriteSpecifiers(code, dir)).toBe([
      "import { parseConfig } from './config.js';",
      "export { createStore } from './state/index.js';",
      "const channel = await import('./config.js');",
      "import express from 'express';",
      "import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';",
      "import './config.js';",
    ].join('\n'));
  });

  it('names the module and the specifier that points at nothing', () => {
    expect(() => rewriteSpecifiers("import { x } from './missing';", dir, 'server/main.js')).toThrow(
      "build: server/main.js imports './missing', which is neither ./missing.js nor ./missing/index.js",
    );
  });

  it('compiles the server, the CLI and everything they import, but not the tests or the scripts', () => {
    expect(sourceFolders()).toEqual(['paths', 'state', 'review', 'bot', 'knowledge', 'adapters', 'server', 'cli']);
  });

  it('finds the data files from the project root, as the compiled modules do', () => {
    expect(fromRoot('knowledge', 'data')).toBe(join(PROJECT_ROOT, 'knowledge', 'data'));
    expect(PROJECT_ROOT).toBe(join(import.meta.dirname, '..', '..'));
  });
});
