import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { appendToQuestionFiles, docIdOf, exportText } from '../../review/export';
import type { AttachedQuestion } from '../../state/reviewStore';
import { SqliteReviewStore } from '../../state/sqliteReviewStore';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ATTACHED: AttachedQuestion[] = [
  { seq: 1, clauseId: 'cn-social-insurance-law:a48.p1', question: '辞职了医保怎么弄', at: 1 },
  { seq: 2, clauseId: 'cn-plan-2021:s3.c4.p1', question: '外地看病能直接结算吗', at: 2 },
  { seq: 3, clauseId: 'cn-social-insurance-law:a32', question: '换城市工作医保能转吗', at: 3 },
];

describe('exporting attached questions', () => {
  it('names the document of a clause', () => {
    expect(docIdOf('cn-plan-2021:s3.c4.p1')).toBe('cn-plan-2021');
  });

  it('writes questions-file lines under a comment naming each file, documents in order', () => {
    expect(exportText(ATTACHED)).toBe([
      '# cn-plan-2021.tsv',
      'cn-plan-2021:s3.c4.p1\t外地看病能直接结算吗',
      '# cn-social-insurance-law.tsv',
      'cn-social-insurance-law:a48.p1\t辞职了医保怎么弄',
      'cn-social-insurance-law:a32\t换城市工作医保能转吗',
      '',
    ].join('\n'));
    expect(exportText([])).toBe('');
  });

  it('appends to each questions file only the questions it does not have yet', () => {
    const files = join(dir, 'questions');
    mkdirSync(files);
    writeFileSync(join(files, 'cn-social-insurance-law.tsv'), '# 第三章\ncn-social-insurance-law:a48.p1\t辞职了，医保怎么弄？');
    const added = appendToQuestionFiles(files, ATTACHED);
    expect(Object.fromEntries(added)).toEqual({ 'cn-plan-2021': 1, 'cn-social-insurance-law': 1 });
    expect(readFileSync(join(files, 'cn-social-insurance-law.tsv'), 'utf8'))
      .toBe('# 第三章\ncn-social-insurance-law:a48.p1\t辞职了，医保怎么弄？\ncn-social-insurance-law:a32\t换城市工作医保能转吗\n');
    expect(readFileSync(join(files, 'cn-plan-2021.tsv'), 'utf8')).toBe('cn-plan-2021:s3.c4.p1\t外地看病能直接结算吗\n');
    expect(appendToQuestionFiles(files, ATTACHED).size).toBe(0);
  });

  it('prints them with npm run questions -- --export, from the database in DATA_DIR', async () => {
    const dataDir = join(dir, 'data');
    const store = SqliteReviewStore.inDataDir(dataDir);
    for (const q of ATTACHED) await store.attach(q.clauseId, q.question, q.question, q.at);
    await store.attach('cn-social-insurance-law:a999', '没有这个条款', '没有这个条款', 4);
    await store.close();
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'scripts/questions.ts', '--export'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '' } });
    expect(stdout).toBe(exportText(ATTACHED));
    expect(stderr).toContain('questions: attached question #4 is for clause "cn-social-insurance-law:a999", which the corpus does not have (left out)');
  });

  it('says where it looked when DATA_DIR has no review database', async () => {
    const empty = join(dir, 'empty');
    const run = promisify(execFile)('npx', ['tsx', 'scripts/questions.ts', '--export'], { cwd: ROOT, env: { ...process.env, DATA_DIR: empty, REDIS_URL: '' } });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(`questions: no review database at ${join(empty, 'review.db')} (set DATA_DIR, or REDIS_URL for a shared store)`) });
  });
});
