import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fromRoot } from '../paths/projectRoot';
import { normalizeForMatch } from './normalize';
import type { CorpusProblem } from './types';

/**
 * Alternate questions: for each clause, the questions people ask that it answers, written by
 * reading the clause (`knowledge/questions/<docId>.tsv`, one `clauseId<TAB>question` per line, `#`
 * comments). They are indexed as a field of their own (see ranker.ts `questions`), so a clause is
 * found by the way people ask about it; the answer still quotes the clause text.
 *
 * Validation: a malformed line or an unknown clause id is an error naming the file and line, and
 * that document's questions are skipped (everything else loads); a duplicate question is a warning.
 */

/** The alternate questions shipped with the project. */
export const DEFAULT_QUESTIONS_DIR = fromRoot('knowledge', 'questions');

export const QUESTIONS_EXTENSION = '.tsv';

export interface QuestionsLoad {
  /** Clause id → its alternate questions, in file order. */
  byClause: Map<string, string[]>;
  /** Errors (the file was skipped) and warnings (`severity: 'warning'`, the line was kept or dropped). */
  problems: CorpusProblem[];
}

export class QuestionsError extends Error {
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(formatQuestionsMessage(file, line, detail));
    this.name = 'QuestionsError';
  }
}

/** `questions: cn-plan-2021.tsv line 12: unknown clause id "cn-plan-2021:s9"`. */
export function formatQuestionsMessage(file: string, line: number, detail: string): string {
  return `questions: ${file} line ${line}: ${detail}`;
}

/** One parsed line of a questions file. */
export interface QuestionLine {
  line: number;
  clauseId: string;
  question: string;
}

/** The last question keyed: one answer keys the user's question in several places. */
let lastKeyed: { question: string; key: string } | null = null;

/** Key under which two questions count as the same (case, width, spaces and punctuation folded). */
export function questionKey(question: string): string {
  if (lastKeyed?.question !== question) lastKeyed = { question, key: normalizeForMatch(question).replace(/[\s\p{P}\p{S}]/gu, '') };
  return lastKeyed.key;
}

/**
 * Parses one questions file. Throws QuestionsError on the first malformed line or unknown clause
 * id; duplicates are returned as warnings and left out.
 */
export function parseQuestionsFile(
  file: string,
  text: string,
  docId: string,
  clauseIds: ReadonlySet<string>,
): { lines: QuestionLine[]; warnings: CorpusProblem[] } {
  const lines: QuestionLine[] = [];
  const warnings: CorpusProblem[] = [];
  const seen = new Map<string, number>();
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, i) => {
    const line = i + 1;
    const body = raw.replace(/\r$/, '');
    if (!body.trim() || body.trimStart().startsWith('#')) return;
    const fields = body.split('\t');
    const clauseId = fields[0]?.trim() ?? '';
    const question = fields[1]?.trim() ?? '';
    if (fields.length !== 2 || !clauseId || !question) {
      throw new QuestionsError(file, line, `expected "clauseId<TAB>question", got "${body}"`);
    }
    if (!clauseId.startsWith(`${docId}:`)) {
      throw new QuestionsError(file, line, `clause id "${clauseId}" is not a clause of ${docId}`);
    }
    if (!clauseIds.has(clauseId)) throw new QuestionsError(file, line, `unknown clause id "${clauseId}"`);
    const key = questionKey(question);
    const first = seen.get(key);
    if (first !== undefined) {
      warnings.push({ file, line, message: formatQuestionsMessage(file, line, `duplicate question "${question}" (first on line ${first})`), severity: 'warning' });
      return;
    }
    seen.set(key, line);
    lines.push({ line, clauseId, question });
  });
  return { lines, warnings };
}

/**
 * Loads every `<docId>.tsv` in `dir` for the documents given (docId → its clause ids). A file for
 * a document that is not loaded is reported and skipped. A missing folder means no questions.
 */
export function loadQuestions(dir: string, documents: ReadonlyMap<string, ReadonlySet<string>>): QuestionsLoad {
  const byClause = new Map<string, string[]>();
  const problems: CorpusProblem[] = [];
  if (!existsSync(dir)) return { byClause, problems };
  for (const name of readdirSync(dir).filter((f) => f.endsWith(QUESTIONS_EXTENSION)).sort()) {
    const docId = basename(name, QUESTIONS_EXTENSION);
    const clauseIds = documents.get(docId);
    if (!clauseIds) {
      problems.push({ file: name, line: null, message: `questions: ${name}: no document "${docId}" is loaded (skipped)` });
      continue;
    }
    try {
      const { lines, warnings } = parseQuestionsFile(name, readFileSync(join(dir, name), 'utf8'), docId, clauseIds);
      problems.push(...warnings);
      for (const { clauseId, question } of lines) byClause.set(clauseId, [...(byClause.get(clauseId) ?? []), question]);
    } catch (error) {
      if (!(error instanceof QuestionsError)) throw error;
      problems.push({ file: name, line: error.line, message: `${error.message} (${docId}'s questions skipped)` });
    }
  }
  return { byClause, problems };
}
