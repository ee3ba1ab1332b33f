/**
 * `npm run bench` — speed and memory, never asserted in unit tests:
 * - start-up: corpus parsing + indexing (in-process), and where the real start's time goes (startup.ts);
 * - memory: RSS and heap after loading;
 * - per-answer latency p50/p99 over the evaluation questions, in-process;
 * - the index snapshot (knowledge/snapshot.ts): building the index vs loading its snapshot, each in a
 *   fresh process after the jieba dictionary (scripts/benchSnapshotLoad.ts), with the RSS it adds;
 * - `--scale [archive]`: ingestion, indexing and search over the LawRefBook archive
 *   (../shared/bench/lawrefbook-laws.tar.gz, 3,504 laws) on top of the corpus, and its snapshot;
 *   `--sample N` keeps every N-th law of the archive (`--sample 10`: about 24,000 clauses);
 *   `--keep-snapshot DIR` writes the archive's snapshot into DIR and leaves it there (to profile
 *   its load: `tsx scripts/benchSnapshotLoad.ts DIR knowledge/corpus NAME`, NAME as printed);
 * - the comparison (compare.ts): the project next to MiniSearch and raw FlexSearch with the same
 *   jieba tokens over the validation questions, on the corpus and (`--scale`) on the archive.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parseLaw } from '../knowledge/parse/law';
import { loadCorpus } from '../knowledge/corpus';
import { loadKnowledgeBase } from '../knowledge/knowledgeBase';
import type { DocumentMeta, ParsedDocument } from '../knowledge/types';
import { parseConfig } from '../server/config';
import { loadServices } from '../server/services';
import { reportStartup } from './startup';
import { createAnswerEngine } from '../bot/engine';
import { compareEngines, printComparison } from './compare';

/** Each question is answered this many times for the latency figures. */
const ROUNDS = 20;
/**
 * Passes over the questions before timing. The first passes compile the answer path as V8 tiers
 * it up (one pass left a p99 of 4–5 ms made of compilation pauses, not of answering); after them
 * the figures are the steady state of a running server. The cold first answer is what the
 * start-up lines report.
 */
const WARMUP_ROUNDS = 5;
const DEFAULT_ARCHIVE = '../shared/bench/lawrefbook-laws.tar.gz';
const QUESTION_FILES = ['../shared/eval/dev.jsonl'];
/** The questions every engine of the comparison is timed on (read as query strings only). */
const COMPARE_QUESTION_FILE = 'eval/validation.jsonl';
/** Fallback questions when the evaluation set is not beside the checkout. */
const FALLBACK_QUESTIONS = ['灵活就业人员能参加职工医保吗', '我在兰州交的医保，去上海看病能直接报吗？', '异地就医备案现在比以前好办点了没'];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function questions(files: readonly string[] = QUESTION_FILES): string[] {
  const found = files.filter(existsSync).flatMap((f) =>
    readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question));
  return found.length ? found : FALLBACK_QUESTIONS;
}

interface SnapshotLoad {
  from: string;
  jiebaMs: number;
  loadMs: number;
  rssMb: number;
  rssGrowthMb: number;
  heapMb: number;
  entries: number;
}

/** Loads the knowledge base with its index cached in `cacheDir`, in a new process (scripts/benchSnapshotLoad.ts). */
function snapshotLoad(cacheDir: string, corpusDir: string, documentsName?: string): SnapshotLoad {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/benchSnapshotLoad.ts', cacheDir, corpusDir, ...(documentsName ? [documentsName] : [])], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as SnapshotLoad;
}

const sizeOfSnapshots = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

function printSnapshot(label: string, r: SnapshotLoad): void {
  console.log(`  ${label.padEnd(34)} ${ms(r.loadMs)}   RSS +${r.rssGrowthMb} MB (${r.rssMb} MB in all, jieba ${ms(r.jiebaMs)}), heap ${r.heapMb} MB, ${r.entries} entries`);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') && !name.startsWith('_') ? [path] : [];
  });
}

/** Parses every law of the archive; returns the parsed documents and how many could not be parsed. */
function ingestArchive(archive: string): { documents: ParsedDocument[]; failed: number; files: number } {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-bench-'));
  try {
    execFileSync('tar', ['xzf', archive, '-C', dir]);
    const files = markdownFiles(dir);
    const documents: ParsedDocument[] = [];
    let failed = 0;
    files.forEach((path, i) => {
      const meta: DocumentMeta = {
        id: `bench-${i}`, file: relative(dir, path), title: basename(path, '.md'), issuer: '', docNumber: null,
        date: null, region: '全国', level: 'national', kind: 'law',
      };
      try {
        documents.push({ meta, clauses: parseLaw(meta, readFileSync(path, 'utf8')) });
      } catch {
        failed += 1; // templates and notes in the archive that are not laws
      }
    });
    return { documents, failed, files: files.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function latency(label: string, answer: (q: string) => unknown, qs: string[]): void {
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const q of qs) answer(q);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of qs) {
      const t = performance.now();
      answer(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(34)} p50 ${ms(percentile(times, 50))}   p99 ${ms(percentile(times, 99))}   max ${ms(times[times.length - 1] ?? 0)}   (${times.length} answers)`);
}

/** `--sample N`: every N-th law of the archive (1: all of them). */
function sampleEvery(argv: string[]): number {
  const at = argv.indexOf('--sample');
  if (at < 0) return 1;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: --sample needs a whole number of 1 or more, got ${argv[at + 1] ?? 'nothing'}`);
  return n;
}

async function main(): Promise<void> {
  const scaleAt = process.argv.indexOf('--scale');
  const config = parseConfig(process.env);
  const rss0 = process.memoryUsage().rss;

  let t = performance.now();
  const corpus = loadCorpus(config.corpusDir);
  const parseMs = performance.now() - t;
  t = performance.now();
  const services = await loadServices(config);
  const loadMs = performance.now() - t;
  const mem = process.memoryUsage();
  const clauses = corpus.documents.reduce((n, d) => n + d.clauses.length, 0);

  console.log('corpus');
  console.log(`  documents / clauses                ${corpus.documents.length} / ${clauses}`);
  console.log(`  parse all documents                ${ms(parseMs)}`);
  console.log(`  load services (dict+index)         ${ms(loadMs)}   (jieba dictionary, then the index: its snapshot in INDEX_CACHE_DIR when current)`);
  console.log(`  memory after load                  RSS ${mb(mem.rss)} (+${mb(mem.rss - rss0)}), heap ${mb(mem.heapUsed)}`);
  await reportStartup();

  const cacheDir = mkdtempSync(join(tmpdir(), 'yibao-bench-index-'));
  try {
    console.log('index snapshot (new process each, after the jieba dictionary)');
    printSnapshot('build the index (no snapshot)', snapshotLoad(cacheDir, config.corpusDir));
    console.log(`  snapshot size                      ${mb(sizeOfSnapshots(cacheDir))}`);
    printSnapshot('load the snapshot', snapshotLoad(cacheDir, config.corpusDir));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }

  const qs = questions();
  console.log('latency (in-process)');
  latency('answer (conversation.respond)', (q) => services.conversation.respond({ channel: 'bench', conversationId: 'b', userId: 'b', kind: 'message', text: q }, undefined), qs);
  latency('search (kb.search, 10 hits)', (q) => services.kb.search(q), qs);

  const compareQs = questions([COMPARE_QUESTION_FILE]);
  t = performance.now();
  const fresh = loadKnowledgeBase({ corpusDir: config.corpusDir });
  const freshMs = performance.now() - t;
  printComparison(`the corpus, ${fresh.entries.length} entries, ${compareQs.length} questions; the project's build: the knowledge base without a snapshot, jieba loaded`,
    compareEngines(fresh, createAnswerEngine(fresh), compareQs, freshMs));

  if (scaleAt >= 0) {
    const archive = process.argv[scaleAt + 1] && !process.argv[scaleAt + 1]?.startsWith('--') ? (process.argv[scaleAt + 1] as string) : DEFAULT_ARCHIVE;
    // A sample is a different set of documents: its snapshot must not be taken for the whole archive's.
    if (!existsSync(archive)) throw new Error(`bench: archive not found: ${archive}`);
    console.log(`scale (${archive})`);
    t = performance.now();
    const ingested = ingestArchive(archive);
    const ingestMs = performance.now() - t;
    const every = sampleEvery(process.argv);
    const laws = ingested.documents.filter((_d, i) => i % every === 0);
    if (every > 1) console.log(`  sample                             every ${every}th law: ${laws.length} of ${ingested.documents.length}`);
    const all = [...corpus.documents, ...laws];
    const scaleClauses = all.reduce((n, d) => n + d.clauses.length, 0);
    const before = process.memoryUsage().rss;
    const keepAt = process.argv.indexOf('--keep-snapshot');
    const kept = keepAt >= 0 ? process.argv[keepAt + 1] : undefined;
    if (keepAt >= 0 && !kept) throw new Error('bench: --keep-snapshot needs a folder');
    const scaleCache = kept ?? mkdtempSync(join(tmpdir(), 'yibao-bench-index-'));
    const documentsName = createHash('sha256').update(readFileSync(archive)).update(`every ${every}`).digest('hex');
    if (kept) console.log(`  snapshot kept in ${kept} for documents named ${documentsName}`);
    t = performance.now();
    const big = loadKnowledgeBase({
      corpusDir: config.corpusDir, documents: all, indexCacheDir: scaleCache, documentsName,
      log: (_level, message) => console.log(`  ${message}`),
    });
    const indexMs = performance.now() - t;
    const after = process.memoryUsage();
    console.log(`  files / parsed / not laws          ${ingested.files} / ${ingested.documents.length} / ${ingested.failed}`);
    console.log(`  clauses                            ${scaleClauses}`);
    console.log(`  extract + parse                    ${ms(ingestMs)}`);
    console.log(`  index (and save its snapshot)      ${ms(indexMs)}`);
    console.log(`  memory after index                 RSS ${mb(after.rss)} (+${mb(after.rss - before)}), heap ${mb(after.heapUsed)}`);
    latency('search over the archive', (q) => big.search(q), qs);
    printComparison(`the archive, ${big.entries.length} entries, ${compareQs.length} questions; the project's build: the index above`,
      compareEngines(big, createAnswerEngine(big), compareQs, indexMs));
    try {
      printSnapshot('load the archive\'s snapshot', snapshotLoad(scaleCache, config.corpusDir, documentsName));
    } finally {
      if (!kept) rmSync(scaleCache, { recursive: true, force: true });
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
