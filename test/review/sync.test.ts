import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { startQuestionSync, type QuestionSync } from '../../review/sync';
import { SqliteReviewStore } from '../../state/sqliteReviewStore';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
const store = new SqliteReviewStore(':memory:');
const problems: string[] = [];
let sync: QuestionSync;

beforeAll(async () => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
  await store.attach('cn-social-insurance-law:a48.p1', '被公司辞退了医保咋整', '被公司辞退了医保咋整', 1);
  await store.attach('cn-social-insurance-law:a999', '没有这个条款', '没有这个条款', 2);
  sync = await startQuestionSync({ kb, store, intervalMs: 0, onError: (m) => problems.push(m) });
});
afterAll(async () => {
  sync.stop();
  await store.close();
});

describe('keeping the knowledge base in step with attached questions', () => {
  it('applies every question attached so far before it resolves', () => {
    expect(kb.clausesForQuestion('被公司辞退了医保咋整')).toEqual(['cn-social-insurance-law:a48.p1']);
  });

  it('skips a question for a clause the corpus does not index, naming the clause and never the question', () => {
    expect(problems).toEqual(['review/sync: attached question #2 is for clause "cn-social-insurance-law:a999", which this corpus does not index (skipped)']);
  });

  it('applies a question attached later on the next pull, once', async () => {
    await store.attach('cn-social-insurance-law:a32', '换城市上班医保能带走吗', '换城市上班医保能带走吗', 3);
    expect(await sync.pull()).toBe(1);
    expect(await sync.pull()).toBe(0);
    expect(kb.clausesForQuestion('换城市上班医保能带走吗')).toEqual(['cn-social-insurance-law:a32']);
  });
});
