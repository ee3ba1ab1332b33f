import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexData } from './indexData';
import { readSnapshot, writeSnapshot } from './snapshot';
import { createTermIndex, type TermIndex } from './termIndex';

/**
 * The built index kept between starts: read from the snapshot of the current key (indexKey.ts) when
 * there is one, built and saved otherwise. A missing, stale or damaged snapshot costs a build and one
 * log line, never the start; a cache folder that cannot be written costs only the saving.
 */

/** Snapshot files are `index-<first hex digits of the key>.snap`; the header holds the whole key. */
export const SNAPSHOT_PREFIX = 'index-';
export const SNAPSHOT_EXTENSION = '.snap';
const KEY_DIGITS_IN_NAME = 16;

/** Where the knowledge base says what became of the snapshot. */
export type IndexLog = (level: 'info' | 'warn', message: string) => void;

export interface BuiltIndex {
  data: IndexData;
  termIndex: TermIndex;
}

export function snapshotFile(dir: string, key: string): string {
  return join(dir, `${SNAPSHOT_PREFIX}${key.slice(0, KEY_DIGITS_IN_NAME)}${SNAPSHOT_EXTENSION}`);
}

/** Snapshot files in `dir` other than `keep`. */
function otherSnapshots(dir: string, keep: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(SNAPSHOT_PREFIX) && name.endsWith(SNAPSHOT_EXTENSION))
    .map((name) => join(dir, name))
    .filter((path) => path !== keep);
}

/** Removes every snapshot in `dir` (the next load builds afresh). */
export function clearSnapshots(dir: string): void {
  for (const file of otherSnapshots(dir, '')) rmSync(file, { force: true });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The index for `key`: the snapshot in `dir` if it is sound, else `build()` (then saved for the next start). */
export function cachedIndex(dir: string, key: string, build: () => BuiltIndex, log: IndexLog = () => {}): BuiltIndex & { from: 'snapshot' | 'build' } {
  const file = snapshotFile(dir, key);
  let reason: string;
  let level: 'info' | 'warn' = 'info';
  if (existsSync(file)) {
    const t0 = performance.now();
    try {
      const snapshot = readSnapshot(file, key);
      const loaded = { data: snapshot.data, termIndex: createTermIndex(snapshot.index), from: 'snapshot' as const };
      log('info', `index: loaded ${file} (${mb(statSync(file).size)}) in ${seconds(performance.now() - t0)}`);
      return loaded;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      level = 'warn';
    }
  } else {
    reason = otherSnapshots(dir, file).length ? `index: the snapshot in ${dir} is stale (the corpus, data or code changed)` : `index: no snapshot in ${dir}`;
  }
  const t0 = performance.now();
  const built = build();
  const buildMs = performance.now() - t0;
  try {
    const bytes = writeSnapshot(file, { key, data: built.data, index: built.termIndex.export() });
    for (const old of otherSnapshots(dir, file)) rmSync(old, { force: true });
    log(level, `${reason}; built the index in ${seconds(buildMs)} and saved ${file} (${mb(bytes)})`);
  } catch (error) {
    log('warn', `${reason}; built the index in ${seconds(buildMs)}, could not save it to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ...built, from: 'build' };
}
