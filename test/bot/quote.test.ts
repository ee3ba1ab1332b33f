import { describe, expect, it } from 'vitest';
import { ELLIPSIS, MIN_SENTENCE_SHARE, selectQuote, splitSentences } from '../../bot/quote';

/** The quote without its ellipsis marks, as pieces that must each occur verbatim in the source. */
const pieces = (quote: string) => quote.split(ELLIPSIS).filter(Boolean);
const bodyLength = (quote: string) => [...quote.replaceAll(ELLIPSIS, '')].length;

// Four sentences of a made-up clause, each about one thing.
const S0 = '职工基本医疗保险覆盖用人单位及其职工。';
const S1 = '灵活就业人员可以参加职工基本医疗保险，由个人缴纳基本医疗保险费。';
const S2 = '放开对灵活就业人员参保的户籍限制；';
const S3 = '落实困难群众分类资助参保政策。';
const CLAUSE = S0 + S1 + S2 + S3;

describe('splitSentences', () => {
  it('splits at 。！？； and keeps the punctuation with its sentence', () => {
    expect(splitSentences(CLAUSE).map((s) => s.text)).toEqual([S0, S1, S2, S3]);
  });

  it('gives offsets that slice the sentence back out of the text', () => {
    for (const s of splitSentences(CLAUSE)) expect(CLAUSE.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits law items written one per line', () => {
    const text = '第三十八条 定点医药机构有下列情形之一的，责令改正：\n（一）分解住院、挂床住院；\n（二）重复收费';
    expect(splitSentences(text).map((s) => s.text.trim())).toEqual([
      '第三十八条 定点医药机构有下列情形之一的，责令改正：',
      '（一）分解住院、挂床住院；',
      '（二）重复收费',
    ]);
  });

  it('keeps a run of end marks with the sentence they end', () => {
    expect(splitSentences('能报销吗？！可以。').map((s) => s.text)).toEqual(['能报销吗？！', '可以。']);
  });

  it('keeps a last sentence without an end mark', () => {
    expect(splitSentences('异地就医。直接结算').map((s) => s.text)).toEqual(['异地就医。', '直接结算']);
  });

  it('skips blank pieces', () => {
    expect(splitSentences('  \n\n ')).toEqual([]);
    expect(splitSentences('备案。\n\n结算。').map((s) => s.text.trim())).toEqual(['备案。', '结算。']);
  });
});

describe('selectQuote', () => {
  it('quotes a clause that fits whole and says it is complete', () => {
    expect(selectQuote(`  ${CLAUSE}\n`, [{ term: '户籍', weight: 1 }], 200)).toEqual({ quote: CLAUSE, complete: true });
  });

  it('quotes the best sentence verbatim with ellipsis marks for what was left out on both sides', () => {
    const { quote, complete } = selectQuote(CLAUSE, [{ term: '户籍', weight: 1 }], 30);
    expect(complete).toBe(false);
    expect(quote).toBe(`${ELLIPSIS}${S2}${ELLIPSIS}`);
  });

  it('leaves out the leading ellipsis when the quote starts with the first sentence', () => {
    expect(selectQuote(CLAUSE, [{ term: '用人单位', weight: 1 }], 30).quote).toBe(`${S0}${ELLIPSIS}`);
  });

  it('leaves out the trailing ellipsis when the quote ends with the last sentence', () => {
    expect(selectQuote(CLAUSE, [{ term: '困难群众', weight: 1 }], 30).quote).toBe(`${ELLIPSIS}${S3}`);
  });

  it('joins adjacent sentences without a mark and puts one mark in a gap, in document order', () => {
    const terms = [{ term: '困难群众', weight: 1 }, { term: '用人单位', weight: 1 }, { term: '户籍', weight: 1 }];
    expect(selectQuote(CLAUSE, terms, 60).quote).toBe(`${S0}${ELLIPSIS}${S2}${S3}`);
  });

  it(`adds a sentence scoring at least ${MIN_SENTENCE_SHARE} of the best one`, () => {
    const terms = [{ term: '户籍', weight: 10 }, { term: '困难群众', weight: 10 * MIN_SENTENCE_SHARE }];
    expect(selectQuote(CLAUSE, terms, 60).quote).toBe(`${ELLIPSIS}${S2}${S3}`);
  });

  it('leaves out a sentence scoring less than that share', () => {
    const terms = [{ term: '户籍', weight: 10 }, { term: '困难群众', weight: 10 * MIN_SENTENCE_SHARE - 0.1 }];
    expect(selectQuote(CLAUSE, terms, 60).quote).toBe(`${ELLIPSIS}${S2}${ELLIPSIS}`);
  });

  it('leaves out a relevant sentence that would not fit and keeps one that does', () => {
    const terms = [{ term: '户籍', weight: 10 }, { term: '个人缴纳', weight: 9 }, { term: '困难群众', weight: 8 }];
    const { quote } = selectQuote(CLAUSE, terms, S2.length + S3.length + 5);
    expect(quote).toBe(`${ELLIPSIS}${S2}${S3}`);
  });

  it('quotes the first sentence when no term matches', () => {
    expect(selectQuote(CLAUSE, [], 30).quote).toBe(`${S0}${ELLIPSIS}`);
  });

  it('matches terms through the normalised text (full-width letters)', () => {
    const text = '推进按ＤＲＧ付费。完善总额预算管理。落实异地就医结算。';
    expect(selectQuote(text, [{ term: 'drg', weight: 1 }], 12).quote).toBe(`推进按ＤＲＧ付费。${ELLIPSIS}`);
  });

  describe('an item of a list', () => {
    // 医疗保障基金使用监督管理条例 第三十八条: the penalty is in the line that opens the list.
    const LEAD = '第三十八条 定点医药机构有下列情形之一的，由医疗保障行政部门责令改正，并可以约谈有关负责人；造成医疗保障基金损失的，责令退回，处造成损失金额1倍以上2倍以下的罚款：';
    const ARTICLE = `${LEAD}\n\n（一）分解住院、挂床住院；\n\n（三）重复收费、超标准收费、分解项目收费；\n\n（四）串换药品、医用耗材、诊疗项目和服务设施；\n\n（七）造成医疗保障基金损失的其他违法行为。`;

    it('quotes 串换药品 with the lead-in that says who is fined and how much', () => {
      const { quote } = selectQuote(ARTICLE, [{ term: '串换', weight: 1 }], 150);
      expect(quote).toBe(`${LEAD}${ELLIPSIS}（四）串换药品、医用耗材、诊疗项目和服务设施；${ELLIPSIS}`);
    });

    it('quotes the item alone when the lead-in does not fit beside it', () => {
      const { quote } = selectQuote(ARTICLE, [{ term: '串换', weight: 1 }], 60);
      expect(quote).toBe(`${ELLIPSIS}（四）串换药品、医用耗材、诊疗项目和服务设施；${ELLIPSIS}`);
    });

    it('adds no lead-in to a sentence that is no item', () => {
      const text = `${S0}${S1}\n（一）${S2}`;
      expect(selectQuote(text, [{ term: '户籍', weight: 1 }], 40).quote).toBe(`${ELLIPSIS}（一）${S2}`);
      expect(selectQuote(CLAUSE, [{ term: '户籍', weight: 1 }], 20).quote).toBe(`${ELLIPSIS}${S2}${ELLIPSIS}`);
    });
  });

  describe('an over-long sentence', () => {
    const LONG = '统筹地区医疗保障部门应当加强基金监管，完善定点医药机构协议管理，推进医保支付方式改革，'
      + '落实异地就医直接结算，做好门诊共济保障，健全重特大疾病医疗保险和救助制度，提升经办服务水平。';

    it('is cut to the limit around its first matched term, verbatim, with marks', () => {
      const { quote } = selectQuote(LONG, [{ term: '门诊共济', weight: 1 }], 30);
      expect(quote).toContain('门诊共济');
      expect(bodyLength(quote)).toBeLessThanOrEqual(30);
      for (const piece of pieces(quote)) expect(LONG).toContain(piece);
      expect(quote.startsWith(ELLIPSIS)).toBe(true);
      expect(quote.endsWith(ELLIPSIS)).toBe(true);
    });

    it('starts at the beginning when the term is in its first half', () => {
      const { quote } = selectQuote(LONG, [{ term: '基金监管', weight: 1 }], 30);
      expect(quote.startsWith('统筹地区')).toBe(true);
      expect(quote.endsWith(ELLIPSIS)).toBe(true);
    });

    it('starts right after the comma before the term', () => {
      const { quote } = selectQuote(LONG, [{ term: '门诊共济', weight: 1 }], 30);
      expect(quote.startsWith(`${ELLIPSIS}做好门诊共济保障`)).toBe(true);
    });

    it('ends at a comma when one falls in the second half of the window', () => {
      const { quote } = selectQuote(LONG, [{ term: '基金监管', weight: 1 }], 30);
      expect(quote).toBe(`统筹地区医疗保障部门应当加强基金监管，${ELLIPSIS}`);
    });

    it('stays within the limit when a comma falls exactly at the end of the window', () => {
      // Ten characters, then a comma at index 10: the cut must not reach for it.
      const text = '异地就医直接结算服务，完善门诊共济保障机制和异地备案管理服务办法规定。';
      const { quote } = selectQuote(text, [{ term: '异地就医', weight: 1 }], 10);
      expect(bodyLength(quote)).toBeLessThanOrEqual(10);
    });

    it('keeps the matched term inside the cut when no comma comes close before it', () => {
      const text = `统筹地区，${'医疗保障部门应当加强对定点医药机构的监督检查'.repeat(2)}并落实门诊共济保障，其他。`;
      const { quote } = selectQuote(text, [{ term: '门诊共济', weight: 1 }], 20);
      expect(quote).toContain('门诊共济');
      expect(bodyLength(quote)).toBeLessThanOrEqual(20);
    });
  });
});
