import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { coverageOf } from '../../knowledge/coverage';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_QUESTIONS_DIR, loadQuestions, parseQuestionsFile, questionKey, QuestionsError } from '../../knowledge/questions';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

/** The evaluation sets: the development set beside the checkout, the project's own in eval/. */
const EVALUATION_SETS = [
  '../../../shared/eval/dev.jsonl', '../../../shared/eval/dev-dialogues.jsonl',
  '../../eval/validation.jsonl', '../../eval/validation-dialogues.jsonl', '../../eval/faq.jsonl',
].map((rel) => join(import.meta.dirname, rel));

/** Every question of an evaluation set, dialogue turns included. */
function evaluationQuestions(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).flatMap((l) => {
    const row = JSON.parse(l) as { question?: string; turns?: Array<{ user: string }> };
    return row.question ? [row.question] : (row.turns ?? []).map((t) => t.user);
  });
}

const LAW_CLAUSES = new Set(['cn-social-insurance-law:a23.p1', 'cn-social-insurance-law:a23.p2']);

describe('the key of a question', () => {
  it('folds case, width, spaces and punctuation, asked again or after another question', () => {
    expect(questionKey('异地就医 怎么备案？')).toBe('异地就医怎么备案');
    expect(questionKey('ＡＢＣ卡丢了，怎么办!')).toBe('abc卡丢了怎么办');
    expect(questionKey('ＡＢＣ卡丢了，怎么办!')).toBe('abc卡丢了怎么办');
    expect(questionKey('异地就医 怎么备案？')).toBe('异地就医怎么备案');
  });
});

describe('parsing a questions file', () => {
  it('reads clauseId<TAB>question lines and skips comments and blank lines', () => {
    const text = '# 第三章 基本医疗保险\ncn-social-insurance-law:a23.p2\t没单位的能自己交职工医保吗\n\ncn-social-insurance-law:a23.p1\t单位必须给职工交医保吗\n';
    const { lines, warnings } = parseQuestionsFile('cn-social-insurance-law.tsv', text, 'cn-social-insurance-law', LAW_CLAUSES);
    expect(lines).toEqual([
      { line: 2, clauseId: 'cn-social-insurance-law:a23.p2', question: '没单位的能自己交职工医保吗' },
      { line: 4, clauseId: 'cn-social-insurance-law:a23.p1', question: '单位必须给职工交医保吗' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('names the file and line of a line without a tab', () => {
    expect(() => parseQuestionsFile('x.tsv', 'cn-social-insurance-law:a23.p2 没单位的能交吗\n', 'cn-social-insurance-law', LAW_CLAUSES))
      .toThrow('questions: x.tsv line 1: expected "clauseId<TAB>question", got "cn-social-insurance-law:a23.p2 没单位的能交吗"');
  });

  it('names an unknown clause id', () => {
    expect(() => parseQuestionsFile('x.tsv', '# c\ncn-social-insurance-law:a99\t灵活就业能参保吗\n', 'cn-social-insurance-law', LAW_CLAUSES))
      .toThrow('questions: x.tsv line 2: unknown clause id "cn-social-insurance-law:a99"');
  });

  it('refuses a clause of another document', () => {
    expect(() => parseQuestionsFile('x.tsv', 'cn-plan-2021:s1.p7\t参保率多少\n', 'cn-social-insurance-law', LAW_CLAUSES))
      .toThrow('questions: x.tsv line 1: clause id "cn-plan-2021:s1.p7" is not a clause of cn-social-insurance-law');
  });

  it('warns about a duplicate question, ignoring punctuation and width, and keeps the first', () => {
    const text = 'cn-social-insurance-law:a23.p2\t没单位能交职工医保吗？\ncn-social-insurance-law:a23.p1\t没单位能交职工医保吗\n';
    const { lines, warnings } = parseQuestionsFile('x.tsv', text, 'cn-social-insurance-law', LAW_CLAUSES);
    expect(lines).toHaveLength(1);
    expect(warnings).toEqual([{
      file: 'x.tsv', line: 2, severity: 'warning',
      message: 'questions: x.tsv line 2: duplicate question "没单位能交职工医保吗" (first on line 1)',
    }]);
  });
});

describe('loading a questions folder', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const documents = new Map([
    ['cn-social-insurance-law', LAW_CLAUSES],
    ['cn-plan-2021', new Set(['cn-plan-2021:s1.p7'])],
  ]);

  it('skips the document whose file has an error and loads the others', () => {
    dir = mkdtempSync(join(tmpdir(), 'questions-'));
    writeFileSync(join(dir, 'cn-social-insurance-law.tsv'), 'cn-social-insurance-law:a23.p2\t没单位能交吗\ncn-social-insurance-law:a77\t坏的\n');
    writeFileSync(join(dir, 'cn-plan-2021.tsv'), 'cn-plan-2021:s1.p7\t全国参保率现在多少\n');
    const { byClause, problems } = loadQuestions(dir, documents);
    expect([...byClause.keys()]).toEqual(['cn-plan-2021:s1.p7']);
    expect(problems).toEqual([{
      file: 'cn-social-insurance-law.tsv', line: 2,
      message: 'questions: cn-social-insurance-law.tsv line 2: unknown clause id "cn-social-insurance-law:a77" (cn-social-insurance-law\'s questions skipped)',
    }]);
  });

  it('reports a file for a document that is not loaded', () => {
    dir = mkdtempSync(join(tmpdir(), 'questions-'));
    writeFileSync(join(dir, 'bj-plan-2022.tsv'), 'bj-plan-2022:s1\t北京参保率\n');
    expect(loadQuestions(dir, documents).problems).toEqual([
      { file: 'bj-plan-2022.tsv', line: null, message: 'questions: bj-plan-2022.tsv: no document "bj-plan-2022" is loaded (skipped)' },
    ]);
  });

  it('is empty when the folder does not exist', () => {
    dir = join(tmpdir(), 'no-such-questions-folder');
    expect(loadQuestions(dir, documents)).toEqual({ byClause: new Map(), problems: [] });
  });

  it('throws QuestionsError only from the parser, never from the loader', () => {
    expect(new QuestionsError('a.tsv', 3, 'bad').message).toBe('questions: a.tsv line 3: bad');
  });
});

describe('the shipped alternate questions', () => {
  let kb: Retriever;
  beforeAll(() => {
    kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR, questionsDir: DEFAULT_QUESTIONS_DIR });
  });

  it('load with no error or warning', () => {
    expect(kb.problems).toEqual([]);
  });

  it('give at least three questions to at least 80 % of the clauses about medical insurance', () => {
    const all = coverageOf(kb.entries);
    const inScope = all.reduce((n, d) => n + d.inScope, 0);
    const covered = all.reduce((n, d) => n + d.covered, 0);
    expect(covered / inScope).toBeGreaterThanOrEqual(0.8);
  });

  it('leave the 养老保险 chapter of the law out of scope', () => {
    const law = coverageOf(kb.entries).find((d) => d.docId === 'cn-social-insurance-law');
    expect(law && law.inScope).toBeLessThan(law?.clauses ?? 0);
  });

  it('find a clause by the way people ask, while the quote stays the clause text', () => {
    const hit = kb.search('没单位的能不能自己交职工医保', { limit: 3 }).find((h) => h.clause.id === 'cn-social-insurance-law:a23.p2');
    expect(hit?.clause.text).toContain('灵活就业人员可以参加职工基本医疗保险');
  });

  it('repeat no question of an evaluation set: they are written from the clauses, not from the sets', () => {
    const sets = EVALUATION_SETS.filter((p) => existsSync(p));
    expect(sets.length).toBeGreaterThanOrEqual(3);
    const asked = new Set(sets.flatMap(evaluationQuestions).map(questionKey));
    const copies = kb.entries.flatMap((e) => e.alternates.filter((q) => asked.has(questionKey(q))));
    expect(copies).toEqual([]);
  });

  it('do not count as things the documents speak of: their characters do not make a word familiar', () => {
    const query = kb.analyze('宠物看病医保给报吗');
    expect(kb.unfamiliar(query)).toEqual(['宠物']);
  });
});
