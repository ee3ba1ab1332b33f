import { beforeAll, describe, expect, it } from 'vitest';
import { boostByAlternates, DEFAULT_ALTERNATE_BOOST } from '../../bot/alternateBoost';
import { bestAlternateSimilarity } from '../../bot/alternateGrams';
import type { Entry, Ranked, Retriever } from '../../knowledge/knowledgeBase';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { CORPUS_DIR } from '../http/realServer';

let kb: Retriever;
beforeAll(async () => {
  ({ kb } = await loadServices(parseConfig({ CORPUS_DIR })));
});

const entry = (clauseId: string): Entry => {
  const found = kb.entries.find((e) => e.clause.id === clauseId);
  if (!found) throw new Error(`no entry ${clauseId}`);
  return found;
};

/** A candidate as ranking returns it, with the given score (relevance and coverage as if ranked). */
const candidate = (clauseId: string, score: number): Ranked => ({ entry: entry(clauseId), relevance: score, coverage: 0.8, score, matches: [] });

/** 第十三条 of the 经办规程: 职工医保关系随同转移 when someone takes a job in another city. */
const JOB_MOVE = 'cn-si-handling-reg:a13.p1';
/** 第十七条第二款: 军人保险关系转移接续 is served first. */
const ARMY_TRANSFER = 'cn-si-handling-reg:a17.p2';

describe('the alternate-question stage of ranking', () => {
  it('finds the most alike alternate question of a clause as written, fillers and all', () => {
    const job = bestAlternateSimilarity(entry(JOB_MOVE).alternates, '换了工作去别的城市，职工医保咋转');
    const army = bestAlternateSimilarity(entry(ARMY_TRANSFER).alternates, '换了工作去别的城市，职工医保咋转');
    expect(job).toBeGreaterThan(DEFAULT_ALTERNATE_BOOST.minSimilarity);
    expect(job).toBeGreaterThan(army);
  });

  it('puts the clause people ask about a job move this way above the army-transfer clause that shares only its words', () => {
    const ranked = [candidate(ARMY_TRANSFER, 6.5), candidate(JOB_MOVE, 5)];
    const boosted = boostByAlternates(ranked, '换了工作去别的城市，职工医保咋转');
    expect(boosted.map((r) => r.entry.clause.id)).toEqual([JOB_MOVE, ARMY_TRANSFER]);
  });

  it('changes the order only: relevance and coverage stay as ranked', () => {
    const [job] = boostByAlternates([candidate(JOB_MOVE, 5)], '换了工作去别的城市，职工医保咋转');
    expect(job?.score).toBeGreaterThan(5);
    expect([job?.relevance, job?.coverage]).toEqual([5, 0.8]);
  });

  it(`never lifts a candidate scoring under ${DEFAULT_ALTERNATE_BOOST.minShare} of the best`, () => {
    const ranked = [candidate(ARMY_TRANSFER, 10), candidate(JOB_MOVE, 10 * DEFAULT_ALTERNATE_BOOST.minShare - 0.01)];
    const boosted = boostByAlternates(ranked, '换了工作去别的城市，职工医保咋转');
    expect(boosted.map((r) => r.entry.clause.id)).toEqual([ARMY_TRANSFER, JOB_MOVE]);
    expect(boosted[1]?.score).toBe(ranked[1]?.score);
  });

  it('leaves every score alone when turned off, or when no alternate question shares two adjacent characters with the question', () => {
    const ranked = [candidate(ARMY_TRANSFER, 6.5), candidate(JOB_MOVE, 5)];
    expect(boostByAlternates(ranked, '换了工作去别的城市，职工医保咋转', { ...DEFAULT_ALTERNATE_BOOST, boost: 0 }).map((r) => r.score)).toEqual([6.5, 5]);
    expect(bestAlternateSimilarity(entry(JOB_MOVE).alternates, '明天下雨吗')).toBe(0);
    expect(boostByAlternates(ranked, '明天下雨吗').map((r) => r.score)).toEqual([6.5, 5]);
  });
});
