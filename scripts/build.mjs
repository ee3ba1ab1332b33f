/**
 * `npm run build`: compiles the server and the CLI into `dist/` (plain JavaScript, run by plain
 * node: no TypeScript loader at run time). Plain JavaScript so that it runs before anything is
 * compiled.
 *
 * - tsc emits with `tsconfig.build.json` into a fresh folder beside `dist/`, which then replaces
 *   `dist/` in one rename (a failed build leaves the last good one; two builds at once do not mix).
 * - The sources import without file extensions (`'./config'`), as bundler resolution allows; Node's
 *   ESM loader needs the file, so every relative specifier in the output is rewritten to the file it
 *   names (`'./config.js'`, `'../state/index.js'`).
 * - `dist/.build-stamp` is written last; its time is when the build began. The build is stale when
 *   any source or build setting is newer (see `staleReason`).
 *
 * Data files (knowledge/data, knowledge/corpus, knowledge/questions, web/) are not copied: the
 * compiled modules find them in the project root (paths/projectRoot.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'build';

/** The project root (this file is `<root>/scripts/build.mjs`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the compiled JavaScript goes (the name paths/projectRoot.ts recognises). */
export const DIST = join(ROOT, 'dist');
/** Written after a successful build; its modification time is the build's start. */
export const STAMP = join(DIST, '.build-stamp');
/** The compiler settings for the emit. */
export const BUILD_TSCONFIG = join(ROOT, 'tsconfig.build.json');
/** Files whose change makes the output stale besides the sources themselves. */
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
/** Source files compiled (declaration files emit nothing). */
const SOURCE_FILE = /(?<!\.d)\.ts$/;

/** The folders compiled, as listed in tsconfig.build.json's `include`. */
export function sourceFolders() {
  const { include } = JSON.parse(readFileSync(BUILD_TSCONFIG, 'utf8'));
  if (!Array.isArray(include)) throw new Error(`${MODULE}: ${relative(ROOT, BUILD_TSCONFIG)} has no "include" list`);
  return include;
}

/** Newest modification time (ms) of the files below `dir` that `keep` accepts; 0 when none. */
function newestBelow(dir, keep) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestBelow(path, keep));
    else if (keep(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why `dist/` must be (re)built, or null when it is up to date: missing, or older than a source
 * file or a build setting.
 */
export function staleReason() {
  if (!existsSync(STAMP)) return 'dist/ has no finished build';
  const built = statSync(STAMP).mtimeMs;
  const settings = Math.max(...SETTINGS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  if (settings > built) return 'the build settings changed since the last build';
  const sources = Math.max(0, ...sourceFolders().map((d) => newestBelow(join(ROOT, d), (name) => SOURCE_FILE.test(name))));
  return sources > built ? 'sources changed since the last build' : null;
}

/** Relative specifiers in `from '…'`, `import '…'` and `import('…')`. */
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
/** Specifiers that already name a file. */
const HAS_EXTENSION = /\.(?:m?js|cjs|json|node)$/;

/**
 * `code` (a compiled module in `dir`) with each extensionless relative specifier pointing at the
 * file Node should load: `<spec>.js`, or `<spec>/index.js` for a folder. A specifier naming
 * neither is an error naming the file and the specifier.
 */
export function rewriteSpecifiers(code, dir, file = dir) {
  return code.replace(RELATIVE_SPECIFIER, (whole, lead, quote, spec) => {
    if (HAS_EXTENSION.test(spec)) return whole;
    if (existsSync(join(dir, `${spec}.js`))) return `${lead}${quote}${spec}.js${quote}`;
    if (existsSync(join(dir, spec, 'index.js'))) return `${lead}${quote}${spec}/index.js${quote}`;
    throw new Error(`${MODULE}: ${file} imports '${spec}', which is neither ${spec}.js nor ${spec}/index.js`);
  });
}

function compiledFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return compiledFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** The TypeScript compiler's entry script; an error saying what to install when it is missing. */
export function tscScript() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    throw new Error(`${MODULE}: the TypeScript compiler (devDependency "typescript") is not installed: run npm install, or build where it is (npm run build) and ship dist/`);
  }
}

/** Compiles into a fresh folder, rewrites the specifiers, stamps it and puts it in place of dist/. */
export function build(log = (line) => console.error(line)) {
  const began = Date.now();
  const out = join(ROOT, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  try {
    const tsc = spawnSync(process.execPath, [tscScript(), '-p', BUILD_TSCONFIG, '--outDir', out], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`${MODULE}: tsc -p tsconfig.build.json failed (exit ${tsc.status ?? tsc.signal}):\n${tsc.stdout}${tsc.stderr}`);
    for (const file of compiledFiles(out)) {
      const code = readFileSync(file, 'utf8');
      const rewritten = rewriteSpecifiers(code, dirname(file), relative(out, file));
      if (rewritten !== code) writeFileSync(file, rewritten);
    }
    const stamp = join(out, '.build-stamp');
    writeFileSync(stamp, `${new Date(began).toISOString()}\n`);
    utimesSync(stamp, began / 1000, began / 1000);
    rmSync(DIST, { recursive: true, force: true });
    try {
      renameSync(out, DIST);
    } catch (error) {
      // Another build put its dist/ in place between the two steps: it is as fresh as this one.
      if (!existsSync(STAMP)) throw error;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  log(`${MODULE}: compiled into dist/ in ${Date.now() - began} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
