import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUESTIONS_EXTENSION, questionKey } from '../knowledge/questions';
import type { AttachedQuestion } from '../state/reviewStore';

/**
 * Attached questions out of the database and into git: as lines of the questions files
 * (`knowledge/questions/<docId>.tsv`, `clauseId<TAB>question`), per document, so a reviewer can
 * read them in a diff and they ship with the next release.
 */

/** The document a clause id belongs to (`cn-plan-2021:s3.c4.p1` → `cn-plan-2021`). */
export function docIdOf(clauseId: string): string {
  return clauseId.slice(0, Math.max(clauseId.indexOf(':'), 0)) || clauseId;
}

/** docId → its questions-file lines, in the order the questions were attached. */
export function questionLines(attached: readonly AttachedQuestion[]): Map<string, string[]> {
  const byDoc = new Map<string, string[]>();
  for (const q of attached) {
    const docId = docIdOf(q.clauseId);
    byDoc.set(docId, [...(byDoc.get(docId) ?? []), `${q.clauseId}\t${q.question}`]);
  }
  return new Map([...byDoc].sort(([a], [b]) => a.localeCompare(b)));
}

/** The whole export as text: a `# <docId>.tsv` comment, then that file's lines, per document. */
export function exportText(attached: readonly AttachedQuestion[]): string {
  const parts: string[] = [];
  for (const [docId, lines] of questionLines(attached)) parts.push(`# ${docId}${QUESTIONS_EXTENSION}`, ...lines);
  return parts.length ? `${parts.join('\n')}\n` : '';
}

/** `clauseId` + question key of each line of a questions file, to see what it already has. */
function existingKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    const [clauseId, question] = line.replace(/\r$/, '').split('\t');
    if (clauseId && question && !clauseId.trimStart().startsWith('#')) keys.add(`${clauseId.trim()}\t${questionKey(question)}`);
  }
  return keys;
}

/**
 * Appends to `<dir>/<docId>.tsv` every attached question the file does not have yet (same clause,
 * same question key). Returns docId → how many lines were added.
 */
export function appendToQuestionFiles(dir: string, attached: readonly AttachedQuestion[]): Map<string, number> {
  const added = new Map<string, number>();
  for (const [docId, lines] of questionLines(attached)) {
    const file = join(dir, `${docId}${QUESTIONS_EXTENSION}`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const have = existingKeys(text);
    const fresh = lines.filter((line) => {
      const [clauseId, question] = line.split('\t') as [string, string];
      const key = `${clauseId}\t${questionKey(question)}`;
      if (have.has(key)) return false;
      have.add(key);
      return true;
    });
    if (fresh.length === 0) continue;
    const prefix = text && !text.endsWith('\n') ? '\n' : '';
    writeFileSync(file, `${text}${prefix}${fresh.join('\n')}\n`);
    added.set(docId, fresh.length);
  }
  return added;
}
