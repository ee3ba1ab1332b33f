/**
 * Loads and validates `corpus/manifest.json`. A bad entry becomes a CorpusProblem naming
 * manifest.json and the 1-based line of the entry, and the other entries still load; a manifest
 * that cannot be read or is not valid JSON throws.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { formatCorpusMessage } from './parse/corpusError';
import type { CorpusProblem, DocumentKind, DocumentLevel, DocumentMeta } from './types';

/** File name of the manifest inside the corpus folder. */
export const MANIFEST_FILE = 'manifest.json';

/** Document kinds with the Chinese labels pages show for them, in the order filters list them (the one list of kinds). */
export const KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  plan: '规划',
  law: '法律',
  'administrative-regulation': '行政法规',
  'local-regulation': '地方性法规',
  news: '新闻',
};

export const DOCUMENT_KINDS: readonly DocumentKind[] = Object.keys(KIND_LABELS) as DocumentKind[];
export const DOCUMENT_LEVELS: readonly DocumentLevel[] = ['national', 'provincial', 'city'];

/** Document ids become the prefix of clause ids: lower-case letters, digits and hyphens. */
const DOCUMENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

/** ISO calendar date `YYYY-MM-DD`. */
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/u;

const REQUIRED_TEXT_FIELDS = ['id', 'file', 'title', 'issuer', 'region'] as const;
const NULLABLE_TEXT_FIELDS = ['docNumber', 'date'] as const;
const OPTIONAL_TEXT_FIELDS = ['about', 'note'] as const;

/** Reads `manifest.json` of `corpusDir`: the valid documents, and one problem per invalid entry. */
export function loadManifest(corpusDir: string): { documents: DocumentMeta[]; problems: CorpusProblem[] } {
  const text = readManifest(corpusDir);
  const root = parseJson(text);
  const entries = documentEntries(root);
  const lines = entryLines(text);
  const documents: DocumentMeta[] = [];
  const problems: CorpusProblem[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const line = lines[index] ?? null;
    const error = validateEntry(entry, corpusDir, seen);
    if (error) {
      problems.push({ file: MANIFEST_FILE, line, message: formatCorpusMessage(MANIFEST_FILE, line, error) });
      return;
    }
    const meta = entry as DocumentMeta;
    seen.add(meta.id);
    documents.push(meta);
  });
  return { documents, problems };
}

function readManifest(corpusDir: string): string {
  try {
    return readFileSync(join(corpusDir, MANIFEST_FILE), 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(formatCorpusMessage(MANIFEST_FILE, null, `cannot read the manifest: ${reason}`), { cause });
  }
}

/** Parses the manifest, turning a JSON syntax error into `corpus: manifest.json line N: …`. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(formatCorpusMessage(MANIFEST_FILE, syntaxErrorLine(text, reason), reason), { cause });
  }
}

/** Line of a JSON.parse error: from its `position N`, or the last line when it names none (end of input). */
function syntaxErrorLine(text: string, reason: string): number {
  const position = /position (\d+)/u.exec(reason);
  const offset = position ? Number(position[1]) : text.length;
  return lineOfOffset(text, offset);
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text[i] === '\n') line += 1;
  return line;
}

function documentEntries(root: unknown): unknown[] {
  const documents = isRecord(root) ? root.documents : undefined;
  if (!Array.isArray(documents)) {
    throw new Error(formatCorpusMessage(MANIFEST_FILE, 1, 'the manifest must be an object with a "documents" array'));
  }
  return documents;
}

/**
 * 1-based line where each element of the top-level `documents` array starts, found by scanning
 * the JSON text (strings and nesting tracked; the text is known to be valid JSON).
 */
function entryLines(text: string): number[] {
  const key = /"documents"\s*:\s*\[/u.exec(text);
  if (!key) return [];
  const lines: number[] = [];
  let line = lineOfOffset(text, key.index + key[0].length);
  let depth = 0;
  let inString = false;
  let expectEntry = true;
  for (let i = key.index + key[0].length; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\n') line += 1;
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === undefined || /\s/u.test(ch)) continue;
    if (depth === 0 && ch === ']') break;
    if (depth === 0 && ch === ',') {
      expectEntry = true;
      continue;
    }
    if (depth === 0 && expectEntry) {
      lines.push(line);
      expectEntry = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') depth -= 1;
  }
  return lines;
}

/** What is wrong with one manifest entry, or null when it is valid. */
function validateEntry(entry: unknown, corpusDir: string, seen: Set<string>): string | null {
  if (!isRecord(entry)) return `document entry must be an object, found ${JSON.stringify(entry)}`;
  const name = typeof entry.id === 'string' ? `document "${entry.id}"` : 'document';
  for (const field of REQUIRED_TEXT_FIELDS) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') return `${name} needs a non-empty "${field}", found ${JSON.stringify(value)}`;
  }
  for (const field of NULLABLE_TEXT_FIELDS) {
    const value = entry[field];
    if (value !== null && typeof value !== 'string') return `${name} needs "${field}" as text or null, found ${JSON.stringify(value)}`;
  }
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = entry[field];
    if (value !== undefined && typeof value !== 'string') return `${name} has a non-text "${field}": ${JSON.stringify(value)}`;
  }
  return validateValues(entry, name, corpusDir, seen);
}

function validateValues(entry: Record<string, unknown>, name: string, corpusDir: string, seen: Set<string>): string | null {
  const id = String(entry.id);
  if (!DOCUMENT_ID_PATTERN.test(id)) return `${name} id must be lower-case letters, digits and hyphens, found ${JSON.stringify(id)}`;
  if (seen.has(id)) return `${name} id ${JSON.stringify(id)} is used twice`;
  if (!DOCUMENT_KINDS.includes(entry.kind as DocumentKind)) {
    return `${name} kind ${JSON.stringify(entry.kind)} is not one of ${DOCUMENT_KINDS.join(', ')}`;
  }
  if (!DOCUMENT_LEVELS.includes(entry.level as DocumentLevel)) {
    return `${name} level ${JSON.stringify(entry.level)} is not one of ${DOCUMENT_LEVELS.join(', ')}`;
  }
  for (const field of ['date', 'effective'] as const) {
    const value = entry[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !ISO_DATE_PATTERN.test(value)) return `${name} ${field} must be an ISO date YYYY-MM-DD, found ${JSON.stringify(value)}`;
  }
  return validateFile(String(entry.file), name, corpusDir);
}

function validateFile(file: string, name: string, corpusDir: string): string | null {
  const normalised = normalize(file);
  if (isAbsolute(file) || normalised.startsWith(`..${sep}`) || normalised === '..') {
    return `${name} file ${JSON.stringify(file)} must be a path inside the corpus folder`;
  }
  const path = join(corpusDir, normalised);
  if (!existsSync(path) || !statSync(path).isFile()) return `${name} file ${JSON.stringify(file)} does not exist`;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
