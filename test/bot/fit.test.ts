import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionHead, answersAskedKind, canBeOption, answersEitherOr, answersYesNo, eitherOrOptions, yesNoActions } from '../../bot/fit';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

/** A clause's term counts, analysed the way the index analyses it. */
function entry(text: string, headings = '') {
  const count = (terms: string[]) => terms.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>());
  return { body: count(kb.analyzer.indexTerms(text)), headings: count(kb.analyzer.indexTerms(headings)) };
}

describe('terse look-ups and questions of counts, office hours and apps', () => {
  const clause = (id: string) => kb.clause(id)?.clause.text ?? '';
  const fits = (question: string, id: string) => answersAskedKind(question, clause(id), [], clause(id));

  it('reads 职工医保 缴费费率 as asking for the rate: a clause that leaves the rate to the city does not answer', () => {
    expect(fits('职工医保 缴费费率', 'sh-medical-security-reg:a13.p2')).toBe(false);
  });

  it('accepts 万分之五 as the 具体比例 of 欠缴 滞纳金', () => {
    expect(fits('欠缴社保 滞纳金 具体比例', 'cn-social-insurance-law:a86')).toBe(true);
  });

  it('does not ask for a figure when the look-up asks what it means: 起付标准 是什么意思', () => {
    expect(fits('起付标准 是什么意思', 'zj-medical-security-reg:a58.p2')).toBe(true);
  });

  it('needs the number of grades for 长护险评估一共分几级', () => {
    expect(fits('长护险评估一共分几级', 'sh-medical-security-reg:a22.p2')).toBe(false);
  });

  it('does not take 10个工作日内 for the office hours 医保局周六上不上班 asks about', () => {
    expect(fits('医保局周六上不上班', 'cn-si-handling-reg:a10')).toBe(false);
  });

  it('reads 领多少, 几个工作日(内) and 几号 as asking for a figure, a number of days and a date', () => {
    expect(fits('退休以后每月能领多少', 'cn-social-insurance-law:a27')).toBe(false);
    expect(fits('社保关系转移接续要几个工作日', 'cn-si-handling-reg:a16')).toBe(false);
    expect(fits('变更社保登记几个工作日内办完', 'cn-si-handling-reg:a10')).toBe(true);
    expect(fits('居民医保每年几号截止', 'sh-medical-security-reg:a14.p1')).toBe(false);
  });

  it('needs a road and a number for 医保经办大厅 地址, and reads 地址变了怎么办 as asking what to do', () => {
    const office = '鄂州市医疗保障局在市民服务中心设立医保服务窗口。';
    expect(answersAskedKind('鄂州 医保经办大厅 地址', office, [], office)).toBe(false);
    expect(answersAskedKind('医保服务窗口地址在哪', '医保服务窗口设在滨湖南路8号。', [], '医保服务窗口设在滨湖南路8号。')).toBe(true);
    expect(answersAskedKind('地址变了医保要改吗', office, [], office)).toBe(true);
  });

  it('reads 理赔 流程 as asking for the steps: a goal of supervising commercial insurers gives none', () => {
    const goal = '加强监督管理。规范商业保险机构承办大病保险业务，建立并完善绩效评价机制。';
    expect(answersAskedKind('商业医疗险 理赔 流程', goal, [], goal)).toBe(false);
  });

  it('takes 移动终端 for an answer to 在哪个小程序上交居民医保, and an office alone for none', () => {
    expect(fits('在哪个小程序上交居民医保', 'cn-si-handling-reg:a29')).toBe(true);
    expect(answersAskedKind('在哪个小程序上交居民医保', '社会保险经办机构应当为用人单位和个人提供服务。', [], '社会保险经办机构应当为用人单位和个人提供服务。')).toBe(false);
  });
});

describe('answersAskedKind', () => {
  it('needs a number in the quote for a quantity question', () => {
    expect(answersAskedKind('起付线是多少钱', '起付标准由统筹地区确定。', [], '起付标准由统筹地区确定。')).toBe(false);
    expect(answersAskedKind('起付线是多少钱', '起付标准为800元。', [], '起付标准为800元。')).toBe(true);
  });

  it('reads a look-up ending on 金额 or 限额 as asking for the figure, and a story mentioning 金额 as not', () => {
    const clause = '本市建立和完善城乡居民大病保险、职工大额医疗费用补助等补充医疗保险制度。';
    expect(answersAskedKind('上海 职工大额医疗费用补助 每年交的金额', clause, [], clause)).toBe(false);
    expect(answersAskedKind('大额医疗费用补助 最高支付限额', clause, [], clause)).toBe(false);
    const repay = '参保人员应当退回多报销的费用，可以申请分期退回。';
    expect(answersAskedKind('让我退回多报的钱，金额比较大，能不能分期退', repay, [], repay)).toBe(true);
  });

  it('reads 几月份开始 as asking for a month and 要交满几年才能 as asking for a number of years, mid-sentence too', () => {
    const clause = '参保人员跨统筹地区就业的，其基本医疗保险关系随本人转移，缴费年限累计计算。';
    expect(answersAskedKind('居民医保每年几月份开始交', clause, [], clause)).toBe(false);
    expect(answersAskedKind('居民医保每年几月份开始交', '每年9月至12月为集中参保期。', [], '每年9月至12月为集中参保期。')).toBe(true);
    expect(answersAskedKind('职工医保要交满几年才能退休后不交', clause, [], clause)).toBe(false);
    expect(answersAskedKind('职工医保要交满几年才能退休后不交', '累计缴费满二十五年。', [], '累计缴费满二十五年。')).toBe(true);
  });

  it('reads 居民医保怎么交 as asking how to pay: a goal of better payment services does not say', () => {
    const goal = '优化城乡居民参保缴费服务，丰富参保缴费便民渠道。';
    expect(answersAskedKind('居民医保怎么交', goal, [], goal)).toBe(false);
    const how = '灵活就业人员可以直接向社会保险费征收机构缴纳社会保险费。';
    expect(answersAskedKind('灵活就业的医保怎么交？', how, [], how)).toBe(true);
  });

  it('reads 多少钱一个人, 多少天到账, 多少天内要办 and 要去哪里 as asking for a figure, a time and a place', () => {
    const goal = '建立健全城乡居民基本医疗保险个人缴费标准与经济社会发展水平相适应的动态调整机制。';
    expect(answersAskedKind('今年居民医保交多少钱一个人', goal, [], goal)).toBe(false);
    expect(answersAskedKind('手工报销一般多少天到账', goal, [], goal)).toBe(false);
    expect(answersAskedKind('孩子出生后多少天内要参保', goal, [], goal)).toBe(false);
    expect(answersAskedKind('医保电子凭证激活要去哪里', goal, [], goal)).toBe(false);
    const days = '社会保险经办机构应当自收到申请之日起20个工作日内办理完毕。';
    expect(answersAskedKind('手工报销一般多少天到账', days, [], days)).toBe(true);
  });

  it('reads 划多少钱进去 and 每月给多少 as asking for a figure: a goal for the 个人账户 states none, the 2 % does', () => {
    const goal = '改革职工基本医疗保险个人账户，建立健全门诊共济保障机制。';
    expect(answersAskedKind('个人账户每个月划多少钱进去', goal, [], goal)).toBe(false);
    expect(answersAskedKind('退休以后个人账户每月给多少', goal, [], goal)).toBe(false);
    const share = '在职职工个人账户计入标准原则上控制在本人参保缴费基数的2%。';
    expect(answersAskedKind('个人账户每个月划多少钱进去', share, [], share)).toBe(true);
  });

  it('reads a question ending on 是什么时候 as asking for a time, and 密码忘记了怎么重置 as asking what to do', () => {
    const goal = '优化城乡居民参保缴费服务，丰富参保缴费便民渠道。';
    expect(answersAskedKind('城乡居民医保集中缴费期是什么时候？', goal, [], goal)).toBe(false);
    expect(answersAskedKind('社保卡密码忘记了怎么重置', goal, [], goal)).toBe(false);
    expect(answersAskedKind('社保卡密码忘记了咋办', goal, [], goal)).toBe(false);
    const period = '城乡居民基本医疗保险集中参保期为每年9月1日至12月31日。';
    expect(answersAskedKind('城乡居民医保集中缴费期是什么时候？', period, [], period)).toBe(true);
  });

  it('reads 医保卡丢了怎么办 as asking what to do: the definition of the card does not say', () => {
    const definition = '社会保障卡是个人参加基本医疗保险等社会保险和享受各项社会保险待遇的凭证。';
    expect(answersAskedKind('医保卡丢了怎么办', definition, [], definition)).toBe(false);
    expect(answersAskedKind('社保卡密码忘了咋办', definition, [], definition)).toBe(false);
  });

  it('reads 什么时候调整 as asking for a time: a clause that only sets up an adjustment mechanism does not say', () => {
    const mechanism = '建立与经济社会发展水平相适应的筹资动态调整机制。';
    expect(answersAskedKind('缴费基数什么时候调整', mechanism, [], mechanism)).toBe(false);
    expect(answersAskedKind('缴费基数什么时候调整', '缴费基数每年7月调整一次。', [], '缴费基数每年7月调整一次。')).toBe(true);
  });

  it('reads 有效期多长 as asking for a time', () => {
    const goal = '实现全国统一的异地就医备案，扩大异地就医直接结算范围。';
    expect(answersAskedKind('异地备案的有效期多长', goal, [], goal)).toBe(false);
    expect(answersAskedKind('异地备案的有效期多长', '备案有效期为6个月。', [], '备案有效期为6个月。')).toBe(true);
  });

  it('accepts a Chinese numeral with a unit as a number', () => {
    expect(answersAskedKind('要交几年', '累计缴费满十五年。', [], '累计缴费满十五年。')).toBe(true);
  });

  it('does not ask for a number when the question is not about a quantity', () => {
    expect(answersAskedKind('异地就医怎么备案', '简化异地就医备案流程。', [], '简化异地就医备案流程。')).toBe(true);
  });

  it('needs a year the question names in the clause or its headings, full-width years included', () => {
    expect(answersAskedKind('2025年参保率目标', '参保率稳定在95%。', [], '参保率稳定在95%。')).toBe(false);
    expect(answersAskedKind('２０２５年参保率目标', '到2025年参保率稳定在95%。', [], '到2025年参保率稳定在95%。')).toBe(true);
    expect(answersAskedKind('2025年的目标', '参保率稳定在95%。', ['“十四五”（2021—2025年）目标'], '参保率稳定在95%。')).toBe(true);
  });
});

describe('eitherOrOptions', () => {
  it('takes the things next to 还是 for the options, not the fillers around it (弄, 非得)', () => {
    const options = eitherOrOptions(kb.analyze('交居民医保能在网上弄不 还是非得去窗口排队'), canBeOption((t) => kb.knowsInText(t)));
    expect(options.map(([a, b]) => [a.label, b.label])).toEqual([['网上', '去窗口']]);
  });

  it('takes the words either side of 还是 as the options', () => {
    const options = eitherOrOptions(kb.analyze('跨省住院报销比例是按参保地还是就医地的政策算'));
    expect(options.map(([a, b]) => [a.label, b.label])).toEqual([['参保地', '就医地']]);
  });

  it('finds no options in a question without 还是', () => {
    expect(eitherOrOptions(kb.analyze('异地就医怎么备案'))).toEqual([]);
  });

  it('reads 还是 before a negation as "still": 医保断了半年还是没补交会怎样 offers no options', () => {
    expect(eitherOrOptions(kb.analyze('医保断了半年还是没补交会怎样'))).toEqual([]);
  });

  it('finds no option after 还是 when a question word follows: 住院费是按天算还是怎么算', () => {
    expect(eitherOrOptions(kb.analyze('住院费是按天算还是怎么算'))).toEqual([]);
  });
});

describe('answersEitherOr', () => {
  const question = () => kb.analyze('灵活就业人员是参加职工医保还是居民医保');

  it('accepts a clause that names an option in its official wording', () => {
    expect(answersEitherOr(question(), entry('职工基本医疗保险覆盖用人单位及其职工。'))).toBe(true);
  });

  it('refuses a clause that names neither option', () => {
    expect(answersEitherOr(question(), entry('鼓励引导职工和城乡居民在常住地、就业地参保，避免重复参保。'))).toBe(false);
  });

  it('lets every clause answer a question that is not either-or', () => {
    expect(answersEitherOr(kb.analyze('异地就医怎么备案'), entry('简化异地就医备案流程。'))).toBe(true);
  });
});

describe('yesNoActions', () => {
  const actions = (question: string) => yesNoActions(kb.analyze(question), kb.analyzer.partOfSpeech).map((c) => c.label);

  it('takes the verb right before 吗 as the action asked about', () => {
    expect(actions('上海职工医保个人账户能给家里人看门诊直接刷卡吗')).toEqual(['刷卡']);
  });

  it('finds no action when the question ends in a one-character verb (能报吗)', () => {
    expect(actions('在外地看病还能报吗')).toEqual([]);
  });

  it('reads the word after 有 as a thing, not an action (有补助吗)', () => {
    expect(actions('低保户交医保有补助吗')).toEqual([]);
  });

  it('takes a judgement for no action: 医院让我签自费同意书这样合法吗', () => {
    expect(actions('医院让我签自费同意书这样合法吗')).toEqual([]);
  });

  it('finds no action in a question that is not yes/no', () => {
    expect(actions('异地就医怎么备案')).toEqual([]);
  });

  it('reads 能申请吗 and 能享受吗 as asking whether someone qualifies, not about an application', () => {
    expect(actions('我公公中风好几年下不了床，长期护理保险能申请吗')).toEqual([]);
    expect(actions('没工作的家庭妇女生孩子能享受生育医疗费用待遇吗')).toEqual([]);
  });
});

describe('answersYesNo', () => {
  const actions = () => yesNoActions(kb.analyze('个人账户能给家里人看门诊直接刷卡吗'), kb.analyzer.partOfSpeech);

  it('refuses a clause about the account that says nothing of the action asked about', () => {
    const clause = '职工基本医疗保险参保人员个人账户历年结余资金可以用于支付本人及其近亲属参加商业健康保险的个人缴费。';
    expect(answersYesNo(actions(), entry(clause))).toBe(false);
  });

  it('accepts a clause that uses the action\'s own word', () => {
    const asked = yesNoActions(kb.analyze('欠费会被追缴吗'), kb.analyzer.partOfSpeech);
    expect(asked.map((c) => c.label)).toEqual(['追缴']);
    expect(answersYesNo(asked, entry('用人单位未按时足额缴纳社会保险费的，由社会保险费征收机构责令限期缴纳或者补足，并自欠缴之日起，按日加收万分之五的滞纳金；逾期仍不缴纳的，由有关行政部门处欠缴数额一倍以上三倍以下的罚款。依法追缴。'))).toBe(true);
  });

  it('leaves a yes/no question alone when a synonym explains its verb (被处罚 → 处罚, 罚款)', () => {
    expect(yesNoActions(kb.analyze('骗保会被处罚吗'), kb.analyzer.partOfSpeech)).toEqual([]);
  });

  it('refuses a clause that shares only a character with the action (转诊 is not 诊疗)', () => {
    const asked = yesNoActions(kb.analyze('异地就医能转诊吗'), kb.analyzer.partOfSpeech);
    expect(asked.map((c) => c.label)).toEqual(['转诊']);
    expect(answersYesNo(asked, entry('推进异地就医直接结算，规范诊疗行为。'))).toBe(false);
    expect(answersYesNo(asked, entry('通过明确诊疗方案、规范转诊等措施降低医疗成本。'))).toBe(true);
  });

  it('reads the verb before a complement or after a modal as the action (转过来, 能转): too short to decide on', () => {
    expect(yesNoActions(kb.analyze('医保关系能转过来吗'), kb.analyzer.partOfSpeech)).toEqual([]);
    expect(actionHead('转过来')).toBe('转');
    expect(actionHead('能转')).toBe('转');
    expect(actionHead('回去')).toBe('');
  });

  it('does not take a verb of knowing for an action (扣了多少我能知道吗)', () => {
    expect(yesNoActions(kb.analyze('单位扣了多少医保我能知道吗'), kb.analyzer.partOfSpeech)).toEqual([]);
  });

  it('lets every clause answer when there is no action to check', () => {
    expect(answersYesNo([], entry('简化异地就医备案流程。'))).toBe(true);
  });
});
