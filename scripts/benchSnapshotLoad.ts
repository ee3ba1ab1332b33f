/**
 * Child process of `npm run bench`: loads a knowledge base from the snapshot in a cache folder, in a
 * fresh process (so its memory is the snapshot's alone), and prints one JSON line:
 * `{"from","jiebaMs","loadMs","rssMb","heapMb","entries"}`. Arguments: cache folder, corpus folder, and the
 * documents' name when the snapshot was built from given documents (the archive).
 */
import { loadKnowledgeBase } from '../knowledge/knowledgeBase';
import { loadLexicon } from '../knowledge/lexicon';
import { createSegmenter } from '../knowledge/segmenter';

const [cacheDir, corpusDir, documentsName] = process.argv.slice(2);
if (!cacheDir || !corpusDir) {
  console.error('usage: tsx scripts/benchSnapshotLoad.ts CACHE_DIR CORPUS_DIR [DOCUMENTS_NAME]');
  process.exit(2);
}
// The jieba dictionary first (the knowledge base then reuses it), so that the figures are the index's own.
const tj = performance.now();
createSegmenter(loadLexicon().userDictPath);
const jiebaMs = performance.now() - tj;
const rss0 = process.memoryUsage().rss;
let from = 'snapshot';
const t0 = performance.now();
const kb = loadKnowledgeBase({
  corpusDir,
  indexCacheDir: cacheDir,
  // The documents are not needed when the snapshot for their name is there; without it nothing is built.
  ...(documentsName ? { documents: [], documentsName } : {}),
  log: (_level, message) => {
    if (!message.startsWith('index: loaded')) from = message;
  },
});
const loadMs = performance.now() - t0;
const mem = process.memoryUsage();
kb.search('灵活就业人员能参加职工医保吗');
const mb = (n: number) => Math.round(n / 1024 / 1024);
console.log(JSON.stringify({ from, jiebaMs: Math.round(jiebaMs), loadMs: Math.round(loadMs), rssMb: mb(mem.rss), rssGrowthMb: mb(mem.rss - rss0), heapMb: mb(mem.heapUsed), entries: kb.entries.length }));
