/**
 * `npm run questions -- --export` — the questions staff attached in the review console, as
 * questions-file lines (`clauseId<TAB>question`) under a `# <docId>.tsv` comment per document,
 * read from the configured review store (Redis when REDIS_URL is set, else DATA_DIR/review.db).
 * `--write` appends the ones each `knowledge/questions/<docId>.tsv` lacks, for review in git.
 * Questions for clauses the corpus no longer has are reported on stderr and left out.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../knowledge/knowledgeBase';
import { DEFAULT_QUESTIONS_DIR } from '../knowledge/questions';
import { appendToQuestionFiles, exportText } from '../review/export';
import { parseConfig } from '../server/config';
import { createReviewStore } from '../state/index';
import { REVIEW_DB_FILE } from '../state/sqliteReviewStore';

export async function exportQuestions(args: string[]): Promise<number> {
  const config = parseConfig(process.env);
  if (!config.redisUrl && !existsSync(join(config.dataDir, REVIEW_DB_FILE))) {
    console.error(`questions: no review database at ${join(config.dataDir, REVIEW_DB_FILE)} (set DATA_DIR, or REDIS_URL for a shared store)`);
    return 1;
  }
  const store = await createReviewStore(config.redisUrl, config.dataDir);
  try {
    const kb = loadKnowledgeBase({ corpusDir: config.corpusDir, questionsDir: null });
    const attached = (await store.attachedSince(0)).filter((q) => {
      if (kb.clause(q.clauseId)) return true;
      console.error(`questions: attached question #${q.seq} is for clause "${q.clauseId}", which the corpus does not have (left out)`);
      return false;
    });
    if (args.includes('--write')) {
      const added = appendToQuestionFiles(DEFAULT_QUESTIONS_DIR, attached);
      for (const [docId, n] of added) console.log(`${docId}.tsv: ${n} question${n === 1 ? '' : 's'} added`);
      if (added.size === 0) console.log('questions: every attached question is already in knowledge/questions/');
    } else {
      process.stdout.write(exportText(attached));
    }
    return 0;
  } finally {
    await store.close();
  }
}
