/**
 * `npm run build-index` — builds the index (clause tree, segmentation, term counts, FlexSearch) and
 * saves it as the snapshot in INDEX_CACHE_DIR, which the server and the CLI then load at start.
 * The server also builds it by itself when it is missing or stale; this does it ahead (a deploy step).
 * Problems found in the corpus and the questions files are printed to stderr.
 */
import { clearSnapshots } from '../knowledge/indexCache';
import { loadKnowledgeBase } from '../knowledge/knowledgeBase';
import { parseConfig } from '../server/config';

const config = parseConfig(process.env);
clearSnapshots(config.indexCacheDir);
const kb = loadKnowledgeBase({
  corpusDir: config.corpusDir,
  indexCacheDir: config.indexCacheDir,
  log: (level, message) => (level === 'warn' ? console.error : console.log)(message),
});
for (const p of kb.problems) console.error(p.severity === 'warning' ? `warning: ${p.message}` : p.message);
console.log(`build-index: ${kb.documents.length} documents, ${kb.entries.length} clauses indexed`);
