import { describe, expect, it } from 'vitest';
import { bigramSimilarity } from '../../bot/similarity';
import { groupQuestions, NEAR_DUPLICATE_SIMILARITY, type ReviewItem } from '../../review/group';

const declined = (question: string, at: number, extra: Partial<ReviewItem> = {}): ReviewItem =>
  ({ question, source: 'declined', at, channel: 'web', reason: 'weak_match', region: null, ...extra });

describe('how alike two questions are', () => {
  it('is 1 for the same question, punctuation and width aside, and 0 for nothing in common', () => {
    expect(bigramSimilarity('异地就医怎么备案', '异地就医怎么备案？')).toBe(1);
    expect(bigramSimilarity('异地就医怎么备案', 'ＡＢＣ')).toBe(0);
  });

  it('stays high when the words are reordered and falls for another subject', () => {
    expect(bigramSimilarity('怎么办理异地就医备案', '异地就医备案怎么办理')).toBe(0.8);
    expect(bigramSimilarity('异地就医怎么备案', '异地就医备案')).toBe(0.5);
    expect(bigramSimilarity('异地就医备案', '异地就医报销比例')).toBeCloseTo(1 / 3);
  });
});

describe('grouping questions for review', () => {
  it(`puts near-duplicates (similarity ≥ ${NEAR_DUPLICATE_SIMILARITY}) in one group, most asked first`, () => {
    const groups = groupQuestions([
      declined('异地就医报销比例是多少', 1),
      declined('怎么办理异地就医备案', 2),
      declined('异地就医备案怎么办理', 3),
      declined('异地就医备案怎么办理？', 4),
      declined('异地就医备案怎么办理', 5),
    ]);
    expect(groups.map((g) => [g.question, g.count])).toEqual([['异地就医备案怎么办理', 4], ['异地就医报销比例是多少', 1]]);
    expect(groups[0]?.variants).toEqual([{ question: '异地就医备案怎么办理', count: 3 }, { question: '怎么办理异地就医备案', count: 1 }]);
    expect(groups[0]?.lastAt).toBe(5);
  });

  it('counts where the questions came from, their reasons, regions and the clauses users named', () => {
    const [group] = groupQuestions([
      declined('青海门诊慢特病怎么报', 1, { reason: 'procedure_not_stated', region: '青海' }),
      declined('青海门诊慢特病怎么报', 2, { reason: 'procedure_not_stated', region: '青海', channel: 'wechat' }),
      { question: '青海门诊慢特病怎么报', source: 'not_useful', at: 3, channel: 'web', clauseId: 'qh-plan-2021:s3.c2.p1' },
      { question: '青海门诊慢特病怎么报', source: 'suggested', at: 4, channel: 'web', clauseId: 'qh-plan-2021:s3.c2.p2' },
    ]);
    expect(group).toMatchObject({
      count: 4,
      sources: { declined: 2, not_useful: 1, suggested: 1 },
      reasons: { procedure_not_stated: 2 },
      regions: { 青海: 2 },
      channels: { web: 3, wechat: 1 },
      notUsefulClauses: { 'qh-plan-2021:s3.c2.p1': 1 },
      pickedClauses: { 'qh-plan-2021:s3.c2.p2': 1 },
    });
  });

  it('leaves out questions that are only punctuation', () => {
    expect(groupQuestions([declined('？？', 1)])).toEqual([]);
  });
});
