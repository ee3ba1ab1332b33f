/**
 * The side-by-side part of `npm run bench`: the project next to MiniSearch and raw FlexSearch, in one
 * process, over the same clauses (text and heading chain of every entry of the knowledge base) and
 * the same nodejieba tokens (the analyzer's `indexTerms`, for the clauses and for the questions).
 *
 * - this project: `engine.answer(question)` (the whole answer) and `kb.rank(kb.analyze(question))`
 *   (analysis and ranking only); its build is the knowledge base's load, timed by the caller;
 * - MiniSearch: `search(question)` with `tokenize` = indexTerms, its default term processing and BM25,
 *   over text and headings, and again with the clauses' alternate questions as a third field (what the
 *   project indexes too);
 * - FlexSearch, raw: the project's term index (knowledge/termIndex.ts: FlexSearch with the tokens as
 *   they are) built afresh, each question term looked up (at most SEARCH_LIMIT clauses each) and
 *   the ids unioned: no scoring at all, the floor a FlexSearch-based answer starts from.
 *
 * Ratios are to MiniSearch's figure in the same run (the machine is shared and noisy); the engines'
 * timing rounds take turns, so that each figure is measured over the same stretch of time.
 */
import MiniSearch from 'minisearch';
import type { AnswerEngine } from '../bot/engine';
import type { Retriever } from '../knowledge/knowledgeBase';
import { DEFAULT_SEARCH_LIMIT } from '../knowledge/knowledgeBase';
import { createTermIndex } from '../knowledge/termIndex';

/** Each question is asked this many times per engine for the latency figures. */
const COMPARE_ROUNDS = 5;
/** Passes over the questions per engine before timing: the first ones compile its path. */
const COMPARE_WARMUP_ROUNDS = 3;
/** Clauses each raw FlexSearch look-up returns per term (the knowledge base's default hit count). */
const SEARCH_LIMIT = DEFAULT_SEARCH_LIMIT;
const HEADING_SEPARATOR = ' ';

export interface EngineRow {
  engine: string;
  /** Build time in ms; null when it is measured elsewhere (the project's, from its load). */
  buildMs: number | null;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One engine's search, timed beside the others. */
interface Timed {
  engine: string;
  buildMs: number | null;
  run: (q: string) => unknown;
}

/**
 * p50/p99 in ms of each engine over every question, COMPARE_ROUNDS times, after COMPARE_WARMUP_ROUNDS
 * warm-up passes of each (V8 compiles each engine's path in its first passes). The rounds take turns (a round of each engine, then the next round of each): on a
 * shared machine every engine is timed over the same stretch of time, and none is timed alone in
 * the seconds after the builds, while the collector is still clearing what they left.
 */
function timeTogether(engines: readonly Timed[], questions: readonly string[]): EngineRow[] {
  for (const { run } of engines) for (let r = 0; r < COMPARE_WARMUP_ROUNDS; r++) for (const q of questions) run(q);
  const times: number[][] = engines.map(() => []);
  for (let r = 0; r < COMPARE_ROUNDS; r++) {
    engines.forEach(({ run }, i) => {
      for (const q of questions) {
        const t = performance.now();
        run(q);
        (times[i] as number[]).push(performance.now() - t);
      }
    });
  }
  return engines.map(({ engine, buildMs }, i) => {
    const sorted = (times[i] as number[]).sort((a, b) => a - b);
    return { engine, buildMs, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

/**
 * Builds MiniSearch and raw FlexSearch over `kb.entries` and times all four searches over `questions`.
 * `projectBuildMs` is the knowledge base's load (its build) as the caller measured it.
 */
export function compareEngines(kb: Retriever, engine: AnswerEngine | null, questions: readonly string[], projectBuildMs: number): EngineRow[] {
  const tokenize = (text: string) => kb.analyzer.indexTerms(text);
  const engines: Timed[] = [];

  if (engine) engines.push({ engine: 'this project: engine.answer', buildMs: projectBuildMs, run: (q) => engine.answer(q) });
  engines.push({ engine: 'this project: kb.rank', buildMs: engine ? null : projectBuildMs, run: (q) => kb.rank(kb.analyze(q)) });

  let t = performance.now();
  const mini = new MiniSearch<{ id: number; text: string; headings: string }>({ fields: ['text', 'headings'], tokenize });
  mini.addAll(kb.entries.map((e, id) => ({ id, text: e.clause.text, headings: e.clause.headings.join(HEADING_SEPARATOR) })));
  const miniBuildMs = performance.now() - t;
  engines.push({ engine: 'MiniSearch + jieba', buildMs: miniBuildMs, run: (q) => mini.search(q) });

  // The same with the alternate questions as a third field: the index holding what the project's holds.
  t = performance.now();
  const miniQ = new MiniSearch<{ id: number; text: string; headings: string; questions: string }>({ fields: ['text', 'headings', 'questions'], tokenize });
  miniQ.addAll(kb.entries.map((e, id) => ({ id, text: e.clause.text, headings: e.clause.headings.join(HEADING_SEPARATOR), questions: e.alternates.join(HEADING_SEPARATOR) })));
  const miniQBuildMs = performance.now() - t;
  engines.push({ engine: 'MiniSearch + jieba, with the alternate questions', buildMs: miniQBuildMs, run: (q) => miniQ.search(q) });

  t = performance.now();
  const flex = createTermIndex();
  kb.entries.forEach((e, id) => flex.add(id, [...tokenize(e.clause.headings.join(HEADING_SEPARATOR)), ...tokenize(e.clause.text)]));
  const flexBuildMs = performance.now() - t;
  const flexSearch = (q: string) => {
    const ids = new Set<number>();
    for (const term of new Set(tokenize(q))) for (const id of flex.lookup(term, SEARCH_LIMIT)) ids.add(id);
    return ids;
  };
  engines.push({ engine: 'FlexSearch + jieba, raw', buildMs: flexBuildMs, run: flexSearch });
  return timeTogether(engines, questions);
}

const fmt = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const ratio = (x: number, to: number | undefined) => (to ? `${(x / to).toFixed(2)}×` : '—');

/** The comparison as a Markdown table, with each figure's ratio to MiniSearch's. */
export function printComparison(title: string, rows: readonly EngineRow[]): void {
  const mini = rows.find((r) => r.engine.startsWith('MiniSearch'));
  console.log(`comparison: ${title} (same jieba tokens; ratio = figure / MiniSearch's)`);
  console.log('  | engine | build | ×Mini | p50/query | ×Mini | p99/query | ×Mini |');
  console.log('  |---|---|---|---|---|---|---|');
  for (const r of rows) {
    const build = r.buildMs === null ? '(above)' : fmt(r.buildMs);
    const buildRatio = r.buildMs === null ? '' : ratio(r.buildMs, mini?.buildMs ?? undefined);
    console.log(`  | ${r.engine} | ${build} | ${buildRatio} | ${fmt(r.p50)} | ${ratio(r.p50, mini?.p50)} | ${fmt(r.p99)} | ${ratio(r.p99, mini?.p99)} |`);
  }
}
