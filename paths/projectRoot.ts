/**
 * The project's root folder, found from this file's own location so that modules find the files
 * shipped beside the code (knowledge/data, knowledge/questions, web/, package.json) the same way
 * whether they run from the TypeScript sources or compiled under `dist/` (`npm run build`).
 * The compiled tree mirrors the sources one level down; data files are never copied into it.
 */
import { basename, dirname, join } from 'node:path';

/** Where `npm run build` writes the compiled JavaScript, relative to the project root. */
export const DIST_DIR = 'dist';

/** `<root>/paths` in the sources, `<root>/dist/paths` when compiled. */
const here = dirname(import.meta.dirname);

/** The folder holding package.json, knowledge/, web/ … */
export const PROJECT_ROOT = basename(here) === DIST_DIR ? dirname(here) : here;

/** A path below the project root: `fromRoot('knowledge', 'data')`. */
export function fromRoot(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
