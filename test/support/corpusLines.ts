import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../paths/projectRoot';

/** Every non-empty line of every file of the corpus (knowledge/corpus), in folder order. */
export function corpusLines(dir = fromRoot('knowledge', 'corpus')): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) lines.push(...corpusLines(path));
    else lines.push(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
  }
  return lines;
}
