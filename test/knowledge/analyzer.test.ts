import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, splitBeforeOr, type Analyzer } from '../../knowledge/analyzer';
import { loadLexicon } from '../../knowledge/lexicon';
import { isWordToken, normalizeForMatch, stripEmoji } from '../../knowledge/normalize';
import { bundledStopWords, createSegmenter, UNKNOWN_TAG, type Segmenter } from '../../knowledge/segmenter';

const lexicon = loadLexicon();
let segmenter: Segmenter;
let analyzer: Analyzer;
let scratch: string;

beforeAll(() => {
  // nodejieba holds one dictionary per process: load the shipped one once for the whole file.
  segmenter = createSegmenter(lexicon.userDictPath);
  analyzer = createAnalyzer(segmenter, new Set([...lexicon.stopWords, ...bundledStopWords()]));
  scratch = mkdtempSync(join(tmpdir(), 'segmenter-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const tokens = (question: string) => analyzer.queryTokens(normalizeForMatch(question)).map((t) => t.token);

describe('segmentation with the user dictionary', () => {
  it.each(['异地就医', '门诊共济', '灵活就业人员', '城乡居民基本医疗保险'])('keeps %s whole in precise mode', (term) => {
    expect(segmenter.cut(`请问${term}有什么规定`)).toContain(term);
  });

  it('indexes 异地就医 as the whole term and its sub-words', () => {
    expect(analyzer.indexTerms('异地就医')).toEqual(expect.arrayContaining(['异地就医', '异地', '就医']));
  });

  it('indexes 门诊共济 as the whole term and its sub-words', () => {
    expect(analyzer.indexTerms('门诊共济')).toEqual(expect.arrayContaining(['门诊共济', '门诊', '共济']));
  });

  it('indexes 灵活就业人员 as the whole term and its sub-words', () => {
    expect(analyzer.indexTerms('灵活就业人员')).toEqual(expect.arrayContaining(['灵活就业人员', '灵活', '就业', '人员']));
  });

  it('indexes 城乡居民基本医疗保险 as the whole term and its sub-words', () => {
    expect(analyzer.indexTerms('参加城乡居民基本医疗保险')).toEqual(
      expect.arrayContaining(['城乡居民基本医疗保险', '城乡', '居民', '基本', '医疗', '保险', '参加']),
    );
  });

  it('keeps repeats in index terms so that term frequency counts them', () => {
    const terms = analyzer.indexTerms('完善门诊共济保障，推进门诊共济改革。');
    expect(terms.filter((t) => t === '门诊共济')).toHaveLength(2);
  });

  it('keeps a word no dictionary has together through HMM instead of single characters (杭研)', () => {
    expect(segmenter.cut('他来到了网易杭研大厦')).toEqual(['他', '来到', '了', '网易', '杭研', '大厦']);
  });

  it('keeps a word no dictionary has together in search mode as well', () => {
    expect(segmenter.cutForSearch('他来到了网易杭研大厦')).toContain('杭研');
  });
});

describe('query tokens', () => {
  it('drops stop words such as 吗, 怎么 and 能不能', () => {
    const words = tokens('跑外卖的能不能交医保吗，怎么交');
    for (const stop of ['吗', '怎么', '能不能', '的']) expect(words).not.toContain(stop);
    expect(words).toEqual(expect.arrayContaining(['跑外卖', '交医保']));
  });

  it('never turns emoji or punctuation into terms', () => {
    const words = tokens('异地就医怎么备案😀！！？？……');
    expect(words.length).toBeGreaterThan(0);
    for (const word of words) expect(isWordToken(word)).toBe(true);
    expect(words.join('')).not.toMatch(/[😀！？…]/u);
  });

  it('never indexes emoji or punctuation either', () => {
    for (const term of analyzer.indexTerms('门诊费用👍，能报销！（门诊共济）')) expect(isWordToken(term)).toBe(true);
  });

  it('reads full-width letters and digits as their ASCII forms (ＤＲＧ，２０２５)', () => {
    expect(tokens('ＤＲＧ付费，２０２５年')).toEqual(expect.arrayContaining(['drg', '付费', '2025']));
    expect(analyzer.indexTerms('ＤＲＧ付费，２０２５年')).toEqual(expect.arrayContaining(['drg', '2025']));
  });

  it('gives each token its position in the normalised text', () => {
    const normalized = normalizeForMatch('我在外地看病，异地就医要备案吗');
    for (const t of analyzer.queryTokens(normalized)) expect(normalized.slice(t.start, t.end)).toBe(t.token);
  });

  it('lists the dictionary sub-words of a long token, without the token itself', () => {
    const [token] = analyzer.queryTokens(normalizeForMatch('城乡居民基本医疗保险'));
    expect(token?.token).toBe('城乡居民基本医疗保险');
    expect(token?.subwords).toEqual(expect.arrayContaining(['城乡', '居民', '医疗', '保险']));
    expect(token?.subwords).not.toContain('城乡居民基本医疗保险');
  });

  it('gives a two-character token no sub-words', () => {
    expect(analyzer.queryTokens('医保').map((t) => t.subwords)).toEqual([[]]);
  });

  it('has no tokens for a message of emoji and punctuation only', () => {
    expect(analyzer.queryTokens(normalizeForMatch('😀👍！！？'))).toEqual([]);
  });

  it('reports stop words', () => {
    expect(analyzer.isStopWord('吗')).toBe(true);
    expect(analyzer.isStopWord('医保')).toBe(false);
  });
});

describe('normalisation helpers', () => {
  it('folds full width and case for matching', () => {
    expect(normalizeForMatch('ＤＲＧ和DIP，２０２５')).toBe('drg和dip,2025');
  });

  it('removes emoji with their joiners and skin tones, and nothing else', () => {
    expect(stripEmoji('异地就医👨‍👩‍👧👍🏽备案❤️')).toBe('异地就医备案');
  });

  it('treats letters and digits of any script as words, punctuation and symbols not', () => {
    expect(isWordToken('医保')).toBe(true);
    expect(isWordToken('drg')).toBe(true);
    expect(isWordToken('2025')).toBe(true);
    expect(isWordToken('，。！')).toBe(false);
    expect(isWordToken('%')).toBe(false);
    expect(isWordToken(' ')).toBe(false);
  });
});

describe('createSegmenter', () => {
  it('throws a clear error for a missing user dictionary instead of aborting the process', () => {
    const missing = join(scratch, 'no-such-userdict.txt');
    expect(() => createSegmenter(missing)).toThrow(`segmenter: user dictionary not found: ${missing}`);
  });

  it('refuses a second, different user dictionary in the same process', () => {
    const copy = join(scratch, 'userdict.txt');
    copyFileSync(lexicon.userDictPath, copy);
    expect(() => createSegmenter(copy)).toThrow(
      `segmenter: a different user dictionary is already loaded (${lexicon.userDictPath}), cannot load ${copy}`,
    );
  });

  it('shares the loaded dictionary with a second segmenter for the same file', () => {
    expect(createSegmenter(lexicon.userDictPath).cut('门诊共济')).toEqual(['门诊共济']);
  });

  it('finds the stop-word list that ships with jieba', () => {
    expect(bundledStopWords().length).toBeGreaterThan(1000);
  });
});

describe('parts of speech', () => {
  it('tags 宠物 as a noun and 瑞金医院 as an organisation, from the dictionary', () => {
    expect(analyzer.partOfSpeech('宠物')).toBe('n');
    expect(analyzer.partOfSpeech('瑞金医院')).toBe('nt');
  });

  it('tags a word the dictionary does not have (交着) as unknown', () => {
    expect(analyzer.partOfSpeech('交着')).toBe(UNKNOWN_TAG);
  });
});

describe('either-or questions', () => {
  it('reads 交还是 in 在西宁交还是回老家交 as 交 and 还是, not as 交还 (to hand back)', () => {
    expect(segmenter.cut('在西宁交还是回老家交')).toContain('交还');
    expect(tokens('医保是在西宁交还是回老家交啊')).not.toContain('交还');
    expect(tokens('医保是在西宁交还是回老家交啊')).toContain('交');
  });

  it('gives the 还 of a word to 还是 only when a word starting with 是 follows', () => {
    expect(splitBeforeOr(['交还', '是', '回老家'])).toEqual(['交', '还是', '回老家']);
    expect(splitBeforeOr(['交还', '是不是'])).toEqual(['交', '还是', '不是']);
    expect(splitBeforeOr(['按时', '交还', '借款'])).toEqual(['按时', '交还', '借款']);
  });
});
