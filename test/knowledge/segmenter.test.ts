import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../knowledge/lexicon';
import { createSegmenter, UNKNOWN_TAG } from '../../knowledge/segmenter';

describe('the segmenter\'s memo of words', () => {
  const segmenter = createSegmenter(loadLexicon().userDictPath);

  it('gives a word the same sub-words and tag from its memo as the first time, and a copy the caller may change', () => {
    const first = segmenter.cutForSearch('城乡居民医保');
    first.push('改动');
    expect(segmenter.cutForSearch('城乡居民医保')).toEqual(first.slice(0, -1));
    expect(segmenter.tag('灵活就业人员')).toBe(segmenter.tag('灵活就业人员'));
    expect(segmenter.tag('灵活就业人员')).not.toBe(UNKNOWN_TAG);
  });

  it('cuts a text asked for twice in a row the same way, giving each caller its own copy', () => {
    const first = segmenter.cut('异地就医直接结算怎么办');
    first.push('改动');
    expect(segmenter.cut('异地就医直接结算怎么办')).toEqual(first.slice(0, -1));
  });

  it('forgets what it memoised when a word is inserted', () => {
    // A made-up word, so no other test in this process sees a changed dictionary.
    const word = '甲乙丙丁戊';
    expect(segmenter.cut(word)).not.toContain(word);
    expect(segmenter.cutForSearch(word)).not.toContain(word);
    segmenter.addWords([word]);
    expect(segmenter.cut(word)).toContain(word);
    expect(segmenter.cutForSearch(word)).toContain(word);
  });
});
