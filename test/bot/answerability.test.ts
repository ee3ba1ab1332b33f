import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECLINE_REASONS, decide, DEFAULT_ANSWERABILITY, mentions, QUERY_CHECKS } from '../../bot/answerability';
import { buildTurnQuery } from '../../bot/context';
import { answersAboutDocument, missingAskedKind, namesOnlyAlternative } from '../../bot/fit';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

/** The decision for one question asked on its own. */
function decision(question: string, params = DEFAULT_ANSWERABILITY) {
  const turn = buildTurnQuery(kb, question, undefined);
  return decide(kb, turn, question, kb.rank(turn.query, { region: turn.region }), params);
}

/** What kind of thing asked for a clause without headings, quoted whole, fails to show (null: it shows it). */
const kindMissing = (question: string, clauseText: string) => missingAskedKind(question, clauseText, [], clauseText);

const reasonOf = (question: string) => {
  const d = decision(question);
  return d.answer ? null : d.reason;
};

describe('the domain check', () => {
  it('takes 征缴 滞纳金 for an insurance question: the documents use those words far more than general text', () => {
    expect(reasonOf('征缴 滞纳金')).toBeNull();
  });

  it('still declines 银行几点开门 and 学校开学时间 as off-topic', () => {
    expect(reasonOf('银行几点开门')).toBe('out_of_domain');
    expect(reasonOf('学校开学时间')).toBe('out_of_domain');
  });

  it('does not read the hotline 12345 inside a parcel number: 顺丰单号SF1234567到哪了 is off-topic', () => {
    expect(reasonOf('顺丰单号SF1234567到哪了')).toBe('out_of_domain');
    expect(mentions('单号sf1234567', '12345')).toBe(false);
    expect(mentions('打12345能问医保吗', '12345')).toBe(true);
  });
});

describe('the order of the checks', () => {
  it('checks the question alone first: domain, personal case, unfamiliar thing', () => {
    expect(QUERY_CHECKS.map((c) => c.reason)).toEqual(['out_of_domain', 'personal_case', 'unfamiliar_thing']);
  });

  it('lists every reason once', () => {
    expect(new Set(DECLINE_REASONS).size).toBe(DECLINE_REASONS.length);
  });
});

describe('checks on the question alone', () => {
  it('declines the weather as out of domain', () => {
    expect(reasonOf('明天兰州会下雨吗')).toBe('out_of_domain');
  });

  it('declines a balance enquiry as a personal case: the documents hold no one\'s account', () => {
    expect(reasonOf('我的医保卡余额多少')).toBe('personal_case');
    expect(reasonOf('帮我查一下我的报销进度')).toBe('personal_case');
  });

  it('declines 帮我看看 about the user\'s own insurance as a personal case', () => {
    expect(reasonOf('我去年换了工作 医保交到哪个月了 帮我看看')).toBe('personal_case');
  });

  it('reads 好几年 in a story as how long it has been, not as asking for a number of years', () => {
    expect(reasonOf('我爸八十多了瘫在床上好几年，听说有个护理保险，他能用上吗')).not.toBe('amount_not_stated');
  });

  it('answers how long a payment takes, which is policy, not a personal case', () => {
    expect(reasonOf('生育津贴多久能到账')).toBeNull();
  });

  it('names the thing no document mentions', () => {
    expect(decision('宠物看病医保给报吗')).toEqual({ answer: false, reason: 'unfamiliar_thing', words: ['宠物'] });
  });
});

describe('the relevance gate', () => {
  it('declines with no_match when nothing was ranked', () => {
    const turn = buildTurnQuery(kb, '异地就医备案', undefined);
    expect(decide(kb, turn, '异地就医备案', [])).toEqual({ answer: false, reason: 'no_match' });
  });

  it('declines with weak_match when the best relevance is under the gate', () => {
    const d = decision('异地就医备案', { ...DEFAULT_ANSWERABILITY, minRelevance: 1e6 });
    expect(d).toEqual({ answer: false, reason: 'weak_match' });
  });

  it('gates on relevance before the region prior: a place without documents does not halve the national clause into a refusal', () => {
    const withPlace = decision('北京门诊慢特病怎么认定');
    const without = decision('门诊慢特病怎么认定');
    expect(without.answer).toBe(true);
    expect(withPlace.answer).toBe(true);
  });
});

describe('checks on the close candidates', () => {
  it('declines an either-or question that no close clause settles, even past the relevance gate', () => {
    const loose = { ...DEFAULT_ANSWERABILITY, minCoverage: 0, minRelevance: 0 };
    const d = decision('异地住院报销，是按参保地还是就医地的标准算', loose);
    expect(d).toEqual({ answer: false, reason: 'either_or_not_settled' });
  });

  it('asks a calendar date for 几号 and 哪一天: 每月几号扣钱 is declined, 哪一天开始施行 is answered with 2021年7月1日', () => {
    expect(reasonOf('灵活就业医保每月几号扣钱')).toBe('time_not_stated');
    expect(reasonOf('浙江医保条例哪一天开始施行')).toBeNull();
  });

  it('asks for an amount through a trailing emoji: 居民医保一年交多少钱呀🙏 is declined as 居民医保一年交多少钱呀 is', () => {
    expect(reasonOf('居民医保一年交多少钱呀🙏')).toBe(reasonOf('居民医保一年交多少钱呀'));
    expect(reasonOf('居民医保一年交多少钱呀🙏')).toBe('amount_not_stated');
  });

  it('declines steps one by one that no clause walks through, but answers what the rule has one do', () => {
    expect(reasonOf('异地就医备案在医保app上怎么弄，具体点几步')).toBe('procedure_not_stated');
    expect(reasonOf('跨省备案在手机上咋操作 一步一步教教我')).toBe('procedure_not_stated');
    expect(reasonOf('手工报销的步骤是什么')).toBeNull();
  });

  it('reads 要填什么表 as asking for papers, and 申请表哪里能下载 as asking for a website or app', () => {
    expect(reasonOf('异地转诊要填什么表')).toBe('materials_not_stated');
    expect(reasonOf('长护险评估申请表哪里能下载')).toBe('place_not_stated');
  });

  it('declines a yes/no question about an action no close clause speaks of', () => {
    expect(reasonOf('个人账户能取现吗')).toBe('yes_no_action_not_spoken');
  });

  it('declines an amount no close clause states', () => {
    expect(reasonOf('城乡居民医保的起付线是多少钱')).toBe('amount_not_stated');
  });

  it('does not answer a medical-insurance question with a rule of the 基本养老保险 chapter', () => {
    expect(reasonOf('医保个人账户的钱人死了以后能继承吗')).toBe('other_scheme');
  });

  it('answers from that chapter when the question names the scheme', () => {
    const d = decision('养老保险个人账户能继承吗');
    expect(d.answer && d.best.entry.clause.id).toBe('cn-social-insurance-law:a14');
  });

  it('declines a telephone number no clause gives', () => {
    expect(reasonOf('医保局电话是多少')).toBe('contact_not_stated');
  });

  it('does not give the 12345 hotline the documents name as the number asked for: the refusal names it already', () => {
    expect(reasonOf('医保热线电话是多少')).toBe('contact_not_stated');
  });

  it('asks the 起付线 clause for the 起付线 figure: a clause without the word does not answer with its other figures', () => {
    expect(missingAskedKind('职工医保住院起付线是多少钱', '职工和城乡居民基本医疗保险政策范围内住院费用基金支付比例分别稳定在80%左右和70%左右。', [], '职工和城乡居民基本医疗保险政策范围内住院费用基金支付比例分别稳定在80%左右和70%左右。', [], ['起付线', '起付标准'])).toBe('amount_not_stated');
    expect(missingAskedKind('住院起付线是多少钱', '起付标准为1200元。', [], '起付标准为1200元。', [], ['起付线', '起付标准'])).toBeNull();
    expect(reasonOf('职工医保住院起付线是多少钱')).toBe('amount_not_stated');
  });

  it('takes neither a figure of the story (花了两万多) nor a relative (我爸) for the subject of an amount question', () => {
    for (const question of ['我爸住院花了两万多，居民医保能报百分之多少', '住院花了三万，职工医保大概能报多少']) {
      const d = decision(question);
      expect(d.answer && d.quote, question).toContain('住院费用基金支付比例分别稳定在80%左右和70%左右');
    }
  });

  it('takes the subject from words the clause texts use, not a word of the story only alternate questions have (被查)', () => {
    const d = decision('骗保被查到了要罚多少钱');
    expect(d.answer && d.quote).toContain('倍以上');
  });

  it('wants the figure a look-up names stated beside its name: the 起付标准\'s 百分之五十 is not the 支付比例', () => {
    const clause = '大病保险资金起付标准，不高于统筹地区上一年度居民人均可支配收入的百分之五十；起付标准以上的费用，由大病保险资金按照规定比例予以支付。';
    expect(missingAskedKind('大病保险 支付比例 具体数', clause, [], clause, [], [], ['支付比例', '比例'])).toBe('amount_not_stated');
    expect(missingAskedKind('大病保险 起付标准 具体数', clause, [], clause, [], [], ['起付标准'])).toBeNull();
    expect(reasonOf('浙江大病保险报销比例 具体数')).toBe('amount_not_stated');
  });

  it('takes a period stated by what it follows (期限按照…执行) for the time 多长时间 asks', () => {
    const byLeave = '生育津贴支付期限按照法律法规规定的产假、生育假期限执行。';
    expect(kindMissing('产假期间的生育津贴一共给多长时间', byLeave)).toBeNull();
    const noPeriod = '生育保险待遇包括生育医疗费用和生育津贴。';
    expect(kindMissing('产假期间的生育津贴一共给多长时间', noPeriod)).toBe('time_not_stated');
  });

  it('does not take 下一年度 for a length of time: 多少天内 needs days, months or years counted', () => {
    const yearly = '在城乡居民基本医疗保险集中参保期内缴纳基本医疗保险费且连续参保的人员，自下一年度起享受城乡居民基本医疗保险待遇。';
    expect(kindMissing('小孩出生后多少天内要去参保', yearly)).toBe('amount_not_stated');
    const days = '用人单位应当自用工之日起三十日内为其职工向社会保险经办机构申请办理社会保险登记。';
    expect(kindMissing('单位招了人多少天内要去登记', days)).toBeNull();
  });

  it('reads 天内 and 办好 in 多少天内…办好 as part of the asking: the subject is the 登记 the days are for', () => {
    const d = decision('经办机构多少天内要把我的社保登记办好');
    expect(d.answer && d.quote).toMatch(/登记[^。]*(?:三十日内|10个工作日内)|(?:三十日内|10个工作日内)[^。]*登记/);
  });

  it('reads 百分之 in 百分之多少 as part of the asking, not as the subject a sentence must name', () => {
    const d = decision('住院的话医保能报百分之多少');
    expect(d.answer && d.quote).toContain('住院费用基金支付比例分别稳定在80%左右和70%左右');
  });

  it('takes a figure named before 多少 for the subject: 参保率多少 is answered by the sentence giving the rate', () => {
    const d = decision('青海的参保率是多少');
    expect(d.answer && d.quote).toContain('参保率达95%以上');
  });

  it('reads 有没有起付线 as asking whether there is one, which a definition answers', () => {
    expect(reasonOf('职工住院报销有没有起付线')).toBeNull();
    expect(reasonOf('职工住院报销 起付线')).toBe('amount_not_stated');
  });

  it('answers whether two cards are one thing (是一回事不) without looking for an action', () => {
    expect(reasonOf('社保卡和医保电子凭证是一回事不')).toBeNull();
  });

  it('does not answer when a filing takes effect with the date a law takes effect', () => {
    expect(reasonOf('异地就医备案办好以后啥时候生效')).not.toBeNull();
    const commencement = '第九十八条 本法自2011年7月1日起施行。';
    expect(answersAboutDocument('异地就医备案办好以后啥时候生效', commencement, false)).toBe(false);
    expect(answersAboutDocument('社会保险法是什么时候施行的', commencement, false)).toBe(true);
    expect(answersAboutDocument('啥时候开始的', commencement, true)).toBe(true);
  });

  it('declines a question about 养老保险 alone rather than quote a medical-insurance clause', () => {
    // The 养老 clauses that are left (经办条例 第十八条: how to apply) state no monthly sum either.
    expect(reasonOf('我爸的养老保险每个月能领多少钱')).toMatch(/^(?:other_scheme|amount_not_stated)$/);
    expect(reasonOf('我妈的养老金每月发多少')).toMatch(/^(?:other_scheme|amount_not_stated)$/);
  });

  it('answers how long a maternity allowance takes from the clause that gives the days', () => {
    const d = decision('生育津贴多久能到账');
    expect(d.answer && d.best.entry.clause.text).toContain('10个工作日内办理完毕');
  });
});

describe('what a quoted sentence must show', () => {
  const law = '参加生育保险的个人申领生育津贴，应当向社会保险经办机构提供病历资料。社会保险经办机构应当对病历资料进行审核，并自收到申请之日起10个工作日内办理完毕。';

  it('needs a time for 多久', () => {
    expect(kindMissing('生育津贴多久能拿到', law)).toBeNull();
    expect(kindMissing('生育津贴多久能拿到', '生育津贴按照职工所在用人单位上年度职工月平均工资计发。'))
      .toBe('time_not_stated');
  });

  it('needs a mention of papers for 要带什么材料', () => {
    expect(kindMissing('申领生育津贴要带什么材料', law)).toBeNull();
    expect(kindMissing('异地备案要带什么材料', '简化异地就医备案流程。')).toBe('materials_not_stated');
  });

  it('needs named institutions, or all of them, for 哪些医院', () => {
    const plan = '推进异地就医直接结算，扩大联网定点医疗机构范围。';
    expect(kindMissing('兰州哪些医院能刷医保', plan)).toBe('institution_not_named');
    const all = '将全市符合条件的医药机构全部纳入定点管理。';
    expect(kindMissing('兰州哪些医院能刷医保', all)).toBeNull();
  });

  it('needs a place or channel for 去哪办', () => {
    expect(kindMissing('生育津贴去哪里办', law)).toBeNull();
    expect(kindMissing('异地备案去哪里办', '简化异地就医备案流程。')).toBe('place_not_stated');
  });

  it('needs the place whose rules apply for 按哪边的: 参保地 or 就医地, which a clause on direct settlement does not name', () => {
    const settle = '完善异地就医直接结算服务，实现住院、门诊费用线上线下一体化的异地就医结算服务。';
    expect(kindMissing('我在上海住院 按哪边的目录报', settle)).toBe('place_not_stated');
    const rule = '异地就医执行就医地支付范围及有关规定，基本医疗保险统筹基金的起付标准、支付比例和最高支付限额执行参保地政策。';
    expect(kindMissing('我在上海住院 按哪边的目录报', rule)).toBeNull();
  });

  it('needs money or a share for 多少钱, not any number (30个工作日)', () => {
    const text = '社会保险经办机构应当对收费票据进行审核，并自收到申请之日起30个工作日内办理完毕。';
    expect(kindMissing('职工医保一个月扣多少钱', text)).toBe('amount_not_stated');
    const rate = '职工基本医疗保险费由用人单位按照职工工资总额的百分之五点五缴纳。';
    expect(kindMissing('单位给我交多少钱', rate)).toBeNull();
  });

  it('reads an amount word inside another question as no amount asked (跟交多少钱有关系吗)', () => {
    const text = '建立健全与经济社会发展水平、各方承受能力相适应的筹资机制。';
    expect(kindMissing('门诊待遇跟自己交多少钱有关系吗', text)).toBeNull();
  });

  it('does not take 一个 for a number', () => {
    const text = '起付标准，是指参保人员在一个结算年度内发生的费用中应当先由参保人员个人负担的额度。';
    expect(kindMissing('起付线是多少钱', text)).toBe('amount_not_stated');
  });

  it('takes 第二个自然月起 for the time 新单位参保后多久能享受待遇 asks about', () => {
    const rule = '参保人员自用人单位为其办理参保登记的第二个自然月起，享受职工基本医疗保险待遇。';
    expect(kindMissing('换了单位重新参保 多久能享受待遇', rule)).toBeNull();
    expect(kindMissing('换了单位重新参保 要几个月才能用', rule)).toBeNull();
  });

  it('needs a sum or a share for 报销多少, not a suspension of 3个月至12个月', () => {
    const penalty = '属于参保人员的，暂停其医疗费用联网结算3个月至12个月。';
    expect(kindMissing('住院花了两万块医保报销多少', penalty)).toBe('amount_not_stated');
  });

  it('reads 几年调整一次 as asking how often, which a number of years answers', () => {
    const goal = '建立健全医保药品目录动态调整机制。';
    expect(kindMissing('医保药品目录几年调整一次', goal)).toBe('amount_not_stated');
    const rule = '药品目录原则上每1年调整一次。';
    expect(kindMissing('医保药品目录几年调整一次', rule)).toBeNull();
  });

  it('needs a place for 去哪个网点领, however many words stand between 哪个 and the verb', () => {
    const card = '社会保障卡加载金融功能，有条件的地方可以扩大社会保障卡的应用范围。';
    expect(kindMissing('新社保卡去哪个银行网点领', card)).toBe('place_not_stated');
  });

  it('needs a year for 哪一年开始', () => {
    const goal = '推进长期护理保险，建立和实施长期护理保险制度。';
    expect(kindMissing('长护险是哪一年开始搞的', goal)).toBe('time_not_stated');
    const dated = '2016年起开展长期护理保险制度试点。';
    expect(kindMissing('长护险是哪一年开始搞的', dated)).toBeNull();
  });

  it('needs named diseases for 有哪些病种, but not for a question on who sets the 药品目录', () => {
    const goal = '健全门诊慢特病保障机制，逐步扩大病种保障范围。';
    expect(kindMissing('门诊慢特病有哪些病种', goal)).toBe('list_not_given');
    const named = '全面建立城乡居民高血压、糖尿病门诊用药保障机制。';
    expect(kindMissing('门诊慢特病有哪些病种', named)).toBeNull();
    expect(kindMissing('药品目录归谁定', goal)).toBeNull();
  });

  it('needs what someone does for 怎么激活: 推广激活工作 and the name 医保电子凭证 are no steps', () => {
    const achievement = '全面推广医保电子凭证激活工作，升级医保智能审核系统。';
    expect(kindMissing('电子医保码怎么激活', achievement)).toBe('procedure_not_stated');
    const definition = '医保电子凭证是个人享受基本医疗保险待遇的凭证。';
    expect(kindMissing('电子医保码怎么激活', definition)).toBe('procedure_not_stated');
  });

  it('reads 怎么办 followed by 有啥政策 as asking what the state does, which a plan\'s goal answers', () => {
    const goal = '有效衔接乡村振兴战略。巩固拓展医保脱贫攻坚成果，实现由集中资源支持脱贫攻坚向基本医疗保险、大病保险、医疗救助三重保障制度常态化保障平稳过渡。';
    expect(kindMissing('看病负担重怎么办国家有啥政策', goal)).toBeNull();
  });

  it('takes 持 for a step only when it is holding a paper (持医保电子凭证), not inside 支持 or 坚持', () => {
    const goal = '有效衔接乡村振兴战略。巩固拓展医保脱贫攻坚成果，实现由集中资源支持脱贫攻坚向基本医疗保险、大病保险、医疗救助三重保障制度常态化保障平稳过渡。';
    expect(kindMissing('看病负担重怎么办理减免', goal)).toBe('procedure_not_stated');
    const step = '参保人员持医保电子凭证就医。';
    expect(kindMissing('看病怎么办理结算', step)).toBeNull();
  });

  it('does not take the 住院 figures for what 门诊 pays', () => {
    const sentence = '职工和城乡居民基本医疗保险政策范围内住院费用基金支付比例分别稳定在80%左右和70%左右。';
    expect(namesOnlyAlternative('门诊看病能报多少', sentence, kb.lexicon.contrasts)).toBe(true);
    expect(namesOnlyAlternative('住院能报多少', sentence, kb.lexicon.contrasts)).toBe(false);
    expect(missingAskedKind('门诊看病能报多少', sentence, [], sentence, kb.lexicon.contrasts)).toBe('amount_not_stated');
  });
});
