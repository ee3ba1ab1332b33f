import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fromRoot } from '../paths/projectRoot';
import { SNAPSHOT_FORMAT } from './snapshot';

/**
 * The key a snapshot is kept under: a hash of everything the built index depends on. A change to
 * any of them gives another key, so the old snapshot is stale and the index is built again.
 */

/**
 * Bumped whenever indexing changes what it produces (parsing, segmentation, what an entry holds).
 * The knowledge modules' own files are hashed too, so a forgotten bump still rebuilds.
 */
export const INDEX_CODE_VERSION = 1;

/** The packages whose behaviour shapes the index (the segmenter and the index). */
const INDEX_PACKAGES = ['nodejieba', 'flexsearch'];

/**
 * Source files of the knowledge modules (the TypeScript of `knowledge/`, without its data), read
 * from the project root whether this runs from the sources or compiled under `dist/`: a start from
 * `dist/` and a script run from the sources then agree on the key.
 */
const CODE_DIR = fromRoot('knowledge');
const CODE_FILE = /\.ts$/;

export interface IndexInputs {
  /** The corpus folder (manifest and documents), or a caller's own name for the documents it gives. */
  corpus: { dir: string } | { name: string };
  /** Folder of the lexicon's data files. */
  dataDir: string;
  /** Folder of the alternate questions, null for none. */
  questionsDir: string | null;
}

/** Every file below `dir`, sorted, as paths relative to `dir`. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

/** The installed version of a package (its package.json may not be exported: found above its entry point). */
function packageVersion(name: string): string {
  for (let dir = dirname(createRequire(import.meta.url).resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? '';
  }
  throw new Error(`index: cannot find the installed version of ${name}`);
}

/** Hex SHA-256 over the inputs' files (names and contents), the code and the snapshot format. */
export function indexKey(inputs: IndexInputs): string {
  const hash = createHash('sha256');
  const field = (label: string, value: string | Buffer) => {
    hash.update(`${label}\0${value.length}\0`);
    hash.update(value);
  };
  const folder = (label: string, dir: string, keep: (file: string) => boolean = () => true) => {
    for (const file of filesBelow(dir).filter(keep)) field(`${label}/${file}`, readFileSync(join(dir, file)));
  };
  field('version', `${INDEX_CODE_VERSION}/${SNAPSHOT_FORMAT}/${endianness()}`);
  for (const name of INDEX_PACKAGES) field(`package/${name}`, packageVersion(name));
  // Only this folder's own modules (parse/ included), not its corpus or data folders.
  folder('code', CODE_DIR, (f) => CODE_FILE.test(f) && !f.includes('corpus/') && !f.startsWith('data/') && !f.startsWith('questions/'));
  if ('dir' in inputs.corpus) folder('corpus', inputs.corpus.dir);
  else field('documents', inputs.corpus.name);
  folder('data', inputs.dataDir);
  if (inputs.questionsDir) folder('questions', inputs.questionsDir);
  else field('questions', 'none');
  return hash.digest('hex');
}
