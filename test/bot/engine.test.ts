import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { citationLabel, citationLine } from '../../bot/citation';
import { DEFAULT_ENGINE, type AnswerEngine } from '../../bot/engine';
import { PHRASES } from '../../bot/phrases';
import { MAX_SUGGESTIONS } from '../../bot/suggestions';
import { ELLIPSIS } from '../../bot/quote';
import type { Answer, Citation } from '../../bot/types';
import type { Retriever } from '../../knowledge/knowledgeBase';
import { compact } from '../../knowledge/parse/text';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
let engine: AnswerEngine;
const sources = new Map<string, string>();

beforeAll(async () => {
  ({ kb, engine } = await loadServices(parseConfig({ CORPUS_DIR })));
  for (const doc of kb.documents) sources.set(doc.id, compact(readFileSync(join(CORPUS_DIR, doc.file), 'utf8')));
});

const ask = (question: string): Answer => engine.answer(question).answer;

/** Questions as people type them, across topics, regions and document kinds. */
const QUESTIONS = [
  '打零工的能自己交职工医保吗',
  '异地就医备案以后能直接结算吗',
  '在外地住院了，医保能直接刷吗',
  '门诊共济改革以后个人账户还能用吗',
  '高血压每个月拿药，门诊能报销吗',
  '骗取医保基金会被怎么处罚',
  '定点医院多收费怎么罚',
  '西宁异地就医直接结算怎么样',
  '兰州参保的去上海住院怎么结算',
  '上海职工医保个人账户能给父母买商业健康保险吗',
  '浙江灵活就业人员交职工医保有户籍限制吗',
  '鄂州门诊慢特病按病种付费吗',
  '生育津贴按什么工资算',
  '用人单位不给交社保怎么办',
  'ＤＲＧ付费改革是怎么回事',
  '长护险由谁来交钱',
];

/** Every region name a fallback note may use. */
function fallbackNotes(): Set<string> {
  const names = [...kb.lexicon.regions.map((r) => (r === 'national' ? '全国' : r)), ...kb.lexicon.places.map((p) => p.region)];
  const notes = new Set<string>();
  for (const asked of names) {
    for (const used of names) {
      notes.add(PHRASES.regionFallback(asked, used));
      notes.add(PHRASES.noRegionDocuments(asked, used));
    }
  }
  return notes;
}

/**
 * Splits an answer text into its parts and fails on any line that is neither a quote of the main
 * clause nor fixed wording: the bot states no policy of its own.
 */
function parts(answer: Answer): { notes: string[]; quote: string; after: string[] } {
  const [main, ...related] = answer.citations as [Citation, ...Citation[]];
  const lines = answer.text.split('\n');
  const at = lines.indexOf(citationLine(main));
  expect(at, `no citation line in:\n${answer.text}`).toBeGreaterThan(0);
  const notesAllowed = fallbackNotes();
  const notes = lines.slice(0, at).filter((l) => notesAllowed.has(l));
  const quote = lines.slice(notes.length, at).join('\n');
  const after = lines.slice(at + 1);
  const allowedAfter = new Set<string>([PHRASES.planNote, PHRASES.newsNote]);
  if (related.length) allowedAfter.add(`${PHRASES.related}${related.map(citationLabel).join('；')}`);
  for (const line of after) expect(allowedAfter.has(line), `unexpected line "${line}"`).toBe(true);
  return { notes, quote, after };
}

describe('answers to questions the corpus covers', () => {
  it.each(QUESTIONS)('answers "%s" with citations', (question) => {
    const answer = ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('quotes every cited clause verbatim from its document', () => {
    for (const question of QUESTIONS) {
      for (const c of ask(question).citations) {
        expect(sources.get(c.docId)?.includes(compact(c.quote)), `${question}: ${c.clauseId} is not verbatim`).toBe(true);
      }
    }
  });

  it('says nothing but the quote, the citation line and fixed wording', () => {
    for (const question of QUESTIONS) {
      const answer = ask(question);
      const { quote } = parts(answer);
      const main = answer.citations[0] as Citation;
      const pieces = quote.split(ELLIPSIS).filter(Boolean);
      expect(pieces.length, question).toBeGreaterThan(0);
      for (const piece of pieces) {
        expect(main.quote.includes(piece), `${question}: "${piece}" is not in ${main.clauseId}`).toBe(true);
        expect(sources.get(main.docId)?.includes(compact(piece))).toBe(true);
      }
    }
  });

  it('ends the main part with ——《title》（文号）path of the first citation', () => {
    const answer = ask('用人单位不给交社保怎么办');
    const main = answer.citations[0] as Citation;
    const line = answer.text.split('\n').find((l) => l.startsWith('——'));
    expect(line).toBe(`——《${main.title}》${main.docNumber ? `（${main.docNumber}）` : ''}${main.path}`);
  });

  it(`quotes at most ${DEFAULT_ENGINE.answerability.maxQuoteChars} characters besides the ellipsis marks`, () => {
    for (const question of QUESTIONS) {
      const { quote } = parts(ask(question));
      expect([...quote.replaceAll(ELLIPSIS, '')].length, question).toBeLessThanOrEqual(DEFAULT_ENGINE.answerability.maxQuoteChars);
    }
  });

  it('offers 全文 when the quote is shortened and not when the whole clause is quoted', () => {
    for (const question of QUESTIONS) {
      const answer = ask(question);
      const { quote } = parts(answer);
      expect(answer.followUps.includes('全文'), question).toBe(quote.includes(ELLIPSIS));
    }
  });

  it('adds the plan note to answers resting on a plan, and the news note to news', () => {
    for (const question of QUESTIONS) {
      const answer = ask(question);
      const { after } = parts(answer);
      const kind = answer.citations[0]?.kind;
      expect(after.includes(PHRASES.planNote), question).toBe(kind === 'plan');
      expect(after.includes(PHRASES.newsNote), question).toBe(kind === 'news');
    }
  });

  it('answers a plan question with the plan note', () => {
    const answer = ask('异地就医备案以后能直接结算吗');
    expect(answer.citations[0]?.kind).toBe('plan');
    expect(answer.text).toContain(PHRASES.planNote);
  });

  it('answers a law question without the plan note', () => {
    const answer = ask('生育津贴按什么工资算');
    expect(answer.citations[0]?.kind).toBe('law');
    expect(answer.citations[0]?.quote).toContain('生育津贴');
    expect(answer.text).not.toContain(PHRASES.planNote);
  });

  it('lists related clauses once each, after the main one', () => {
    for (const question of QUESTIONS) {
      const ids = ask(question).citations.map((c) => c.clauseId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeLessThanOrEqual(1 + DEFAULT_ENGINE.maxRelated);
    }
  });

  it('answers from the region the question names', () => {
    expect(ask('西宁异地就医直接结算怎么样').citations[0]?.docId).toBe('qh-plan-2021');
    expect(ask('上海职工医保个人账户能给父母买商业健康保险吗').citations[0]?.region).toBe('上海市');
  });

  it('says so when the region named has no clause and national rules answer instead', () => {
    const answer = ask('浙江灵活就业人员交职工医保有户籍限制吗');
    if (answer.citations[0]?.region === '全国') {
      expect(answer.text.split('\n')[0]).toBe(PHRASES.regionFallback('浙江', '全国'));
    } else {
      expect(answer.citations[0]?.region).toBe('浙江省');
    }
  });

  it('offers other regions as follow-ups only when the question named none', () => {
    const national = ask('异地就医直接结算怎么推进的');
    expect(national.followUps.filter((x) => /^那.+呢$/u.test(x)).length).toBeGreaterThan(0);
    const regional = ask('兰州参保的去上海住院怎么结算');
    expect(regional.followUps.filter((x) => x !== '全文')).toEqual([]);
  });

  it('offers the related clauses\' questions as follow-ups, never the user\'s own', () => {
    const answer = ask('灵活就业人员能参加职工医保吗');
    expect(answer.followUps[0]).toBe('灵活就业人员可以按啥方式参保');
    expect(answer.followUps).not.toContain('灵活就业人员能参加职工医保吗');
    // Then the regions whose own rule differs (上海 has one for 灵活就业人员), as 那X呢.
    expect(answer.followUps.slice(2).every((f) => /^那.+呢$/.test(f))).toBe(true);
  });

  it('says how it understood a question that came through an alternate question', () => {
    expect(ask('灵活就业的能交职工医保不').understoodAs).toBe('我没单位能交职工医保不');
    // Asked exactly as one of the clause's alternate questions: nothing to say.
    expect(ask('灵活就业必须参加职工医保吗').understoodAs).toBeUndefined();
  });

  it('carries the parts of its answer typed: the quote, the source line and the related clauses', () => {
    const answer = ask('灵活就业人员能参加职工医保吗');
    const [main, ...related] = answer.citations;
    expect(answer.quote).toBe(main?.quote);
    expect(answer.source).toBe(`——《中华人民共和国社会保险法》第二十三条第二款`);
    expect(answer.related).toEqual(related);
    expect(answer.text.split('\n').slice(0, 2)).toEqual([answer.quote, answer.source]);
  });

  it('answers a question in full-width and mixed scripts', () => {
    const answer = ask('ＤＲＧ和DIP付费改革到２０２５年要达到多少');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toMatch(/DRG|DIP/u);
  });

  it('answers a question with emoji around it like the question without', () => {
    expect(ask('😀异地就医备案以后能直接结算吗👍')).toEqual(ask('异地就医备案以后能直接结算吗'));
  });

  it('cites 第十九条 of the 监管条例 for a story about cash back at the pharmacy, whose 能返 and 能干 no clause has', () => {
    const answer = ask('楼下药店老板说拿医保卡买药能返现金，这能干不');
    expect(answer.citations[0]?.clauseId).toMatch(/^cn-fund-supervision-reg:a19\./);
    expect(answer.citations[0]?.quote).toContain('返还现金');
  });

  it('answers from the document a look-up names (征缴条例 适用范围), not from another one whose alternate questions read alike', () => {
    const answer = ask('征缴条例 适用范围');
    expect(answer.citations[0]?.clauseId).toMatch(/^cn-si-collection-reg:/);
  });

  it('reads 合不合理 at the end of a story as asking for a judgement: it cites who pays, not a clause with 合理 in it', () => {
    const answer = ask('单位让我自己掏钱交全部的医保，合不合理');
    expect(answer.citations[0]?.clauseId).toBe('cn-social-insurance-law:a23.p1');
    expect(answer.citations[0]?.quote).toContain('由用人单位和职工按照国家规定共同缴纳');
  });
});

describe('refusals', () => {
  const refused = (answer: Answer, reason: string) => {
    const { suggestions, ...rest } = answer;
    expect(rest).toEqual({ answered: false, text: PHRASES.refusal, citations: [], followUps: [], reason });
    expect((suggestions ?? []).length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  };

  it('declines the weather as out of domain', () => {
    refused(ask('明天兰州会下雨吗'), 'out_of_domain');
  });

  it('declines a birth certificate question: no clause says where to go', () => {
    const answer = ask('新生儿出生证明丢了去哪补');
    expect(answer.answered).toBe(false);
  });

  it('declines an amount the corpus does not give (起付线)', () => {
    refused(ask('职工医保住院起付线是多少钱'), 'amount_not_stated');
  });

  it('declines a year the corpus does not cover', () => {
    const answer = ask('2019年青海居民医保个人缴费标准是多少');
    expect(answer.answered).toBe(false);
    expect(['year_not_stated', 'amount_not_stated']).toContain(answer.reason);
  });

  it('declines words the corpus has nothing on', () => {
    expect(ask('玻尿酸').answered).toBe(false);
  });

  it('names the thing no document mentions when the user asks about a pet', () => {
    expect(ask('宠物看病医保给报吗')).toMatchObject({
      answered: false, text: PHRASES.unfamiliar(['宠物']), citations: [], followUps: [], reason: 'unfamiliar_thing',
    });
  });

  it('suggests up to three questions the corpus answers when it declines an amount it does not give', () => {
    const answer = ask('职工医保住院起付线是多少钱');
    expect(answer.suggestions).toEqual(['起付线是啥意思', '职工医保住院报80%左右是真的吗', '大病保险起付线是多少']);
  });

  it('suggests nothing for a question outside medical insurance', () => {
    expect(ask('明天兰州会下雨吗').suggestions).toBeUndefined();
  });

  it('declines an either-or question when no clause speaks of either option', () => {
    const answer = ask('异地住院报销，是按参保地还是就医地的标准算');
    expect(answer.answered).toBe(false);
    expect(['either_or_not_settled', 'weak_match']).toContain(answer.reason);
  });
});

describe('either-or questions', () => {
  it('answers 按…还是… from the clause that names one of the options', () => {
    const answer = ask('生育津贴是按本人工资还是按单位平均工资发');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('生育津贴按照职工所在用人单位上年度职工月平均工资计发');
  });
});

describe('places without documents of their own', () => {
  it('says there is no local rule for 三亚 and answers from the national documents', () => {
    const answer = ask('在三亚住院能直接结算吗');
    expect(answer.text.split('\n')[0]).toBe(PHRASES.noRegionDocuments('三亚', '全国'));
    expect(answer.citations[0]?.region).toBe('全国');
  });
});
