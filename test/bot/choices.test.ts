import { beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CANDIDATES_SHARE, closeChoices } from '../../bot/choices';
import type { AnswerEngine } from '../../bot/engine';
import { DEFAULT_ANSWERABILITY } from '../../bot/answerability';
import { bigramSimilarity } from '../../bot/similarity';
import { boostByAlternates } from '../../bot/alternateBoost';
import type { Retriever } from '../../knowledge/knowledgeBase';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { CORPUS_DIR } from '../http/realServer';

let kb: Retriever;
let engine: AnswerEngine;
beforeAll(async () => {
  ({ kb, engine } = await loadServices(parseConfig({ CORPUS_DIR })));
});

const QUESTIONS = [
  '甘肃医保谈判的那些贵药，能在药店买到还能报吗',
  '灵活就业人员能参加职工医保吗',
  '鄂州职工普通门诊统筹能去三甲医院看吗',
  '异地就医备案怎么办',
  '退休了还要交医保吗',
  '异地就医直接结算怎么推进的',
];

describe('您想问的是 choices', () => {
  it(`are offered exactly when the runner-up scores at least ${CLOSE_CANDIDATES_SHARE} of the answered clause`, () => {
    let offered = 0;
    for (const question of QUESTIONS) {
      const { answer, turn, clauseId } = engine.answer(question);
      // Ranked as the engine ranks: with the alternate-question stage.
      const ranked = boostByAlternates(kb.rank(turn.query, { region: turn.region }), question);
      const best = ranked.find((r) => r.entry.clause.id === clauseId);
      const other = ranked.find((r) => r !== best && r.coverage >= DEFAULT_ANSWERABILITY.minCoverage);
      if (!best || !other) continue;
      const close = Math.min(best.score, other.score) >= CLOSE_CANDIDATES_SHARE * Math.max(best.score, other.score);
      expect(answer.choices?.map((c) => c.clauseId), question).toEqual(close ? [best.entry.clause.id, other.entry.clause.id] : undefined);
      if (close) offered += 1;
    }
    expect(offered).toBeGreaterThan(0);
  });

  it('label each clause with its alternate question closest to what the user asked', () => {
    const question = '异地就医直接结算怎么推进的';
    const { turn, clauseId } = engine.answer(question);
    const ranked = boostByAlternates(kb.rank(turn.query, { region: turn.region }), question);
    const best = ranked.find((r) => r.entry.clause.id === clauseId);
    if (!best) throw new Error('the question is answered');
    const [choice] = closeChoices(question, best, ranked, DEFAULT_ANSWERABILITY.minCoverage);
    const closest = Math.max(...best.entry.alternates.map((q) => bigramSimilarity(q, question)));
    expect(bigramSimilarity(choice?.label ?? '', question)).toBe(closest);
  });

  it('are none when nothing else covers the question', () => {
    const { turn, clauseId } = engine.answer('灵活就业人员能参加职工医保吗');
    const ranked = kb.rank(turn.query, { region: turn.region });
    const best = ranked.find((r) => r.entry.clause.id === clauseId);
    if (!best) throw new Error('the question is answered');
    expect(closeChoices('灵活就业人员能参加职工医保吗', best, [best], DEFAULT_ANSWERABILITY.minCoverage)).toEqual([]);
  });
});
