/**
 * `npm run questions -- --coverage` — per document: its clauses, those about medical insurance,
 * those of them with at least three alternate questions, and the number of questions.
 * `--json` prints the same as `{"documents":[{"docId","clauses","inScope","covered","questions"}]}`.
 * `--clauses DOC_ID` lists a document's clauses (`clauseId<TAB>path<TAB>questions<TAB>text`), for
 * whoever writes its questions file.
 * `--export [--write]` prints (or appends to the questions files) the questions attached in the
 * review console (scripts/exportQuestions.ts).
 * Problems found while loading the questions files (errors and warnings) are printed to stderr.
 */
import { coverageOf, MIN_QUESTIONS_PER_CLAUSE } from '../knowledge/coverage';
import { loadKnowledgeBase } from '../knowledge/knowledgeBase';
import { parseConfig } from '../server/config';
import { exportQuestions } from './exportQuestions';

const USAGE = 'usage: npm run questions -- --coverage [--json] | --clauses DOC_ID | --export [--write]';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '—');

function main(args: string[]): number {
  const config = parseConfig(process.env);
  const kb = loadKnowledgeBase({ corpusDir: config.corpusDir });
  for (const p of kb.problems) console.error(p.severity === 'warning' ? `warning: ${p.message}` : p.message);
  const clausesOf = args[args.indexOf('--clauses') + 1];
  if (args.includes('--clauses')) {
    if (!clausesOf || !kb.documents.some((d) => d.id === clausesOf)) {
      console.error(`questions: unknown document "${clausesOf ?? ''}" (one of ${kb.documents.map((d) => d.id).join(', ')})`);
      return 2;
    }
    for (const e of kb.entries.filter((x) => x.doc.id === clausesOf)) {
      console.log(`${e.clause.id}\t${e.clause.path}\t${e.alternates.length}\t${e.clause.text.replace(/\s+/g, ' ')}`);
    }
    return 0;
  }
  if (!args.includes('--coverage') && !args.includes('--json')) {
    console.error(USAGE);
    return 2;
  }
  const documents = coverageOf(kb.entries);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ documents }));
    return 0;
  }
  console.log(`${'document'.padEnd(26)} ${'clauses'.padStart(8)} ${'in scope'.padStart(9)} ${`>= ${MIN_QUESTIONS_PER_CLAUSE} q`.padStart(8)} ${'share'.padStart(8)} ${'questions'.padStart(10)}`);
  for (const d of documents) {
    console.log(`${d.docId.padEnd(26)} ${String(d.clauses).padStart(8)} ${String(d.inScope).padStart(9)} ${String(d.covered).padStart(8)} ${pct(d.covered, d.inScope).padStart(8)} ${String(d.questions).padStart(10)}`);
  }
  const sum = (k: 'clauses' | 'inScope' | 'covered' | 'questions') => documents.reduce((n, d) => n + d[k], 0);
  console.log(`${'all'.padEnd(26)} ${String(sum('clauses')).padStart(8)} ${String(sum('inScope')).padStart(9)} ${String(sum('covered')).padStart(8)} ${pct(sum('covered'), sum('inScope')).padStart(8)} ${String(sum('questions')).padStart(10)}`);
  return 0;
}

const args = process.argv.slice(2);
if (args.includes('--export')) {
  exportQuestions(args).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
} else {
  process.exitCode = main(args);
}
