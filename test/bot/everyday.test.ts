import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../bot/conversation';
import { DEFAULT_ANSWERABILITY } from '../../bot/answerability';
import { createAnswerEngine, type AnswerEngine } from '../../bot/engine';
import { PHRASES } from '../../bot/phrases';
import type { ConversationHandler, ConversationState, Reply } from '../../bot/types';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

/** Questions as people type them, and what a person would expect the bot to do with each. */

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
let engine: AnswerEngine;
let conversation: ConversationHandler;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
  engine = createAnswerEngine(kb);
  conversation = createConversation({ engine, kb });
});

const ask = (q: string) => engine.answer(q).answer;

/** Plays the turns of one conversation and returns the replies. */
function play(...turns: string[]): Reply[] {
  let state: ConversationState | undefined;
  return turns.map((text) => {
    const r = conversation.respond({ channel: 'test', conversationId: 'c1', userId: 'u1', kind: 'message', text }, state);
    state = r.state;
    return r.reply;
  });
}

describe('figures of another region', () => {
  it('does not quote 鄂州\'s 个人账户 percentages for 上海退休了 个人账户 计入标准 百分之几', () => {
    const answer = engine.answer('上海退休了 个人账户 计入标准 百分之几');
    expect(answer.reason).toBe('amount_not_stated');
  });

  it('quotes 甘肃\'s own 82 % and 72 % for 甘肃住院能报百分之多少钱, not the national 80 % and 70 % ranked above them', () => {
    const answer = ask('甘肃住院能报百分之多少钱');
    expect(answer.citations[0]?.region).toBe('甘肃省');
    expect(answer.citations[0]?.quote).toContain('住院费用基金支付比例分别达82%和72%');
  });
});

describe('a follow-up that names only a place', () => {
  it('answers 青海有吗 after 长护险是什么 from 青海\'s 长期护理保险 clause, though its carried words weigh less', () => {
    const [, qinghai] = play('长护险是什么', '青海有吗');
    expect(qinghai?.answered).toBe(true);
    expect(qinghai?.citations[0]?.region).toBe('青海省');
    expect(qinghai?.citations[0]?.quote).toContain('长期护理保险');
  });
});

describe('traditional characters', () => {
  it('answers 靈活就業人員能參加職工醫保嗎 as it answers 灵活就业人员能参加职工医保吗', () => {
    const traditional = engine.answer('靈活就業人員能參加職工醫保嗎');
    expect(traditional.reason).toBeNull();
    expect(traditional.clauseId).toBe(engine.answer('灵活就业人员能参加职工医保吗').clauseId);
  });
});

describe('a place without documents of its own', () => {
  it('answers 北京 questions from the national rules with the note that no 北京 documents are indexed', () => {
    const answer = ask('北京灵活就业人员能参加职工医保吗');
    expect(answer.text.split('\n')[0]).toBe(PHRASES.noRegionDocuments('北京', '全国'));
    expect(answer.citations[0]?.region).toBe('全国');
  });

  it('never declines because of the place: 北京门诊慢特病怎么认定 is answered when 门诊慢特病怎么认定 is', () => {
    const without = ask('门诊慢特病怎么认定');
    const withPlace = ask('北京门诊慢特病怎么认定');
    expect(withPlace.answered).toBe(without.answered);
    expect(withPlace.text.split('\n')[0]).toContain('没有北京本地的规定');
  });
});

describe('colloquial wording', () => {
  it('reads 骗保 as the laws\' 骗取 and quotes the fine of 二倍以上五倍以下 for 骗保罚多少钱', () => {
    const answer = ask('骗保罚多少钱');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('骗取');
    expect(answer.citations[0]?.quote).toMatch(/[二2]倍以上[五5]倍以下/);
  });

  it('keeps the negation of 不缴医保 and reads 后果 as the 法律责任: 用人单位 不缴医保 后果 quotes the late fee of 社会保险法 第八十六条', () => {
    const answer = ask('用人单位 不缴医保 后果');
    expect(answer.citations[0]?.clauseId).toBe('cn-social-insurance-law:a86');
    expect(answer.quote).toContain('滞纳金');
  });

  it('answers 门诊共济是啥意思 from the clause on 门诊共济', () => {
    const answer = ask('门诊共济是啥意思');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('门诊共济');
  });

  it('answers 灵活就业能交职工医保吗 from the clause that lets 灵活就业人员 join', () => {
    const answer = ask('灵活就业能交职工医保吗');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('灵活就业人员');
  });

  it('answers a question mixing English words and an emoji', () => {
    const answer = ask('在深圳work，回老家hospital看病能报吗😭');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toMatch(/异地就医|跨省|参保地/);
  });

  it('finds the clause naming 配偶、父母、子女 when a son asks whether his mother may use his account', () => {
    const answer = ask('我医保个人账户里的钱能给我老妈用吗');
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.quote).join('')).toMatch(/父母|近亲属/);
  });
});

describe('checks that fire for the right reason', () => {
  it('does not answer 异地就医能转诊吗 from a clause that never says 转诊', () => {
    const answer = ask('异地就医能转诊吗');
    if (answer.answered) expect(answer.citations[0]?.quote).toContain('转诊');
  });

  it('does not answer a 门诊 amount with the 住院 figures', () => {
    const answer = ask('门诊看病能报多少');
    if (answer.answered) expect(answer.citations[0]?.quote).not.toMatch(/住院费用基金支付比例/);
  });
});

describe('inside a conversation', () => {
  it('declines a balance enquiry after an answered question instead of answering from the previous topic', () => {
    const [first, balance] = play('灵活就业人员能参加职工医保吗', '我的医保卡余额多少');
    expect(first?.answered).toBe(true);
    expect(balance).toMatchObject({ answered: false, reason: 'personal_case', text: PHRASES.personalCase });
  });

  it('answers 我想举报 有奖励不 after a question about lending the card: the documents use its words, and it names nothing else', () => {
    const [, reward] = play('医保卡借给亲戚去药店刷会怎么样', '我想举报 有奖励不');
    expect(reward?.answered).toBe(true);
    expect(reward?.citations[0]?.quote).toContain('给予举报人奖励');
  });

  it('declines the weather after an answered question', () => {
    const [, weather] = play('异地就医怎么备案', '今天天气怎么样');
    expect(weather).toMatchObject({ answered: false, reason: 'out_of_domain' });
  });

  it('carries the 长护险 topic into 那上海呢 先保谁, whose 先保 is only a guess of the segmenter, and declines 那猫呢', () => {
    const [, whom] = play('长护险先从哪些人开始搞', '那上海呢 先保谁');
    expect(whom?.answered).toBe(true);
    expect(whom?.citations[0]?.quote).toContain('长期护理保险');
    const [, cat] = play('长护险先从哪些人开始搞', '那猫呢');
    expect(cat).toMatchObject({ answered: false, reason: 'out_of_domain' });
  });

  it('asks 那甘肃呢 what the question before it asked: 居民医保一年交多少钱 needs a figure from 甘肃 too', () => {
    const [first, gansu] = play('居民医保一年交多少钱', '那甘肃呢');
    expect(first?.reason).toBe('amount_not_stated');
    expect(gansu).toMatchObject({ answered: false, reason: 'amount_not_stated' });
    const [, zhejiang] = play('异地就医备案要几天', '那浙江呢');
    expect(zhejiang).toMatchObject({ answered: false, reason: 'amount_not_stated' });
  });

  it('carries the topic into an elliptical follow-up (退休的呢)', () => {
    const [, retired] = play('灵活就业人员能参加职工医保吗', '退休的呢');
    expect(retired?.answered).toBe(true);
    expect(retired?.citations[0]?.quote).toContain('退休');
  });

  it('keeps the thread across a refused turn: 退休的呢 still leans on the last answered question', () => {
    const [, , retired] = play('灵活就业人员能参加职工医保吗', '今天天气怎么样', '退休的呢');
    expect(retired?.answered).toBe(true);
  });

  it('keeps 多长时间能办好 to the carried 跨省就医备案 and declines it, instead of quoting another procedure\'s deadline', () => {
    const [first, howLong] = play('跨省就医备案在哪办', '多长时间能办好');
    expect(first?.answered).toBe(true);
    expect(howLong).toMatchObject({ answered: false, reason: 'time_not_stated' });
  });

  it('does not carry the asking of 要准备啥 into the next turn: 几天能办下来 is still about 跨省就医备案', () => {
    const [, papers, days] = play('跨省就医备案在哪办', '要准备啥', '几天能办下来');
    expect(papers).toMatchObject({ answered: false, reason: 'materials_not_stated' });
    expect(days).toMatchObject({ answered: false, reason: 'amount_not_stated' });
  });

  it('starts a new topic with a question that stands on its own', () => {
    const [, , standalone] = play('灵活就业人员能参加职工医保吗', '那青海呢', '异地就医备案去哪里办');
    expect(standalone?.citations[0]?.quote ?? '').not.toContain('灵活就业');
  });
});

describe('what a plan sets out to do', () => {
  it('answers 鄂州医保 十四五 目标 from the plan\'s goals for 2025, not from its preamble that also says 十四五', () => {
    const answer = ask('鄂州医保 十四五 目标');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('到2025年');
  });
});

describe('whose rule it is', () => {
  it('says whose rule it is when a regional clause answers a question naming no place', () => {
    for (const q of ['个人账户历年结余资金能给家人买商业健康保险吗', '长护险谁能申请']) {
      const answer = ask(q);
      const first = answer.citations[0];
      if (answer.answered && first && first.region !== '全国') expect(answer.text.split('\n')[0]).toBe(PHRASES.regionalRule(first.region));
    }
  });
});

describe('how people say what the documents call 重复参保, 中断缴费, 倾斜, 计发 and 手工报销', () => {
  it('reads 老家和打工的地方两边都交了 as 重复参保', () => {
    const answer = ask('老家和打工的地方两边都交了医保，怎么办');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toMatch(/重复参(保|加)/);
  });

  it('reads 停缴 as stopping one\'s own payments, not as 停止享受待遇', () => {
    const answer = ask('灵活就业的医保停缴了几个月，这期间看病管不管');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('中断');
  });

  it('finds the 救助 clauses for 特困户有没有照顾', () => {
    const answer = ask('特困户看病有没有照顾');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('救助');
  });

  it('reads 按什么算 as the law\'s 计发: 生育津贴按什么算 quotes 按照…上年度职工月平均工资计发', () => {
    const answer = ask('生了孩子，生育津贴按什么算');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('月平均工资计发');
  });

  it('reads a clinic\'s 开通医保 as the documents\' 定点申请', () => {
    const top = kb.rank(kb.analyze('我在镇上开了家诊所，想开通医保'))[0];
    expect(top?.entry.clause.text).toContain('定点申请');
    expect(top?.coverage).toBeGreaterThan(DEFAULT_ANSWERABILITY.minCoverage);
  });

  it('reads an operator\'s 出借 and 不缴 as the regulations\' 交由他人冒名使用 and 未按时足额 / 未按规定缴纳', () => {
    expect(ask('出借 社保卡 后果').citations[0]?.quote).toContain('交由他人冒名使用');
    expect(ask('公司 不缴 医保费 怎么处理').citations[0]?.quote).toMatch(/未按(?:时足额|规定)缴纳/);
  });

  it('reads 告他 as going to law or complaining: 公司没交社保，我要去告他 finds 调解、仲裁，提起诉讼 or 举报、投诉', () => {
    expect(ask('公司没交社保，我要去告他').citations[0]?.quote).toMatch(/仲裁|诉讼|举报|投诉/);
  });

  it('reads 住院费自己先垫 … 回去报 as 手工报销', () => {
    const answer = ask('没刷上卡住院费自己先垫了，回去报要带什么');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('手工报销');
  });

  it('reads 领多少钱 as answered by the rule a sum is worked out by: 生完孩子生育津贴能领多少钱 quotes …月平均工资计发', () => {
    const answer = ask('生完孩子生育津贴能领多少钱');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain('按照职工所在用人单位上年度职工月平均工资计发');
  });

  it('still declines 领多少钱 when the clause gives neither a figure nor a rule: 失业了失业金一个月能领多少钱', () => {
    expect(ask('失业了失业金一个月能领多少钱').answered).toBe(false);
  });

  it('reads 去哪里反映 as complaining: 公司一直不给交社保可以去哪里反映 finds 举报、投诉', () => {
    const answer = ask('公司一直不给交社保可以去哪里反映');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toMatch(/举报、投诉/);
  });
});

describe('a follow-up that says something new', () => {
  it('answers 那去哪举报 about reporting, not the earlier long question: 监管条例 第三十五条', () => {
    const [, report] = play('医院叫我拿着处方去外面药店自己掏钱买药，这合理吗', '那去哪举报');
    expect(report?.citations[0]?.quote).toContain('举报投诉');
  });

  it('answers 那公司会被怎么罚 after 公司不给我交医保怎么办 with the fine for not paying: 社会保险法 第八十六条', () => {
    const [, fine] = play('公司一直不给我交医保怎么办', '那公司会被怎么罚');
    expect(fine?.citations[0]?.quote).toContain('一倍以上三倍以下的罚款');
  });

  it('keeps a conversation about 生育保险 in that scheme: 我老婆没上班她能享受吗 cites 职工未就业配偶 (社会保险法 第五十四条)', () => {
    const [, wife] = play('生育保险能报销哪些费用', '如果我老婆没上班她能享受吗');
    expect(wife?.citations[0]?.quote).toContain('职工未就业配偶');
  });

  it('answers 湖北鄂州 from the 鄂州 plan, not as a province of no documents', () => {
    const answer = ask('湖北鄂州这边住院报销有什么政策');
    expect(answer.citations[0]?.region).toBe('湖北省鄂州市');
    expect(answer.notes ?? []).toEqual([]);
  });
});
