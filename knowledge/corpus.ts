/**
 * Loads the corpus: the manifest, then each document parsed into its clause tree. A malformed
 * document becomes a CorpusProblem (file, line, message) and the others still load.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from './manifest';
import { CorpusError } from './parse/corpusError';
import { parseLaw } from './parse/law';
import { parsePlan } from './parse/plan';
import type { Clause, CorpusProblem, DocumentKind, DocumentMeta, ParsedDocument } from './types';

/** Byte-order mark some editors put at the start of UTF-8 files. */
const BYTE_ORDER_MARK = '\uFEFF';

/** What a failed UTF-8 decode leaves in the text. */
const REPLACEMENT_CHARACTER = '\uFFFD';

const NUL_CHARACTER = '\u0000';

/** The parser for each document kind. */
const PARSERS: Record<DocumentKind, (meta: DocumentMeta, source: string) => Clause[]> = {
  plan: parsePlan,
  news: parsePlan,
  law: parseLaw,
  'administrative-regulation': parseLaw,
  'local-regulation': parseLaw,
};

/** Loads every document of the corpus in `corpusDir`; problems are reported, not thrown. */
export function loadCorpus(corpusDir: string): { documents: ParsedDocument[]; problems: CorpusProblem[] } {
  const manifest = loadManifest(corpusDir);
  const documents: ParsedDocument[] = [];
  const problems: CorpusProblem[] = [...manifest.problems];
  for (const meta of manifest.documents) {
    try {
      documents.push({ meta, clauses: loadDocument(corpusDir, meta) });
    } catch (error) {
      problems.push(toProblem(meta, error));
    }
  }
  return { documents, problems };
}

/** Reads, checks and parses one document. Throws CorpusError when it is malformed. */
export function loadDocument(corpusDir: string, meta: DocumentMeta): Clause[] {
  const source = readSource(corpusDir, meta);
  const clauses = PARSERS[meta.kind](meta, source);
  if (clauses.length === 0) throw new CorpusError(meta.file, null, 'the document yields no clause');
  return clauses;
}

/** The text of a document file, rejecting empty files, NUL bytes and invalid UTF-8. */
function readSource(corpusDir: string, meta: DocumentMeta): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(corpusDir, meta.file));
  } catch (cause) {
    throw new CorpusError(meta.file, null, `cannot read the file: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const text = bytes.toString('utf8').replace(new RegExp(`^${BYTE_ORDER_MARK}`, 'u'), '');
  if (text.trim() === '') throw new CorpusError(meta.file, null, 'the file is empty');
  checkCharacter(meta, text, NUL_CHARACTER, 'NUL byte (binary file?)');
  checkCharacter(meta, text, REPLACEMENT_CHARACTER, 'invalid UTF-8 (U+FFFD)');
  return text;
}

function checkCharacter(meta: DocumentMeta, text: string, character: string, what: string): void {
  const index = text.indexOf(character);
  if (index === -1) return;
  const line = text.slice(0, index).split('\n').length;
  throw new CorpusError(meta.file, line, what);
}

function toProblem(meta: DocumentMeta, error: unknown): CorpusProblem {
  if (error instanceof CorpusError) return { file: error.file, line: error.line, message: error.message };
  const reason = error instanceof Error ? error.message : String(error);
  return { file: meta.file, line: null, message: `corpus: ${meta.file}: ${reason}` };
}
