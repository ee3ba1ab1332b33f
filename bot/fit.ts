import type { EntryTerms } from '../knowledge/ranker';
import { DEFAULT_QUERY_WEIGHTS, type AnalyzedQuery, type QueryConcept } from '../knowledge/query';
import { normalizeForMatch, stripEmoji } from '../knowledge/normalize';
import { splitSentences } from '../knowledge/sentences';

/**
 * Whether a clause can answer the kind of question asked, beyond matching its words: an amount
 * needs a number, a named year must occur, an either-or question needs one of its options, and a
 * yes/no question needs the action it asks about.
 */

/** Some number in a text: digits, or a Chinese numeral with a unit (not the article-like 一个, 一种). */
const HAS_NUMBER = /[0-9０-９]|[一二三四五六七八九十百千万两半]+(?:年|个月|月|日|天|元|倍|成|岁|周岁|%)|[二三四五六七八九十百千万两][一二三四五六七八九十百千万两]*(?:个|种|家|人)/;
/** Ends of whole sentences (a ； separates the items of one rule). */
const FULL_STOP = /[。！？!?]+/;

/** A quote of at most this many whole sentences speaks of one point (a law's 款); longer ones may run over several. */
const MAX_SENTENCES_OF_ONE_POINT = 2;

/** A year a question names (2023年, 2025). */
const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;

/** What a clause must show to answer a question that asks for a particular kind of thing. */
export interface AskedKind {
  /** The reason code when no close candidate shows it. */
  reason: 'amount_not_stated' | 'time_not_stated' | 'materials_not_stated' | 'contact_not_stated' | 'place_not_stated'
    | 'institution_not_named' | 'list_not_given' | 'procedure_not_stated';
  /** Wording that asks for this kind of thing (over the NFKC-normalised question). */
  asks: RegExp;
  /** What the answer must contain: in the quoted text (`quote`) or anywhere in the clause (`clause`). */
  shows: RegExp;
  where: 'quote' | 'clause';
  /**
   * The clause must also name what the question is about (a term of its subject, in its text or
   * headings): a figure answers 起付线是多少 only in a clause about the 起付线, however short the
   * quote. Amounts only; swept over all three evaluation sets (on every kind it cost false declines).
   */
  namesSubject?: true;
  /** Asks by naming the thing whose value it wants (起付线, 缴费基数下限): that name is the question's subject, too. */
  asksByNaming?: true;
  /** Wording that asks for something else, which the clause may state instead (有啥政策 after 怎么办). */
  unless?: RegExp;
}

/** True when the (folded) question asks for this kind of thing. */
export function asksFor(kind: AskedKind, asked: string): boolean {
  return kind.asks.test(asked) && !kind.unless?.test(asked);
}

/** A sum of money or a share: 300元, 2万, 80%, 百分之五十, 七成, 2倍. */
const SUM_OR_SHARE = /[0-9０-９]\s*(?:元|万|千|百|%|％)|百分之|[一二三四五六七八九十两]+成|倍/;

/**
 * A sum stated as the rule it is worked out by, which answers 给多少 as a figure does:
 * 生育津贴按照职工所在用人单位上年度职工月平均工资计发.
 */
const AMOUNT_RULE = /按(?:照)?[^，,。；;]{0,16}(?:平均工资|工资总额|缴费工资|缴费基数|可支配收入)[^，,。；;]{0,4}(?:计发|计算|核定|确定)/;

/**
 * The kinds of thing a question can ask for that a clause may simply not state, in the order they
 * are checked: a telephone number needs the number, a street address the road and number; an
 * amount or a share (多少钱, 几成) a number in the quote; a time or deadline (多久, 几个工作日) a time
 * expression; the papers to bring (要带什么材料) a mention of materials; where to go (去哪办) a
 * place or channel; which hospitals or pharmacies (哪些医院是定点) a clause that names them or says all of them; how to do something (怎么办理, 申请流程) a clause that says what someone does
 * (申请, 提交, 向…提出), not only a goal (简化备案流程). Plans state goals, not these, so a local
 * procedure question is declined rather than answered with a goal.
 */
export const ASKED_KINDS: readonly AskedKind[] = [
  {
    reason: 'contact_not_stated',
    asks: /电话|联系方式|号码是多少|热线是多少|打哪个/,
    // A number of five digits or more, other than 12345: the refusal names that hotline already.
    shows: /(?:^|[^0-9])(?!12345(?:[^0-9]|$))[0-9]{5,}/,
    where: 'clause',
  },
  {
    // A street address (经办大厅在哪条路, 医保局地址) needs a road and a number (…路100号), not the
    // name of an office or a plan to build one; 地址变了怎么办 asks what to do, not the address.
    reason: 'contact_not_stated',
    asks: /地址(?:是|在)?(?:哪里|哪儿|哪|什么|多少)?(?=[呢啊呀吧]?[?？。！!\s]*$)|门牌|哪条(?:路|街)|具体位置|办公地点/,
    shows: /[路街道巷弄]\s*[0-9０-９一二三四五六七八九十百]+\s*号/,
    where: 'clause',
  },
  {
    // A sum of money or a share needs money or a share, not just any number (30个工作日). The
    // amount must be what the question ends on (交多少钱？, 划多少钱进去, or 多少钱一个人: per what), not a word
    // inside another question (跟交多少钱有关系吗).
    reason: 'amount_not_stated',
    namesSubject: true,
    asks: /(?:多少钱|(?:交|缴|扣|报|花|付|罚|补|领|拿|发|赔|退|划|存|返|给|奖)(?:销|纳|费|助|贴|付|励)?多少|(?<![好十])几成|(?<![好十])几倍|多大比例|百分之几|比例是多少)(?=(?:一(?:个)?(?:人|年|月|次|天|颗|份|项)|进去|进来|回来|下来|到手)?[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))/,
    // …or the rule it is worked out by (`AMOUNT_RULE`).
    shows: new RegExp(`${SUM_OR_SHARE.source}|${AMOUNT_RULE.source}`),
    where: 'quote',
  },
  {
    // A length of time (几年, 多少天) needs a number of years, months or days (三十日, 第二个自然月).
    // 好几年 and 十几年 are a story's quantities (瘫在床上好几年), not a question.
    reason: 'amount_not_stated',
    namesSubject: true,
    asks: /(?:多少年|多少天|多少个月|(?<![好十])几(?:年|个月|天)|(?:(?<![好十])几|多少)个?工作日)(?=(?:内|以内|之内)?[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))|按(?:几|多少)天|(?:(?<![好十])几|多少)(?:个)?(?:年|月|天)[^，,。？?]{0,8}一次|(?:满|够|交够|缴够|交满|缴满)(?:几|多少)(?:个)?年|(?:(?<![好十])几|多少)(?:个)?(?:天|日|月|工作日)(?:内|以内|之内|(?:能|才|可以|就)?(?:到账|办好|办完|办妥|办下来|批下来|下来|拿到))/,
    // 下一年度 and 上一年度 name a year, not a length of time.
    shows: /(?<![下上本同当])[0-9０-９一二三四五六七八九十百两半]+\s*(?:个)?(?:自然|日历)?(?:周?年(?!度)|月|日|天|个工作日)/,
    where: 'quote',
  },
  {
    reason: 'amount_not_stated',
    namesSubject: true,
    // …except the number of a telephone (电话是多少), which the contact check asks for.
    asks: /^(?!.*(?:电话|号码|热线)是?多少).*(?:是多少|多少[?？吗呢啊]*$)/,
    shows: new RegExp(`${HAS_NUMBER.source}|${AMOUNT_RULE.source}`),
    where: 'quote',
  },
  {
    // A terse look-up naming a figure (杭州 缴费基数下限, 起付线 具体金额) asks for its value, unless
    // it asks what the figure means, who sets it or whether there is one (有没有起付线).
    reason: 'amount_not_stated',
    namesSubject: true,
    asksByNaming: true,
    asks: /^(?!.*(?:是什么|啥意思|什么意思|怎么算|怎么定|谁定|谁来定|由谁|咋回事|怎么回事|为什么|为啥|有没有|有无|是否有|有.{0,8}[吗嘛])).*(?:费率|起付线|起付标准|封顶线|最高支付限额|支付限额|定额标准|缴费标准|补助标准|救助标准|缴费基数(?:上限|下限)|报销比例|支付比例|报销额度|(?:限额|金额|数额)(?=[?？。.!！\s]*$)|上限|下限|具体(?:金额|数额|数值|数字|比例|标准)|每[月年](?:标准|多少))/,
    // …or a rate in thousandths (滞纳金 万分之五).
    shows: new RegExp(`${SUM_OR_SHARE.source}|[0-9０-９]\\s*‰|千分之|万分之`),
    where: 'quote',
  },
  {
    // How many grades or kinds (评估等级共几级, 分几类) needs the count.
    reason: 'amount_not_stated',
    namesSubject: true,
    asks: /(?:(?<![好十])几|多少)(?:个)?(?:级|类|种|档|等级)|分(?:为)?几/,
    shows: /[0-9０-９一二三四五六七八九十两]+(?:个)?(?:级|类|种|档|等级)/,
    where: 'clause',
  },
  {
    // Office hours (几点关门, 周六上不上班) need hours of the day, not a time limit in working days.
    reason: 'time_not_stated',
    asks: /几点|办公时间|上班时间|营业时间|工作时间(?!内)|上不上班|开不开门|(?:周六|周日|周末|节假日|礼拜天)(?:上班|办公|开门|能办)?/,
    shows: /[0-9０-９]{1,2}\s*[:：点时]|上午|下午|全天|24小时/,
    where: 'clause',
  },
  {
    // A day of the calendar (截止日期是哪天, 每月几号扣款) needs a date (12月31日, 每月15日, 年底), not a
    // length of time (三年过渡期内).
    reason: 'time_not_stated',
    asks: /哪一?天|几号|几月几[日号]|(?:截止|开始|缴费|扣款|扣费)(?:日期|日子)|什么日子/,
    shows: /[0-9０-９一二三四五六七八九十]+月(?:[0-9０-９一二三四五六七八九十]+[日号]|底|末|初)|每月[0-9０-９一二三四五六七八九十]+[日号]|年底|年末|月底|月末|当日|当天/,
    where: 'clause',
  },
  {
    reason: 'time_not_stated',
    asks: /多久|多长时间|多少时间|多长(?=[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))|啥时候|什么时候(?:能|可以|会|才)?(?:到账|办好|下来|生效|开始|截止|结束|办|交|报|调整|调|涨|提高|变)|什么时候(?=[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))|截止(?:日期|时间)|期限是|几号|几月份?(?=开始|截止|结束|起|前|之前|以前|到|办|交|缴|报|[?？吗呢]|$)/,
    // …or a period stated by what it follows (生育津贴支付期限按照…产假…期限执行).
    shows: /[0-9０-９一二三四五六七八九十两]+(?:个)?(?:自然|日历)?(?:工作日|日|天|月|年|周|小时)|即时|实时|当日|当天|当月|次月|(?:期限|时限)(?:按照|依照|参照)/,
    where: 'clause',
  },
  {
    // Which year (哪一年开始实施) needs a year.
    reason: 'time_not_stated',
    asks: /哪一?年|什么年份/,
    shows: /(?:19|20)[0-9]{2}|[一二三四五六七八九〇零]{4}年/,
    where: 'clause',
  },
  {
    reason: 'materials_not_stated',
    // …or which slip or form (开什么单子, 填啥表).
    asks: /(?:什么|啥|哪些|那些)(?:材料|资料|证件|证明|手续|表格)|(?:开|填|交|提供)(?:什么|啥|哪些|哪个)(?:单|表)|带(?:什么|啥)|准备(?:什么|啥)|需要.{0,4}(?:材料|资料|证件)/,
    shows: /材料|资料|证件|证明|身份证|凭证|申请表|表格|手续|单据|票据|清单/,
    where: 'clause',
  },
  {
    // Which app or website (在哪个app上弄) needs a channel of that kind, not an office.
    reason: 'place_not_stated',
    // Where to download a form (申请表在哪里下载) is asked the same way.
    asks: /(?:哪个|什么|啥)(?:app|小程序|公众号|网站|平台|软件)|(?:app|小程序|公众号)(?:上|里)?(?:能|可以)?(?:办|弄|查|备案|报|交)|(?:哪里|哪儿|哪)(?:能|可以)?下载|下载(?:地址|链接|网址)/,
    shows: /app|小程序|公众号|网站|移动终端|掌上|手机|互联网|网上|线上|电子凭证/,
    where: 'clause',
  },
  {
    // Whose rules apply (按哪里的政策, 执行哪边的标准) needs a clause that says which place's: where
    // the person is insured or where they are treated.
    reason: 'place_not_stated',
    asks: /(?:按|照|依|执行|用|走|算)(?:哪里|哪儿|哪边|哪个地方|哪个城市|哪地|哪头)的?/,
    shows: /参保地|就医地|参保所在地|就医所在地|参保统筹地区|就医统筹地区/,
    where: 'clause',
  },
  {
    reason: 'place_not_stated',
    asks: /(?:在|去|到)哪(?:里|儿)?(?:办|交|缴|补|查|申请|备案|报|弄|登记|领|开)|(?:在|去|到)哪(?:个|家)[^，,。？?\s]{0,6}?(?:办|交|缴|补|查|申请|备案|报|弄|登记|领|开)|哪个(?:窗口|部门|地方|网站)|什么地方(?:办|交|申请)|(?:去|到)哪(?:里|儿)?(?=[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))/,
    shows: /窗口|经办|服务大厅|网上|线上|平台|移动终端|网站|部门|机构|服务站|服务点|app|小程序|掌上/,
    where: 'clause',
  },
  {
    reason: 'institution_not_named',
    asks: /(?:哪些|哪家|哪个|哪几家|什么)(?:医院|药店|药房|诊所|定点)|(?:医院|药店|定点医院|定点药店)(?:有哪些|是哪几家|名单)/,
    shows: /(?:人民|中心|中医|第[一二三四五六七八九十]+)医院|医院[、，]|药房[、，]|名单|所有|全部|均可|各级/,
    where: 'clause',
  },
  {
    // Which diseases or drugs (有哪些病种, 哪些药能报) needs a clause that names some.
    reason: 'list_not_given',
    asks: /(?:哪些|哪几种|哪几个|什么)(?:病|病种|疾病|慢性病|慢病|特殊病|药|药品)|(?:病种|药品|疾病)(?:有哪些|包括哪些|都有啥|有啥)/,
    shows: /高血压|糖尿病|肿瘤|癌症|尿毒症|透析|精神|结核|血友病|白血病|器官移植|[^，。；、]{1,8}病、[^，。；]{1,8}病|[^，。；]{1,8}药品?、/,
    where: 'clause',
  },
  {
    // The steps one by one, as on an app or at a counter (具体点几步, 一步一步说说, 具体怎么操作),
    // need steps in order, not a clause saying the filing is done 按照规定. 手工报销的步骤是什么
    // asks what the rule has one do, which the general kind below checks.
    reason: 'procedure_not_stated',
    asks: /(?:几|哪几)(?:个)?步(?!伐)|一步一步|具体(?:怎么|咋|如何)(?:操作|弄)|操作流程|操作步骤/,
    shows: /第[一二三四五1-5]步|首先|然后|先[^。；]{1,24}再|依次/,
    where: 'clause',
  },
  {
    reason: 'procedure_not_stated',
    asks: /(?:怎么|怎样|如何|咋)(?:样)?(?:办理|申请|申领|办(?![吗呢啊呀?？,，.。!！]|$)|弄|备案|登记|报销|领取|领|补办|挂失|激活|开通|绑定|注册|申报|操作|缴费|交费|续保|重置|修改|找回|解锁|交(?=[呢啊呀吧]?(?:[?？。！!，,；;\s]|$))|缴(?=[呢啊呀吧]?(?:[?？。！!，,；;\s]|$)))|(?:办理|申请|报销|备案|补缴|缴费|参保|理赔)(?:流程|步骤|程序)|(?:^|\s)(?:流程|步骤|程序|办理流程)(?=[?？。\s]*$)|走什么流程|什么手续|一步一步|(?:丢了|忘了|忘记了?|坏了|找不到了?)(?:该|要)?(?:怎么办|咋办)/,
    shows: /申请|申领|提交|提供|办理|登记|备案|(?<![支坚维保扶主])持(?!续)|凭(?!证)|告知|出具|填写|向[^，。；]{0,20}(?:申请|提出|报告|缴纳)/,
    where: 'quote',
    // 看病贵怎么办，国家有啥政策 asks what the state does about it, which a plan's goal states.
    unless: /(?:有|出台了?|出了)(?:啥|什么|哪些|没有)(?:好的?)?(?:政策|措施|举措|办法)|(?:政策|措施|举措)(?:有哪些|是什么|是啥)/,
  },
];

/**
 * The first kind of thing the question asks for that the clause does not show (null when it
 * shows all): see ASKED_KINDS; a year the user names must occur in the clause or its headings.
 * `contrasts`: groups of mutually exclusive words (门诊 / 住院, lexicon `contrasts`); `subject`:
 * terms of what the question is about (its most selective concept).
 */
/** True when the question asks for a kind of thing a clause may not state (ASKED_KINDS) or names a year. */
export function asksAnyKind(question: string): boolean {
  const asked = foldedQuestion(question);
  return ASKED_KINDS.some((k) => asksFor(k, asked)) || YEAR.test(asked);
}

/** True when the question asks for an amount, share, duration or count (an `amount_not_stated` kind). */
export function asksAmount(question: string): boolean {
  const asked = foldedQuestion(question);
  return ASKED_KINDS.some((k) => k.reason === 'amount_not_stated' && asksFor(k, asked));
}

export function missingAskedKind(
  question: string,
  clauseText: string,
  headings: string[],
  quote: string,
  contrasts: readonly string[][] = [],
  subject: readonly string[] = [],
  figure: readonly string[] = [],
): AskedKind['reason'] | 'year_not_stated' | null {
  const asked = foldedQuestion(question);
  // The clause and the quote's sentences are folded only when a kind asked for needs them.
  let clause: string | undefined;
  let about: string | undefined;
  for (const kind of ASKED_KINDS) {
    if (!asksFor(kind, asked)) continue;
    if (kind.namesSubject && subject.length && !subject.some((t) => (clause ??= foldedClause(headings, clauseText)).includes(t))) return kind.reason;
    let shown: string;
    if (kind.where === 'clause') shown = clause ??= foldedClause(headings, clauseText);
    else {
      about ??= quoteAbout(asked, quote, contrasts, subject);
      // A figure asked for by name is stated beside that name.
      shown = kind.asksByNaming && figure.length ? partsNaming(about, figure) : about;
    }
    if (!kind.shows.test(shown)) return kind.reason;
  }
  const years = asked.match(YEAR);
  if (!years) return null;
  const folded = clause ?? foldedClause(headings, clauseText);
  return years.every((year) => folded.includes(year)) ? null : 'year_not_stated';
}

/** A clause's parts between full stops and semicolons: each states one rule or one figure. */
const RULE_PART = /[^。；;\n]+/g;

/**
 * The parts of the quote's sentences about what was asked (`quoteAbout`, folded) that name the
 * figure asked for by name (支付比例, 起付标准): its value is stated beside its name. 大病保险资金起付标准…百分之五十；…按照规定比例予以支付
 * gives the 起付标准, not the 支付比例.
 */
function partsNaming(sentences: string, figure: readonly string[]): string {
  const parts = sentences.match(RULE_PART) ?? [];
  return parts.filter((p) => figure.some((t) => p.includes(t))).join('。');
}

/** The clause with its headings, folded (NFKC, lower case) as the question is. */
function foldedClause(headings: readonly string[], clauseText: string): string {
  return `${headings.join(' ')} ${clauseText}`.normalize('NFKC').toLowerCase();
}

/**
 * The quote's sentences that speak of what was asked, folded and joined. What is quoted must show
 * it in a sentence about what was asked: not one that names only the alternative of something the
 * question names (the 住院 figures do not say what 门诊 pays), and, when the quote runs over several
 * points (a plan's paragraph), one with a term of the question's subject. A law's 款 states one
 * rule: its first sentence names what its number is about.
 */
function quoteAbout(asked: string, quote: string, contrasts: readonly string[][], subject: readonly string[]): string {
  const sentences = splitSentences(quote).map((s) => s.text.normalize('NFKC').toLowerCase());
  const manyPoints = quote.split(FULL_STOP).filter((x) => x.trim()).length > MAX_SENTENCES_OF_ONE_POINT;
  const speaksOfOther = alternativesOf(asked, contrasts);
  return sentences
    .filter((s) => (!manyPoints || !subject.length || subject.some((t) => s.includes(t))) && !speaksOfOther(s))
    .join('\n');
}

/** The last question folded (NFKC, lower case): an answer checks many clauses against the same question. */
let lastQuestion: string | null = null;
let lastFolded = '';

function foldedQuestion(question: string): string {
  if (question !== lastQuestion) {
    // Without its emoji, as the question is analysed: 一个月多少钱啊😭 ends on its amount.
    lastFolded = normalizeForMatch(stripEmoji(question));
    lastQuestion = question;
  }
  return lastFolded;
}

/**
 * The sentence names an alternative (住院) of a word the question names (门诊) without naming
 * that word itself: it speaks of the other thing.
 */
export function namesOnlyAlternative(question: string, sentence: string, contrasts: readonly string[][]): boolean {
  return alternativesOf(question, contrasts)(sentence);
}

/**
 * `namesOnlyAlternative` for one question and many sentences (the alternate questions of a
 * clause): what the question names and leaves out is worked out once.
 */
export function alternativesOf(question: string, contrasts: readonly string[][]): (sentence: string) => boolean {
  const pairs: Array<{ asked: string; others: string[] }> = [];
  for (const group of contrasts) {
    for (const asked of group) {
      if (!question.includes(asked)) continue;
      const others = group.filter((other) => other !== asked && !question.includes(other));
      if (others.length) pairs.push({ asked, others });
    }
  }
  if (pairs.length === 0) return () => false;
  return (sentence) => pairs.some(({ asked, others }) => !sentence.includes(asked) && others.some((other) => sentence.includes(other)));
}

/** Whether the clause can answer what kind of thing was asked (see `missingAskedKind`). */
export function answersAskedKind(question: string, clauseText: string, headings: string[], quote: string): boolean {
  return missingAskedKind(question, clauseText, headings, quote) === null;
}

/** Joins the two options of an either-or question (按参保地还是就医地). */
const EITHER_OR = '还是';

/** What follows 还是 when it is no "or": a negation (还是不交: still not) or a question word (还是咋算). */
const NOT_AN_OPTION = /^\s*(?:不|没|别|咋|怎么|怎样|如何|什么|啥|哪|多少)/;

/**
 * The concept whose own word ends closest before `at` (`before`), or starts closest after it,
 * among those that can be an option (`isOption`).
 */
function nearest(query: AnalyzedQuery, at: number, side: 'before' | 'after', isOption: (c: QueryConcept) => boolean = () => true): QueryConcept | null {
  let best: { concept: QueryConcept; distance: number } | null = null;
  for (const concept of query.concepts) {
    if (concept.context || !isOption(concept)) continue;
    for (const word of concept.own ?? []) {
      const pos = side === 'before' ? query.normalized.lastIndexOf(word, at - word.length) : query.normalized.indexOf(word, at);
      if (pos < 0) continue;
      const distance = side === 'before' ? at - (pos + word.length) : pos - at;
      if (!best || distance < best.distance) best = { concept, distance };
    }
  }
  return best?.concept ?? null;
}

/**
 * A concept that can name an option: one the thesaurus explains, or with a word of two characters
 * or more the clauses use in their own text (not only in their alternate questions). Fillers around 还是 (弄 in 能在手机app上弄不, 非得 in 还是非得跑大厅) name
 * no option; the option is the thing next to them (app, 跑大厅).
 */
export const canBeOption = (knows: (term: string) => boolean) => (c: QueryConcept): boolean =>
  Boolean(c.explained) || (c.own ?? []).some((w) => [...w].length >= 2 && knows(w));

/** The terms that say a concept outright: the user's own words and the full official synonyms. */
function outrightTerms(concept: QueryConcept, synonymWeight: number): string[] {
  const own = new Set(concept.own ?? []);
  return concept.terms.filter((t) => own.has(t.term) || t.weight >= synonymWeight).map((t) => t.term);
}

/**
 * Options of each either-or question in the query: the words right before and after 还是
 * (参保地 / 就医地, 单位 / 个人).
 */
export function eitherOrOptions(query: AnalyzedQuery, isOption: (c: QueryConcept) => boolean = () => true): Array<[QueryConcept, QueryConcept]> {
  const pairs: Array<[QueryConcept, QueryConcept]> = [];
  for (let at = query.normalized.indexOf(EITHER_OR); at >= 0; at = query.normalized.indexOf(EITHER_OR, at + EITHER_OR.length)) {
    // 还是 before a negation means "still" (过了期限还是不交), before a question word it offers no
    // option (按天算还是咋算): neither makes an either-or question.
    if (NOT_AN_OPTION.test(query.normalized.slice(at + EITHER_OR.length))) continue;
    const left = nearest(query, at, 'before', isOption);
    const right = nearest(query, at + EITHER_OR.length, 'after', isOption);
    if (left && right && left !== right) pairs.push([left, right]);
  }
  return pairs;
}

/**
 * An either-or question (按参保地还是就医地的政策) is answered only by a clause that speaks of at
 * least one of the options, in the user's words or their full official synonym: a clause about
 * the surrounding topic cannot say which option applies. Other questions always pass.
 */
export function answersEitherOr(
  query: AnalyzedQuery,
  entry: ClauseTerms,
  synonymWeight: number = DEFAULT_QUERY_WEIGHTS.synonym,
  isOption: (c: QueryConcept) => boolean = () => true,
): boolean {
  return eitherOrOptions(query, isOption).every((options) =>
    options.some((c) => outrightTerms(c, synonymWeight).some((t) => speaksOf(entry, t))));
}

/**
 * The term fields of a clause the fit checks read: its text and headings. Not its alternate
 * questions: what settles an either-or or yes/no question must be stated by the clause itself.
 */
export type ClauseTerms = Pick<EntryTerms, 'body' | 'headings'>;

/** The clause uses the term in its text or its headings. */
function speaksOf(entry: ClauseTerms, term: string): boolean {
  return entry.body.has(term) || entry.headings.has(term);
}

/** A part of a question that ends in a yes/no particle (能刷卡吗, 能参保不, 联网了没). */
const YES_NO_END = /(?:吗|么|不|没|没有|行不行)[啊呀呢]?$/;
/** Where one part of a question ends and the next begins. */
const PART_BREAK = /[，,。.？?！!；;、\s]+/;

/**
 * Complements that follow a verb and say where it goes or how it ends (转过来, 转回去, 交重, 交够,
 * 办好): the action is the verb before them (转, 交), which is then too short to decide on.
 */
const COMPLEMENT = /(?:过来|过去|回来|回去|出来|出去|进来|进去|上来|下来|起来|[完好到掉重错够满齐上下过])$/u;

/** Modal verbs glued to the verb they govern by the segmenter (能转, 可报, 要交). */
const MODAL = /^[能可会要想]/u;

/**
 * The verb without a glued modal or its complement (能转 → 转, 转过来 → 转); empty when the word is
 * only a complement (回去).
 */
export function actionHead(word: string): string {
  if (COMPLEMENT.test(word) && word.replace(COMPLEMENT, '') === '') return '';
  return word.replace(MODAL, '').replace(COMPLEMENT, '');
}

/**
 * Verbs of knowing, wanting and thinking (能知道吗, 想了解吗): they ask about the asker, not an
 * action a clause could speak of; and words of judgement (合规吗, 违法吗).
 */
const NOT_ACTIONS: ReadonlySet<string> = new Set([
  '知道', '了解', '明白', '清楚', '认识', '觉得', '感觉', '担心', '希望', '打算', '看到', '听说', '告诉',
  // Judgements on what the question describes (这样合规吗, 两个一起交行不行): the clause's rule answers
  // them whatever its verbs, so they are no action it must speak of.
  '合规', '合法', '违法', '违规', '合理', '正常', '允许', '应该', '属实', '一回事',
  // …which the segmenter may cut as 一 + 回事 (是一回事不).
  '回事',
  // Whether someone qualifies (瘫在床上能申请不, 没上班的能享受吗): the clause saying who is covered
  // answers it, whether or not it names the application.
  '申请', '享受',
]);

/** 有 / 没有 right before a word: the question asks whether the thing exists (有补助吗). */
const EXISTENTIAL = /有$/;

/** Parts of speech (jieba's tag set) of actions: verbs, verbal nouns and the like all start with v. */
const isVerbTag = (tag: string) => tag.startsWith('v');

/**
 * The actions yes/no questions ask about: in each part ending in a yes/no particle, the last
 * word the user wrote, when it is a verb of two characters or more that no synonym explains
 * (能给我妈看门诊直接刷卡吗 → 刷卡): a colloquial phrase the synonym map explains (能报, 直接报)
 * is matched through its official wording by the ranking already. One-character verbs (报, 交, 买) are too vague to decide on,
 * and a word right after 有 names a thing (有补助吗), not an action.
 */
export function yesNoActions(query: AnalyzedQuery, partOfSpeech: (word: string) => string): QueryConcept[] {
  const actions: QueryConcept[] = [];
  let offset = 0;
  for (const part of query.normalized.split(PART_BREAK)) {
    const start = query.normalized.indexOf(part, offset);
    offset = start + part.length;
    if (!part || !YES_NO_END.test(part)) continue;
    const last = nearest(query, offset, 'before');
    if (!last || last.explained) continue;
    const word = (last.own ?? []).filter((w) => query.normalized.lastIndexOf(w, offset - w.length) >= start).at(-1);
    if (!word || [...actionHead(word)].length < 2 || !isVerbTag(partOfSpeech(word)) || NOT_ACTIONS.has(word)) continue;
    // 有补助吗 asks whether a thing exists: after 有 the word names a thing, whatever its tag.
    if (EXISTENTIAL.test(query.normalized.slice(start, query.normalized.lastIndexOf(word, offset - word.length)))) continue;
    actions.push(last);
  }
  return actions;
}

/**
 * A yes/no question about an action (能刷卡吗) is answered only by a clause that speaks of that
 * action: it shares a word with it — the user's word, one of its dictionary sub-words of two
 * characters or more, or an official synonym — in its text or headings. A
 * shared character is not enough (转诊 is not 诊疗). A clause about the same account or the same
 * people but another action does not say yes or no to it.
 */
export function answersYesNo(actions: QueryConcept[], entry: ClauseTerms): boolean {
  return actions.every((c) => c.terms.some((t) => [...t.term].length >= 2 && speaksOf(entry, t.term)));
}

/** A clause that only says when its document takes effect (第九十八条 本法自2011年7月1日起施行。). */
const COMMENCEMENT = /^\s*(?:第[^条\s]{1,8}条\s*)?本(?:法|条例|规定|办法|决定|细则)自[^。]{0,20}起施行。?\s*$/;

/** A question about a document's own dates: when a law or regulation took or takes effect. */
const ASKS_DOCUMENT_DATE = /(?:法|条例|规定|办法|决定|细则|文件)[^，,。？?]{0,10}(?:施行|实施|生效|执行|出台|颁布|发布)|(?:施行|生效)(?:日期|时间)|什么时候(?:施行|生效)/;

/**
 * The commencement clause answers only a question about its document (监管条例什么时候施行, or
 * one that names the document): its date is not when a filing or a benefit takes effect.
 */
export function answersAboutDocument(question: string, clauseText: string, namesDocument: boolean): boolean {
  return namesDocument || !COMMENCEMENT.test(clauseText) || ASKS_DOCUMENT_DATE.test(question.normalize('NFKC'));
}

