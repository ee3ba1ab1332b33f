/**
 * `npm run eval [file …]` — scores the answer engine on question sets (format in ../shared/eval/README.md).
 * With no file: ../shared/eval/dev.jsonl and ../shared/eval/dev-dialogues.jsonl.
 * Prints the figures and the declines per reason code (answerability.ts). `--misses` lists every
 * miss with its reason; `--outcomes=FILE` writes every question's outcome as one JSON line (to compare two
 * versions question by question); `--sweep` prints declined % and false-declined % (and top-1) over a range of
 * each threshold, the others at their defaults. Exits non-zero only on errors (unreadable files, bad lines).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compact } from '../knowledge/parse/text';
import { loadServices } from '../server/services';
import { parseConfig } from '../server/config';
import { createAnswerEngine, DEFAULT_ENGINE, type EngineParams } from '../bot/engine';
import { createConversation } from '../bot/conversation';
import { DECLINE_REASONS } from '../bot/answerability';
import { DEFAULT_RANKING } from '../knowledge/ranker';
import { DEFAULT_QUERY_WEIGHTS } from '../knowledge/query';
import type { Reply, ConversationState, ConversationHandler } from '../bot/types';

interface Gold { file: string; quote: string }
interface Question { id: string; question: string; topic?: string; region?: string | null; answerable: boolean; gold: Gold[] }
interface Dialogue { id: string; turns: Array<{ user: string; gold: Gold[]; answerable: boolean }> }

interface Outcome {
  id: string;
  question: string;
  topic: string;
  region: string;
  answerable: boolean;
  answered: boolean;
  top1: boolean;
  top3: boolean;
  cited: string;
  reason: string | null;
}

const DEFAULT_FILES = ['../shared/eval/dev.jsonl', '../shared/eval/dev-dialogues.jsonl'];

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as T];
    } catch (e) {
      throw new Error(`eval: ${path} line ${i + 1}: ${(e as Error).message}`);
    }
  });
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '—');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
}

interface Run {
  outcomes: Outcome[];
  quoteLengths: number[];
  notVerbatim: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showMisses = args.includes('--misses');
  const sweep = args.includes('--sweep');
  const outcomesFile = args.find((a) => a.startsWith('--outcomes='))?.slice('--outcomes='.length);
  const files = args.filter((a) => !a.startsWith('--'));
  const config = parseConfig(process.env);
  const services = await loadServices(config);
  const { kb } = services;
  const manifestDocs = new Map(kb.documents.map((d) => [d.file, d]));
  const sources = new Map<string, string>();
  const sourceOf = (docId: string) => {
    if (!sources.has(docId)) {
      const doc = kb.documents.find((d) => d.id === docId);
      sources.set(docId, doc ? compact(readFileSync(join(config.corpusDir, doc.file), 'utf8')) : '');
    }
    return sources.get(docId) as string;
  };
  const rows = (files.length ? files : DEFAULT_FILES).flatMap((rel) => readJsonl<Question | Dialogue>(resolve(rel)));

  const run = (conversation: ConversationHandler): Run => {
    const result: Run = { outcomes: [], quoteLengths: [], notVerbatim: 0 };
    const score = (id: string, question: string, meta: Partial<Question>, gold: Gold[], answerable: boolean, reply: Reply) => {
      const hit = (c: Reply['citations'][number] | undefined) => Boolean(c) && gold.some((g) =>
        manifestDocs.get(g.file)?.id === c?.docId && compact(c?.quote ?? '').includes(compact(g.quote)));
      const answered = reply.answered && reply.kind === 'answer';
      for (const c of reply.citations) {
        result.quoteLengths.push([...c.quote].length);
        if (!sourceOf(c.docId).includes(compact(c.quote))) result.notVerbatim += 1;
      }
      result.outcomes.push({
        id, question, answerable, answered,
        topic: meta.topic ?? 'dialogue',
        region: meta.region ?? 'none',
        top1: answered && hit(reply.citations[0]),
        top3: answered && reply.citations.slice(0, 3).some(hit),
        cited: reply.citations[0] ? `${reply.citations[0].docId} ${reply.citations[0].path}: ${reply.citations[0].quote.slice(0, 60)}` : `(declined: ${reply.reason ?? reply.kind})`,
        reason: answered ? null : (reply.reason ?? reply.kind),
      });
    };
    for (const row of rows) {
      if ('turns' in row) {
        let state: ConversationState | undefined;
        row.turns.forEach((t, i) => {
          const r = conversation.respond({ channel: 'eval', conversationId: row.id, userId: 'eval', kind: 'message', text: t.user }, state);
          state = r.state;
          score(`${row.id}.${i + 1}`, t.user, {}, t.gold, t.answerable, r.reply);
        });
      } else {
        const r = conversation.respond({ channel: 'eval', conversationId: row.id, userId: 'eval', kind: 'message', text: row.question }, undefined);
        score(row.id, row.question, row, row.gold, row.answerable, r.reply);
      }
    }
    return result;
  };

  if (sweep) {
    printSweep((params) => run(createConversation({ engine: createAnswerEngine(kb, params), kb, maxQuestionChars: config.maxQuestionChars })).outcomes);
    return;
  }
  const { outcomes, quoteLengths, notVerbatim } = run(services.conversation);
  if (outcomesFile) writeFileSync(outcomesFile, outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');

  const table = (title: string, key: (o: Outcome) => string) => {
    const groups = new Map<string, Outcome[]>();
    for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
    console.log(`\n${title.padEnd(16)} ${'n'.padStart(4)} ${'top-1'.padStart(8)} ${'top-3'.padStart(8)} ${'declined'.padStart(9)} ${'false-decl'.padStart(11)}`);
    for (const [k, os] of [...groups.entries()].sort()) {
      const ans = os.filter((o) => o.answerable);
      const un = os.filter((o) => !o.answerable);
      console.log(`${k.padEnd(16)} ${String(os.length).padStart(4)} ${pct(ans.filter((o) => o.top1).length, ans.length).padStart(8)} ${pct(ans.filter((o) => o.top3).length, ans.length).padStart(8)} ${pct(un.filter((o) => !o.answered).length, un.length).padStart(9)} ${pct(ans.filter((o) => !o.answered).length, ans.length).padStart(11)}`);
    }
  };
  table('topic', (o) => o.topic);
  table('region', (o) => o.region);
  console.log(`\n${'decline reason'.padEnd(26)} ${'unanswerable'.padStart(12)} ${'answerable'.padStart(11)}`);
  const reasons = [...DECLINE_REASONS, ...new Set(outcomes.flatMap((o) => (o.reason && !DECLINE_REASONS.includes(o.reason as never) ? [o.reason] : [])))];
  for (const reason of reasons) {
    const un = outcomes.filter((o) => !o.answerable && o.reason === reason).length;
    const an = outcomes.filter((o) => o.answerable && o.reason === reason).length;
    if (un || an) console.log(`${reason.padEnd(26)} ${String(un).padStart(12)} ${String(an).padStart(11)}`);
  }
  const single = outcomes.filter((o) => o.topic !== 'dialogue');
  const turns = outcomes.filter((o) => o.topic === 'dialogue');
  const ans = single.filter((o) => o.answerable);
  const un = single.filter((o) => !o.answerable);
  const turnOk = turns.filter((o) => (o.answerable ? o.top1 : !o.answered));
  const declinedRight = outcomes.filter((o) => !o.answerable && !o.answered).length;
  const declinedAll = outcomes.filter((o) => !o.answered).length;
  console.log('\nsummary');
  console.log(`  questions            ${single.length} (${ans.length} answerable, ${un.length} not)`);
  console.log(`  top-1                ${pct(ans.filter((o) => o.top1).length, ans.length)}`);
  console.log(`  top-3                ${pct(ans.filter((o) => o.top3).length, ans.length)}`);
  console.log(`  declined (unanswer.) ${pct(un.filter((o) => !o.answered).length, un.length)}   refusal precision ${pct(declinedRight, declinedAll)}`);
  console.log(`  false-declined       ${pct(ans.filter((o) => !o.answered).length, ans.length)}`);
  console.log(`  dialogue turns       ${pct(turnOk.length, turns.length)} of ${turns.length} right (answerable: top-1 hit; unanswerable: declined); top-3 ${pct(turns.filter((o) => o.answerable && o.top3).length, turns.filter((o) => o.answerable).length)}`);
  console.log(`  median quote length  ${median(quoteLengths)} characters over ${quoteLengths.length} citations; not verbatim: ${notVerbatim}`);
  if (showMisses) {
    console.log('\nmisses');
    for (const o of outcomes.filter((x) => (x.answerable ? !x.top1 : x.answered))) {
      console.log(`  ${o.id.padEnd(7)} ${o.answerable ? (o.top3 ? 'top3' : o.answered ? 'MISS' : 'DECL') : 'ANS!'} ${o.question}\n          → ${o.cited}`);
    }
  }
}

/** One threshold (or weight) varied over a range, everything else at its default. */
interface SweepAxis {
  name: string;
  values: number[];
  params(value: number): EngineParams;
}

const SWEEP: SweepAxis[] = [
  { name: 'minRelevance', values: [0, 1, 2, 3, 3.5, 4, 4.5, 5, 6], params: (v) => ({ ...DEFAULT_ENGINE, answerability: { ...DEFAULT_ENGINE.answerability, minRelevance: v } }) },
  { name: 'minCoverage', values: [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7], params: (v) => ({ ...DEFAULT_ENGINE, answerability: { ...DEFAULT_ENGINE.answerability, minCoverage: v } }) },
  { name: 'relatedMinShare', values: [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7], params: (v) => ({ ...DEFAULT_ENGINE, relatedMinShare: v }) },
  { name: 'minCarriedCoverage', values: [0, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9], params: (v) => ({ ...DEFAULT_ENGINE, answerability: { ...DEFAULT_ENGINE.answerability, minCarriedCoverage: v } }) },
  { name: 'fallbackShare', values: [0.3, 0.5, 0.7, 0.9, 1], params: (v) => ({ ...DEFAULT_ENGINE, answerability: { ...DEFAULT_ENGINE.answerability, fallbackShare: v } }) },
  { name: 'questions.boost', values: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, questions: { ...DEFAULT_RANKING.questions, boost: v } } }) },
  { name: 'questions.b', values: [0, 0.25, 0.5, 0.75, 1], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, questions: { ...DEFAULT_RANKING.questions, b: v } } }) },
  { name: 'query.storyFigure', values: [1, 0.75, 0.5, 0.25, 0.1], params: (v) => ({ ...DEFAULT_ENGINE, queryWeights: { ...DEFAULT_QUERY_WEIGHTS, storyFigure: v } }) },
  { name: 'query.action', values: [0.4, 0.6, 0.8, 1], params: (v) => ({ ...DEFAULT_ENGINE, queryWeights: { ...DEFAULT_QUERY_WEIGHTS, action: v } }) },
  { name: 'coordination', values: [0.5, 0.7, 1, 1.5, 2, 3], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, coordination: v } }) },
  { name: 'headingWeight', values: [0, 0.15, 0.3, 0.5, 1], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, headingWeight: v } }) },
  { name: 'bm25.k1', values: [0.6, 0.9, 1.2, 1.6, 2], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, bm25: { ...DEFAULT_RANKING.bm25, k1: v } } }) },
  {
    name: 'authority step', values: [0, 0.02, 0.05, 0.1],
    params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, kinds: { law: 1, 'administrative-regulation': 1 - v, 'local-regulation': 1 - 2 * v, plan: 1 - 3 * v, news: Math.min(0.8, 1 - 4 * v) } } }),
  },
  { name: 'actors.unnamedWrongdoer', values: [1, 0.8, 0.6, 0.4, 0.2], params: (v) => ({ ...DEFAULT_ENGINE, actors: { unnamedWrongdoer: v } }) },
  { name: 'alternateBoost', values: [0, 1, 2, 3, 4, 6], params: (v) => ({ ...DEFAULT_ENGINE, alternateBoost: { ...DEFAULT_ENGINE.alternateBoost, boost: v } }) },
  { name: 'alt.minSimilarity', values: [0, 0.1, 0.15, 0.2, 0.25, 0.3], params: (v) => ({ ...DEFAULT_ENGINE, alternateBoost: { ...DEFAULT_ENGINE.alternateBoost, minSimilarity: v } }) },
  { name: 'alt.minShare', values: [0.3, 0.5, 0.7, 0.9], params: (v) => ({ ...DEFAULT_ENGINE, alternateBoost: { ...DEFAULT_ENGINE.alternateBoost, minShare: v } }) },
  { name: 'nationalWhenRegional', values: [0.2, 0.3, 0.4, 0.5, 0.7], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, regions: { ...DEFAULT_RANKING.regions, nationalWhenRegional: v } } }) },
  { name: 'context.carriedPerOwn', values: [Infinity, 3, 2, 1.5, 1, 0.5], params: (v) => ({ ...DEFAULT_ENGINE, context: { ...DEFAULT_ENGINE.context, carriedPerOwn: v } }) },
  { name: 'context.previousWeight', values: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], params: (v) => ({ ...DEFAULT_ENGINE, context: { ...DEFAULT_ENGINE.context, previousWeight: v } }) },
  { name: 'regionalWhenNone', values: [0.2, 0.3, 0.4, 0.5, 0.7, 1], params: (v) => ({ ...DEFAULT_ENGINE, ranking: { ...DEFAULT_RANKING, regions: { ...DEFAULT_RANKING.regions, regionalWhenNone: v } } }) },
];

function printSweep(evaluate: (params: EngineParams) => Outcome[]): void {
  console.log(`${'parameter'.padEnd(18)} ${'value'.padStart(6)} ${'top-1'.padStart(8)} ${'top-3'.padStart(8)} ${'declined'.padStart(9)} ${'false-decl'.padStart(11)} ${'dialogue'.padStart(9)}`);
  const only = process.argv.find((a) => a.startsWith('--axis='))?.slice('--axis='.length).split(',');
  for (const axis of SWEEP.filter((a) => !only || only.includes(a.name))) {
    for (const value of axis.values) {
      const os = evaluate(axis.params(value));
      const single = os.filter((o) => o.topic !== 'dialogue');
      const ans = single.filter((o) => o.answerable);
      const un = single.filter((o) => !o.answerable);
      const turns = os.filter((o) => o.topic === 'dialogue');
      console.log(`${axis.name.padEnd(18)} ${String(value).padStart(6)} ${pct(ans.filter((o) => o.top1).length, ans.length).padStart(8)} ${pct(ans.filter((o) => o.top3).length, ans.length).padStart(8)} ${pct(un.filter((o) => !o.answered).length, un.length).padStart(9)} ${pct(ans.filter((o) => !o.answered).length, ans.length).padStart(11)} ${pct(turns.filter((o) => (o.answerable ? o.top1 : !o.answered)).length, turns.length).padStart(9)}`);
    }
    console.log('');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
