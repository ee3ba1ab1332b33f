import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadLexicon, LexiconError } from '../../knowledge/lexicon';

/** A small but complete data folder; each test overrides the one file it is about. */
const VALID_FILES: Record<string, string> = {
  'userdict.txt': '# user dictionary\n异地就医 50000 n\n门诊共济 n\n灵活就业人员\n',
  'synonyms.txt': '# colloquial => official\n外地 => 异地\n跑外卖 => 灵活就业人员 新业态从业人员\nDRG付费 => DRG\n',
  'stopwords.txt': '吗 呢\n怎么\n',
  'regions.txt': 'national: 全国 国家\n甘肃: 甘肃 兰州 兰州新区\n青海: 西宁\n',
  'topics.txt': 'cross_province: 异地 备案\n',
  'domain.txt': '医保 DRG\n',
  'groups.txt': '灵活就业人员: 跑外卖 打零工\n',
  'insurance.txt': 'employee: 职工医保\nresident: 居民医保\n',
  'schemes.txt': '医疗: 医保\n养老: 养老保险\n',
  'contrasts.txt': '门诊 住院\n',
  'aliases.txt': 'cn-fund-supervision-reg: 监管条例 基金监管条例\n',
  'familiar.txt': '# fillers\n啥意思 咋办\n',
  'uncovered.txt': '# spoken of nowhere\n整形 伙食费\n',
  'meaningful.txt': '借 他人\n',
};

let dir: string;

function writeData(overrides: Record<string, string> = {}): void {
  for (const [file, text] of Object.entries({ ...VALID_FILES, ...overrides })) {
    writeFileSync(join(dir, file), text);
  }
}

/** The message loadLexicon fails with (fails the test when it does not throw a LexiconError). */
function failure(): string {
  try {
    loadLexicon(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(LexiconError);
    return (error as Error).message;
  }
  throw new Error('loadLexicon did not throw');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadLexicon on a valid data folder', () => {
  it('reads every file, sorting user words, synonyms and places longest first', () => {
    writeData();
    const lexicon = loadLexicon(dir);
    expect(lexicon.userDictPath).toBe(join(dir, 'userdict.txt'));
    expect(lexicon.userWords).toEqual(['灵活就业人员', '异地就医', '门诊共济']);
    expect(lexicon.synonyms.map((s) => s.phrase)).toEqual(['drg付费', '跑外卖', '外地']);
    expect(lexicon.places[0]).toEqual({ place: '兰州新区', region: '甘肃' });
    expect(lexicon.regions).toEqual(['national', '甘肃', '青海']);
    expect([...lexicon.stopWords].sort()).toEqual(['吗', '呢', '怎么'].sort());
    expect(lexicon.topics).toEqual([{ topic: 'cross_province', words: ['异地', '备案'] }]);
    expect(lexicon.groups).toEqual([{ name: '灵活就业人员', words: ['跑外卖', '打零工'] }]);
    expect(lexicon.insuranceTypes.map((t) => t.name)).toEqual(['employee', 'resident']);
    expect(lexicon.schemes.map((s) => s.name)).toEqual(['医疗', '养老']);
    expect(lexicon.aliases.get('cn-fund-supervision-reg')).toEqual(['监管条例', '基金监管条例']);
  });

  it('lower-cases synonym phrases, their official terms and the domain words', () => {
    writeData();
    const lexicon = loadLexicon(dir);
    expect(lexicon.synonyms.find((s) => s.phrase === 'drg付费')?.terms).toEqual(['drg']);
    expect(lexicon.domainWords).toEqual(['医保', 'drg']);
  });

  it('keeps every official term of a synonym line', () => {
    writeData();
    expect(loadLexicon(dir).synonyms.find((s) => s.phrase === '跑外卖')?.terms).toEqual(['灵活就业人员', '新业态从业人员']);
  });

  it('accepts a full-width colon in keyed lists', () => {
    writeData({ 'regions.txt': '青海： 西宁 海东\n' });
    expect(loadLexicon(dir).places.map((p) => p.place).sort()).toEqual(['海东', '西宁'].sort());
  });
});

describe('loadLexicon on a malformed data folder', () => {
  it('names the synonyms line that has no arrow', () => {
    writeData({ 'synonyms.txt': '# colloquial => official\n外地 => 异地\n跑外卖 灵活就业人员\n' });
    expect(failure()).toBe('lexicon: synonyms.txt line 3: expected "colloquial => official …", got "跑外卖 灵活就业人员"');
  });

  it('names the synonyms line with nothing on the right of the arrow', () => {
    writeData({ 'synonyms.txt': '外地 =>\n' });
    expect(failure()).toBe('lexicon: synonyms.txt line 1: expected "colloquial => official …", got "外地 =>"');
  });

  it('names the synonyms line with two arrows', () => {
    writeData({ 'synonyms.txt': '\n\n新农合 => 居民医保 => 城乡居民基本医疗保险\n' });
    expect(failure()).toBe(
      'lexicon: synonyms.txt line 3: expected "colloquial => official …", got "新农合 => 居民医保 => 城乡居民基本医疗保险"',
    );
  });

  it('names the user dictionary line whose fields are separated by two spaces', () => {
    writeData({ 'userdict.txt': '异地就医 50000 n\n门诊共济  50000 n\n' });
    expect(failure()).toBe(
      'lexicon: userdict.txt line 2: expected "word", "word tag" or "word freq tag" separated by single spaces, got "门诊共济  50000 n"',
    );
  });

  it('names the user dictionary line with too many fields', () => {
    writeData({ 'userdict.txt': '# header\n门诊 共济 50000 n\n' });
    expect(failure()).toBe(
      'lexicon: userdict.txt line 2: expected "word", "word tag" or "word freq tag" separated by single spaces, got "门诊 共济 50000 n"',
    );
  });

  it('names the user dictionary line whose frequency is not a whole number', () => {
    writeData({ 'userdict.txt': '异地就医 很多 n\n' });
    expect(failure()).toBe('lexicon: userdict.txt line 1: frequency must be a whole number, got "很多"');
  });

  it('names the regions line without a colon', () => {
    writeData({ 'regions.txt': 'national: 全国\n甘肃 兰州 天水\n' });
    expect(failure()).toBe('lexicon: regions.txt line 2: expected "region: word word …", got "甘肃 兰州 天水"');
  });

  it('names the topics line with nothing after the colon', () => {
    writeData({ 'topics.txt': 'outpatient:\n' });
    expect(failure()).toBe('lexicon: topics.txt line 1: expected "topic: word word …", got "outpatient:"');
  });

  it('names the uncovered.txt line of a thing that is also a synonym phrase', () => {
    writeData({ 'uncovered.txt': '整形\n跑外卖 伙食费\n' });
    expect(failure()).toBe('lexicon: uncovered.txt line 2: "跑外卖" is also a synonym phrase (synonyms.txt line 3): keep it in one of them');
  });

  it('names the uncovered.txt line of a thing that is also a familiar word', () => {
    writeData({ 'uncovered.txt': '咋办\n' });
    expect(failure()).toBe('lexicon: uncovered.txt line 1: "咋办" is also a familiar word (familiar.txt): keep it in one of them');
  });

  it('names a missing data file with line 0 and its path', () => {
    writeData();
    rmSync(join(dir, 'schemes.txt'));
    expect(failure()).toBe(`lexicon: schemes.txt line 0: missing file ${join(dir, 'schemes.txt')}`);
  });
});

describe('the shipped data folder', () => {
  const lexicon = loadLexicon(DEFAULT_DATA_DIR);

  it('loads without errors and lists the six region codes in file order', () => {
    expect(lexicon.regions).toEqual(['national', '甘肃', '青海', '鄂州', '上海', '浙江']);
  });

  it('has the domain terms in its user dictionary', () => {
    for (const word of ['异地就医', '门诊共济', '灵活就业人员', '城乡居民基本医疗保险']) {
      expect(lexicon.userWords).toContain(word);
    }
  });

  it('sorts synonym phrases so that a longer phrase is tried before a phrase inside it', () => {
    const lengths = lexicon.synonyms.map((s) => s.phrase.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('makes medical insurance the default scheme', () => {
    expect(lexicon.schemes[0]?.name).toBe('医疗');
  });
});
