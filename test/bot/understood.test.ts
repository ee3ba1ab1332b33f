import { describe, expect, it } from 'vitest';
import { UNDERSTOOD_MIN_SIMILARITY, understoodAs } from '../../bot/understood';
import { bigramSimilarity } from '../../bot/similarity';
import type { Entry, Ranked } from '../../knowledge/knowledgeBase';

/** A candidate whose clause has these alternate questions (nothing else of it is read). */
const answeredBy = (alternates: string[]): Ranked => ({ entry: { alternates } as unknown as Entry, relevance: 1, score: 1, coverage: 1, matches: [] });

const CONTRASTS = [['职工', '居民']];

describe('您问的是', () => {
  it('shows the alternate question that says the same in other words', () => {
    expect(understoodAs(answeredBy(['举报骗保查实了有奖励吗', '骗保怎么罚']), '举报骗保有奖励吗', CONTRASTS)).toBe('举报骗保查实了有奖励吗');
  });

  it(`shows nothing when the closest alternate question is less than ${UNDERSTOOD_MIN_SIMILARITY} alike: it is about something else the clause answers`, () => {
    const alternate = '医疗救助对象能及时精准识别吗';
    expect(bigramSimilarity(alternate, '医疗救助 对象 有哪些')).toBeLessThan(UNDERSTOOD_MIN_SIMILARITY);
    expect(understoodAs(answeredBy([alternate]), '医疗救助 对象 有哪些', CONTRASTS)).toBeNull();
  });

  it('never shows a 居民医保 question as how a 职工医保 question was understood', () => {
    const question = '职工医保住院能报多少';
    expect(bigramSimilarity('居民医保住院能报多少', question)).toBeGreaterThan(bigramSimilarity('职工医保住院报销比例多少', question));
    expect(understoodAs(answeredBy(['居民医保住院能报多少', '职工医保住院报销比例多少']), question, CONTRASTS)).toBe('职工医保住院报销比例多少');
  });

  it('shows nothing when the user asked exactly an alternate question', () => {
    expect(understoodAs(answeredBy(['举报骗保有奖励吗']), '举报骗保有奖励吗？', CONTRASTS)).toBeNull();
  });
});
