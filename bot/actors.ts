import type { Ranked } from '../knowledge/knowledgeBase';
import { Rescored } from './rescored';

/**
 * Whose conduct a clause deals with. A clause of legal liability names the one who did wrong at
 * its head, in the condition its 的， ends, and then what follows (用人单位未按时足额缴纳社会保险费的，
 * 由社会保险费征收机构责令…; 医疗保障经办机构有下列情形之一的，由医疗保障行政部门责令改正…). When
 * the wrongdoer is an employer, an agency or a hospital and the question names none of them, the
 * clause answers someone else's question: 骗保 罚款 倍数 asks about the one who cheats (社会保险法
 * 第八十八条), not the agency's own fraud; 医院多收了我的钱 about the hospital, not the collection
 * agency that 多收社会保险费. The candidates are reordered; relevance and every gate stay as ranked.
 */
export interface Actor {
  name: 'employer' | 'agency' | 'provider';
  /** How the documents name it at the head of a clause. */
  subject: RegExp;
  /** How a question names it, besides the documents' own words (`subject`). */
  named: RegExp;
}

export const ACTORS: readonly Actor[] = [
  { name: 'employer', subject: /用人单位|缴费单位/, named: /用人单位|缴费单位|单位|公司|老板|企业|工厂|厂里|雇主/ },
  {
    name: 'agency',
    subject: /经办机构|征收机构|行政部门|税务机关|工作人员/,
    named: /经办机构|征收机构|行政部门|医保局|社保局|医保中心|社保中心|医保部门|社保部门|税务|经办|工作人员|窗口/,
  },
  {
    name: 'provider',
    subject: /医药机构|医疗机构|零售药店|药品经营单位|服务机构|评估机构|护理机构/,
    named: /医院|药店|药房|诊所|医生|大夫|医药机构|医疗机构|卫生院|卫生室|医务|定点/,
  },
];

/** A clause's head up to the 的， that ends its condition (its article number aside). */
const LIABILITY_HEAD = /^(?:第[一二三四五六七八九十百零〇]+条\s*)?([^。；：]*?)的[，,]/;

/**
 * What may stand before the actor's word at a clause's head: 医疗保障 in 医疗保障经办机构,
 * 县级以上人民政府医疗保障 in 县级以上人民政府医疗保障行政部门, 定点 in 定点医药机构. Anything else
 * there is another subject (参保人员在外省市定点医疗机构就医的 is about the insured person).
 */
const QUALIFIER = /^(?:(?:县级以上(?:地方)?|各级)?人民政府|国务院)?(?:医疗保障|社会保险费?|人力资源社会保障|劳动保障|卫生健康)?(?:等)?(?:定点)?/;

/**
 * What makes the condition a wrong (未按时足额缴纳, 骗取, 违反, 有下列情形之一). A condition without
 * it is a rule for the actor, not a liability (用人单位已经缴纳生育保险费的，其职工享受…).
 */
const WRONGDOING = /未|不|违反|违规|违法|骗取|为目的|拒|擅自|伪造|变造|隐匿|挪用|侵占|截留|泄露|滥用|玩忽|徇私|下列|多收|篡改|虚构|冒用|串换|弄虚作假/;

/** A person in the condition (用人单位和职工按照规定缴纳…的): the rule is the person's too. */
const PERSON = /个人|职工|参保人|居民|(?<!工作)人员|患者|病人/;

/** How much a candidate's score keeps when it deals with the wrongdoing of someone the question does not name. */
export interface ActorParams {
  /** Multiplier on the score; 1 turns the stage off. */
  unnamedWrongdoer: number;
}

/**
 * The sweep over the development, validation and FAQ-style sets (`npm run eval -- --sweep`) was
 * flat from 1 down to 0.6 and lost a validation question at 0.4; 0.6 is the value in that range
 * that moved our own look-ups' employer and agency clauses below the one asked about (骗保 罚款 倍数).
 */
export const DEFAULT_ACTORS: ActorParams = { unnamedWrongdoer: 0.6 };

/** Per clause (the knowledge base's own object, so another corpus's clause of the same id is not mixed up). */
const wrongdoers = new WeakMap<object, readonly Actor[]>();

/** The actors a clause of legal liability names as the wrongdoer (empty for any other clause, and for a person). */
export function wrongdoersOf(clause: { readonly text: string }): readonly Actor[] {
  let found = wrongdoers.get(clause);
  if (!found) {
    const head = LIABILITY_HEAD.exec(clause.text.trim())?.[1] ?? '';
    const qualified = head.slice(QUALIFIER.exec(head)?.[0].length ?? 0);
    const first = PERSON.test(head) || !WRONGDOING.test(head) ? undefined : ACTORS.find((a) => a.subject.exec(qualified)?.index === 0);
    wrongdoers.set(clause, (found = first ? ACTORS.filter((a) => a.subject.test(head)) : []));
  }
  return found;
}

/**
 * `ranked` with the clauses about the wrongdoing of an actor `asked` does not name (in the
 * documents' words or people's) moved down by `unnamedWrongdoer`; a stable sort keeps every other order.
 */
export function byActor(ranked: readonly Ranked[], asked: string, params: ActorParams = DEFAULT_ACTORS): Ranked[] {
  if (params.unnamedWrongdoer === 1) return [...ranked];
  let changed = false;
  const rescored = ranked.map((r) => {
    const actors = wrongdoersOf(r.entry.clause);
    if (!actors.length || actors.some((a) => a.named.test(asked) || a.subject.test(asked))) return r;
    changed = true;
    return new Rescored(r, r.score * params.unnamedWrongdoer);
  });
  if (changed) rescored.sort((a, b) => b.score - a.score);
  return rescored;
}
