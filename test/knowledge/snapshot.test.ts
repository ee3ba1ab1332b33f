import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_QUESTIONS_DIR } from '../../knowledge/questions';
import { SNAPSHOT_EXTENSION } from '../../knowledge/indexCache';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');
const VALIDATION = join(import.meta.dirname, '../../eval/validation.jsonl');
/** Real questions: the validation set's first 60 (answerable and not), each ranked in full. */
const QUESTIONS = readFileSync(VALIDATION, 'utf8').split('\n').filter(Boolean).slice(0, 60)
  .map((line) => (JSON.parse(line) as { question: string }).question);
/** 第四十八条: 失业人员 take part in 职工基本医疗保险 while they draw unemployment benefit. */
const CLAUSE = 'cn-social-insurance-law:a48.p1';
const QUESTION = '被老板炒鱿鱼了医保怎么办';

/** These tests build and load the whole index several times: slow on a busy machine (no timing is asserted). */
const SLOW_TEST_MS = 120_000;

const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `yibao-${name}-`));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

interface Logged {
  level: string;
  message: string;
}

/** A knowledge base over the shipped corpus with its index kept in `cacheDir`, and what it logged. */
function load(cacheDir: string, questionsDir: string = DEFAULT_QUESTIONS_DIR): { kb: Retriever; logged: Logged[] } {
  const logged: Logged[] = [];
  const kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR, questionsDir, indexCacheDir: cacheDir, log: (level, message) => logged.push({ level, message }) });
  return { kb, logged };
}

/** A log line with its timings and sizes blanked (they change from run to run). */
const stable = ({ level, message }: Logged) => `${level}: ${message.replace(/\d+\.\d+ s\b/g, 'T s').replace(/\(\d+\.\d MB\)/g, '(N MB)')}`;

const snapshotsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(SNAPSHOT_EXTENSION)).map((f) => join(dir, f));

/** Every candidate of every question: clause, score, relevance and coverage, in order. */
const rankings = (kb: Retriever) => QUESTIONS.map((q) => kb.rank(kb.analyze(q)).map((r) => [r.entry.clause.id, r.score, r.relevance, r.coverage]));

let built: Retriever;
beforeAll(() => {
  built = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
}, SLOW_TEST_MS);

describe('the index snapshot', () => {
  it('is built and saved when the cache folder has none, and loaded from then on', () => {
    const dir = tempDir('index');
    const first = load(dir);
    const [file] = snapshotsIn(dir);
    expect(first.logged.map(stable)).toEqual([`info: index: no snapshot in ${dir}; built the index in T s and saved ${file} (N MB)`]);
    const second = load(dir);
    expect(second.logged.map(stable)).toEqual([`info: index: loaded ${file} (N MB) in T s`]);
  }, SLOW_TEST_MS);

  it('ranks real questions exactly as the index it was saved from: same clauses, same order, same scores', () => {
    const dir = tempDir('index');
    load(dir);
    const { kb, logged } = load(dir);
    expect(logged[0]?.message).toMatch(/^index: loaded /);
    expect(QUESTIONS.length).toBe(60);
    expect(rankings(kb)).toEqual(rankings(built));
    expect(kb.search('灵活就业人员能参加职工医保吗')).toEqual(built.search('灵活就业人员能参加职工医保吗'));
  }, SLOW_TEST_MS);

  it('gives back the same documents, problems, clauses, statistics and vocabulary', () => {
    const dir = tempDir('index');
    load(dir);
    const { kb } = load(dir);
    expect(kb.documents).toEqual(built.documents);
    expect(kb.problems).toEqual(built.problems);
    expect(kb.entries.map((e) => [e.clause, e.alternates, e.topic, e.scheme, e.note, e.region, [...e.body], [...e.headings], [...e.questions]]))
      .toEqual(built.entries.map((e) => [e.clause, e.alternates, e.topic, e.scheme, e.note, e.region, [...e.body], [...e.headings], [...e.questions]]));
    const statsOf = (r: typeof kb) => ({ ...r.stats, df: r.stats.df('职工基本医疗保险'), ordinary: [r.stats.ordinary?.('再住'), r.stats.ordinary?.('仑卡奈单抗')] });
    expect(statsOf(kb)).toEqual(statsOf(built));
    expect([kb.knows('异地就医'), kb.knowsInText('异地就医'), kb.knows('宠物医院'), kb.domainSpecific('滞纳金')]).toEqual([true, true, false, true]);
    expect(kb.unfamiliar(kb.analyze('宠物医院看病能报销吗'))).toEqual(built.unfamiliar(built.analyze('宠物医院看病能报销吗')));
    expect(kb.clause('cn-social-insurance-law:a23.p1')).toEqual(built.clause('cn-social-insurance-law:a23.p1'));
  }, SLOW_TEST_MS);

  it('takes questions attached at run time on top of a loaded snapshot, without a rebuild', () => {
    const dir = tempDir('index');
    load(dir);
    const { kb } = load(dir);
    const position = () => kb.rank(kb.analyze(QUESTION)).findIndex((r) => r.entry.clause.id === CLAUSE);
    expect(kb.knows('炒鱿鱼')).toBe(false);
    expect(position()).not.toBe(0);
    expect(kb.addQuestion(CLAUSE, QUESTION)).toBe(true);
    expect(position()).toBe(0);
    expect(kb.knows('炒鱿鱼')).toBe(true);
    expect(kb.clausesForQuestion('被老板炒鱿鱼了，医保怎么办？')).toEqual([CLAUSE]);
    // The snapshot on disk is the shipped index: a new start does not know the attached question.
    expect(load(dir).kb.knows('炒鱿鱼')).toBe(false);
  }, SLOW_TEST_MS);

  it('is stale when a questions file changes: rebuilt with one log line, the old file removed', () => {
    const dir = tempDir('index');
    const questionsDir = tempDir('questions');
    cpSync(DEFAULT_QUESTIONS_DIR, questionsDir, { recursive: true });
    load(dir, questionsDir);
    const [old] = snapshotsIn(dir);
    appendFileSync(join(questionsDir, 'cn-social-insurance-law.tsv'), `\n${CLAUSE}\t${QUESTION}\n`);
    const { kb, logged } = load(dir, questionsDir);
    const [file] = snapshotsIn(dir);
    expect(file).not.toBe(old);
    expect(logged.map(stable)).toEqual([`info: index: the snapshot in ${dir} is stale (the corpus, data or code changed); built the index in T s and saved ${file} (N MB)`]);
    expect(kb.clausesForQuestion(QUESTION)).toEqual([CLAUSE]);
    expect(load(dir, questionsDir).logged[0]?.message).toMatch(/^index: loaded /);
  }, SLOW_TEST_MS);

  const damage: Array<[string, (file: string) => void, string]> = [
    ['a flipped byte', (file) => {
      const bytes = readFileSync(file);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = (bytes[middle] as number) ^ 0xff;
      writeFileSync(file, bytes);
    }, 'checksum mismatch (damaged or truncated)'],
    ['a truncated file', (file) => truncateSync(file, 1000), 'checksum mismatch (damaged or truncated)'],
    ['a file that is no snapshot', (file) => writeFileSync(file, '{"医保": "不是索引"}'), 'not a snapshot'],
  ];
  it.each(damage)('is rebuilt with one warning after %s, and ranks as before', (_what, spoil, reason) => {
    const dir = tempDir('index');
    load(dir);
    const [file] = snapshotsIn(dir) as [string];
    spoil(file);
    const { kb, logged } = load(dir);
    expect(logged.map(stable)).toEqual([`warn: index: snapshot ${file} is unusable: ${reason}; built the index in T s and saved ${file} (N MB)`]);
    expect(rankings(kb).slice(0, 10)).toEqual(rankings(built).slice(0, 10));
    expect(load(dir).logged[0]?.message).toMatch(/^index: loaded /);
  }, SLOW_TEST_MS);

  it('costs only the saving when the cache folder cannot be written', () => {
    const blocker = join(tempDir('index'), 'a-file');
    writeFileSync(blocker, '');
    const dir = join(blocker, 'index');
    const { kb, logged } = load(dir);
    expect(logged).toHaveLength(1);
    expect(stable(logged[0] as Logged)).toMatch(new RegExp(`^warn: index: no snapshot in ${dir}; built the index in T s, could not save it to ${dir}/index-[0-9a-f]{16}\\.snap: ENOTDIR`));
    expect(kb.search('异地就医备案').length).toBeGreaterThan(0);
  }, SLOW_TEST_MS);
});
