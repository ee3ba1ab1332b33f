import type { Entry } from './knowledgeBase';

/**
 * How well the alternate questions cover a document: its clauses, those about medical insurance,
 * those of them with enough questions, and the number of questions (`npm run questions -- --coverage`).
 */
export interface DocumentCoverage {
  docId: string;
  /** Clauses with text (what search ranks and answers quote). */
  clauses: number;
  /** …of which about medical insurance: not under another scheme's chapter (基本养老保险, 工伤保险, 失业保险). */
  inScope: number;
  /** …of which with at least `MIN_QUESTIONS_PER_CLAUSE` alternate questions. */
  covered: number;
  /** Alternate questions of the document. */
  questions: number;
}

/** A clause counts as covered with this many alternate questions. */
export const MIN_QUESTIONS_PER_CLAUSE = 3;

/**
 * Schemes (schemes.txt) whose chapters are about medical insurance: the default scheme, and
 * maternity insurance, which is run together with the employees' medical insurance.
 */
export const MEDICAL_SCHEMES: ReadonlySet<string> = new Set(['医疗', '生育']);

export function coverageOf(entries: readonly Entry[]): DocumentCoverage[] {
  const byDoc = new Map<string, DocumentCoverage>();
  for (const e of entries) {
    let c = byDoc.get(e.doc.id);
    if (!c) byDoc.set(e.doc.id, (c = { docId: e.doc.id, clauses: 0, inScope: 0, covered: 0, questions: 0 }));
    c.clauses += 1;
    c.questions += e.alternates.length;
    if (e.scheme && !MEDICAL_SCHEMES.has(e.scheme)) continue;
    c.inScope += 1;
    if (e.alternates.length >= MIN_QUESTIONS_PER_CLAUSE) c.covered += 1;
  }
  return [...byDoc.values()];
}
