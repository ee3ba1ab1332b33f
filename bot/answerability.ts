import { MEDICAL_SCHEMES } from '../knowledge/coverage';
import type { Ranked, Retriever } from '../knowledge/knowledgeBase';
import { clauseLeaves, type ClauseReference } from '../knowledge/references';
import { NATIONAL } from '../knowledge/regions';
import { UNKNOWN_TAG } from '../knowledge/segmenter';
import { isRelative, isStoryFigure, type QueryConcept } from '../knowledge/query';
import type { Clause, DocumentMeta } from '../knowledge/types';
import { CARRIED_PREFIX, type TurnQuery } from './context';
import { answersAboutDocument, answersEitherOr, canBeOption, answersYesNo, ASKED_KINDS, asksAmount, asksAnyKind, missingAskedKind, yesNoActions } from './fit';
import { selectQuote, type QuoteTerm } from './quote';

/**
 * The one place that decides whether the bot answers. An ordered list of named checks: first
 * those on the question alone, then the relevance gate on the best candidate, then those on each
 * close candidate (the first candidate that passes them all answers). Every decline carries the
 * reason code of the check that stopped it; eval, logs and metrics show that code.
 */
export type DeclineReason =
  /** It asks for an article by number (第四十一条) and neither it nor the conversation names the document. */
  | 'document_not_named'
  /** The document it names has no such article or paragraph (社保法第一百条). */
  | 'reference_not_found'
  /** The question mentions nothing about (social or medical) insurance. */
  | 'out_of_domain'
  /** It asks for the user's own records (余额, 到账, 进度), which only the 医保经办机构 can see. */
  | 'personal_case'
  /** It names a thing no document speaks of (宠物, 胰岛素). */
  | 'unfamiliar_thing'
  /** No clause shares a word with it. */
  | 'no_match'
  /** The best clause is not relevant enough (relevance or coverage under the gate). */
  | 'weak_match'
  /**
   * The close clauses are rules of another scheme (基本养老保险, 工伤保险) than the one asked about,
   * or the question is about such a scheme alone and they are about medical insurance.
   */
  | 'other_scheme'
  /** An either-or question (按参保地还是就医地) that no close clause settles. */
  | 'either_or_not_settled'
  /** A yes/no question about an action (能转诊吗) that no close clause speaks of. */
  | 'yes_no_action_not_spoken'
  /** It asks for an amount, share or duration and no close clause states one. */
  | 'amount_not_stated'
  /** The close clause only says when its document takes effect, and the question is not about the document. */
  | 'commencement_only'
  /** It names a year no close clause mentions. */
  | 'year_not_stated'
  /** It asks how long or when, and no close clause states a time. */
  | 'time_not_stated'
  /** It asks which papers to bring, and no close clause mentions any. */
  | 'materials_not_stated'
  /** It asks for a telephone number, and no close clause gives one. */
  | 'contact_not_stated'
  /** It asks where to go, and no close clause names a place or channel. */
  | 'place_not_stated'
  /** It asks which hospitals or pharmacies, and no close clause names any. */
  | 'institution_not_named'
  /** It asks which diseases or drugs (有哪些病种), and no close clause names any. */
  | 'list_not_given'
  /** It asks how to do something, and no close clause says what one does (only goals). */
  | 'procedure_not_stated';

/**
 * Declines after the relevance gate: the question's topic was understood and clauses about it were
 * found, but none states what was asked (an amount, a time …). A follow-up (退休了呢) may still
 * build on such a question; after the other declines there is no topic to build on.
 */
export const TOPIC_FOUND_REASONS: ReadonlySet<DeclineReason> = new Set<DeclineReason>([
  'other_scheme', 'either_or_not_settled', 'yes_no_action_not_spoken',
  'contact_not_stated', 'amount_not_stated', 'time_not_stated', 'materials_not_stated', 'place_not_stated', 'institution_not_named', 'list_not_given', 'procedure_not_stated', 'year_not_stated',
  'commencement_only',
]);

/** Every reason, in the order the checks run (eval prints counts in this order). */
export const DECLINE_REASONS: readonly DeclineReason[] = [
  'document_not_named', 'reference_not_found', 'out_of_domain', 'personal_case', 'unfamiliar_thing', 'no_match', 'weak_match',
  'other_scheme', 'commencement_only', 'either_or_not_settled', 'yes_no_action_not_spoken',
  'contact_not_stated', 'amount_not_stated', 'time_not_stated', 'materials_not_stated', 'place_not_stated', 'institution_not_named', 'list_not_given', 'procedure_not_stated', 'year_not_stated',
];

/** The thresholds of the decision. Chosen from `npm run eval -- --sweep`, not from single questions. */
export interface AnswerabilityParams {
  /** The best clause answers only when it matches at least this share of the question's concept weight. */
  minCoverage: number;
  /**
   * …and its relevance (BM25F × coverage^coordination, before priors) is at least this. The sweep
   * over the three sets found 4 free (one development and two FAQ-style unanswerable questions
   * more declined), but it declines follow-ups such as 青海有吗 after 长护险是什么, whose carried
   * words weigh less than the user's own (`ContextParams`): relevance is absolute, so 2 is kept.
   */
  minRelevance: number;
  /**
   * When the best clause fails a fit check, a candidate scoring at least this share of the best,
   * from the same region and covering as much of the question, may answer instead.
   */
  fallbackShare: number;
  /** Characters of verbatim quote (a WeChat message holds about 600). */
  maxQuoteChars: number;
  /**
   * A follow-up whose own words only ask (多久能办好 after 异地就医备案怎么弄) is about the topic it
   * carries: a clause answers it only when it matches at least this share of the carried words'
   * worth (idf), so that a clause stating some other procedure's deadline does not. The sweep over
   * the three sets was flat from 0 to 0.25 and lost a validation dialogue turn from 0.4 on.
   */
  minCarriedCoverage: number;
}

export const DEFAULT_ANSWERABILITY: AnswerabilityParams = {
  minCoverage: 0.25,
  minRelevance: 2,
  fallbackShare: 0.9,
  maxQuoteChars: 300,
  minCarriedCoverage: 0.25,
};

/** The outcome: the clause that answers with its quote, or the reason to decline. */
export type Decision =
  | { answer: true; best: Ranked; quote: string; complete: boolean }
  | { answer: false; reason: DeclineReason; words?: string[] };

/** The outcome for a question that asks for an article by number: its clauses, or the reason to decline. */
export type ReferenceDecision =
  | { answer: true; article: Clause; doc: DocumentMeta; clauses: Clause[] }
  | { answer: false; reason: DeclineReason };

/**
 * Decides a question that names an article (社保法第二十三条, 那第二十四条呢): the user asked for
 * the text of a clause, so the clause answers whatever its wording. The document is the one the
 * question names, else the one the conversation's last answer came from. Null when the question
 * names no article (it is ranked as usual).
 */
export function decideReference(kb: Retriever, reference: ClauseReference | null, previousClauseId?: string): ReferenceDecision | null {
  if (!reference || reference.article === null) return null;
  const docId = reference.docId ?? (previousClauseId ? kb.clause(previousClauseId)?.doc.id : undefined);
  if (!docId) return { answer: false, reason: 'document_not_named' };
  const article = kb.references.resolve({ ...reference, docId, article: reference.article });
  const clauses = article ? clauseLeaves(article, kb.documentClauses(docId) ?? []) : [];
  const doc = kb.documents.find((d) => d.id === docId);
  if (!article || !doc || !clauses.length) return { answer: false, reason: 'reference_not_found' };
  return { answer: true, article, doc, clauses };
}

/**
 * Schemes other than medical insurance that a question names when it names no medical word
 * (兰州养老保险一年交多少): only a clause of that scheme, or one that speaks of it, answers.
 */
function otherSchemesOnly(kb: Retriever, turn: TurnQuery): Array<{ name: string; words: string[] }> {
  const [medical, ...others] = kb.lexicon.schemes;
  const text = turn.query.normalized;
  if (!medical || medical.words.some((w) => text.includes(w))) return [];
  return others.filter((s) => !MEDICAL_SCHEMES.has(s.name) && s.words.some((w) => text.includes(w)));
}

/** The clause is of one of the schemes, or speaks of it in its text or headings. */
function ofScheme(r: Ranked, schemes: ReadonlyArray<{ name: string; words: string[] }>): boolean {
  const text = `${r.entry.clause.headings.join(' ')} ${r.entry.clause.text}`;
  return schemes.some((s) => r.entry.scheme === s.name || s.words.some((w) => text.includes(w)));
}

/** A check on the question alone. Returns the words to name in the refusal, or true/false. */
interface QueryCheck {
  reason: DeclineReason;
  fails(kb: Retriever, turn: TurnQuery): boolean | string[];
}

/**
 * Asks for the user's own records: a balance, whether money arrived, how far an application
 * got, how much was deducted. The documents state rules, not anyone's account.
 */
const PERSONAL_CASE = /余额|还剩(?:多少|几)|剩(?:多少|几|下多少)|到账(?:了)?(?:没|吗|没有)|(?:办理|审核|报销|申请|审批)进度|查(?:一下|一查|询一下)?我(?:的|家)|帮我(?:看看|看一下|查查|查一下|查下|查询)/;

/** Latin letters and digits: a domain word written with them (12345) is a word only where it stands alone. */
const LATIN_OR_DIGIT = /[0-9a-z]/i;
const LATIN_OR_DIGIT_WORD = /^[0-9a-z]+$/i;

/** True when `text` has `word`, a word of Latin letters or digits only where it is not part of a longer one (12345 is not in SF1234567). */
export function mentions(text: string, word: string): boolean {
  if (!LATIN_OR_DIGIT_WORD.test(word)) return text.includes(word);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!LATIN_OR_DIGIT.test(text[at - 1] ?? '') && !LATIN_OR_DIGIT.test(text[at + word.length] ?? '')) return true;
  }
  return false;
}

/**
 * True when the question mentions anything insurance-related, in its own words or through the
 * official terms its colloquial words stand for (长护险 → 长期护理保险), or uses a word of the
 * domain (knowledge/domain.ts). A follow-up (那青海呢,
 * 退休的呢) counts when it has no word of its own, or one the documents know. A new question in a
 * conversation about insurance (我想举报 有奖励不 after 借医保卡会咋样) counts when the documents
 * use one of its words and none of them names something else.
 */
function inDomain(kb: Retriever, turn: TurnQuery): boolean {
  // A question about one of the documents (监管条例 施行日期) is about insurance, whatever its words.
  if (turn.document) return true;
  const own = turn.query.concepts.filter((c) => !c.context);
  const terms = own.flatMap((c) => c.terms.map((t) => t.term));
  const text = `${turn.query.normalized} ${terms.join(' ')}`;
  if (kb.lexicon.domainWords.some((w) => mentions(text, w))) return true;
  // Or a word of its own that the documents use far more than general text does (征缴, 滞纳金).
  const ownTerms = own.flatMap((c) => c.terms.filter((t) => t.from === 'own' && [...t.term].length > 1).map((t) => t.term));
  if (ownTerms.some((t) => kb.domainSpecific(t))) return true;
  if (!turn.followsUp && !turn.inConversation) return false;
  // A word that names something else: a word of the dictionary the documents never use (天气 in
  // 今天天气怎么样), or one jieba only guessed that has a character neither the documents nor
  // everyday phrases use (那猫). 先保 in 那鄂州呢 先保谁 is neither.
  const namesSomethingElse = (w: string) => !kb.knows(w) && (kb.analyzer.partOfSpeech(w) !== UNKNOWN_TAG || !(kb.stats.ordinary?.(w) ?? true));
  const ownWords = own.flatMap((c) => c.own ?? []);
  if (!turn.followsUp) return ownWords.some((w) => [...w].length > 1 && kb.knows(w)) && !ownWords.some(namesSomethingElse);
  if (own.length === 0 || own.some((c) => c.explained || (c.own ?? []).some((w) => kb.knows(w)))) return true;
  // Or none of its own words names something else.
  return !ownWords.some(namesSomethingElse);
}

/** The checks on the question alone, in order. */
export const QUERY_CHECKS: readonly QueryCheck[] = [
  { reason: 'out_of_domain', fails: (kb, turn) => !inDomain(kb, turn) },
  { reason: 'personal_case', fails: (_kb, turn) => PERSONAL_CASE.test(turn.query.normalized) },
  { reason: 'unfamiliar_thing', fails: (kb, turn) => { const w = kb.unfamiliar(turn.query); return w.length ? w : false; } },
];

/** The matched terms, each weighted by what it contributed to the clause's score (for quoting). */
export function quoteTerms(r: Ranked): QuoteTerm[] {
  return r.matches.flatMap((m) => (m.term ? [{ term: m.term, weight: m.score }] : []));
}

/** Question words: a concept made with one asks, it does not name the subject. */
const INTERROGATIVE = /多少|几|啥|什么|哪|怎|咋/;
/** Words naming a bound or the exactness of a figure (上限, 具体金额): the figure itself is the subject, never these. */
const BOUND_WORDS = /^(?:上限|下限|具体.*|每[月年].*)$/;
/** Words of a share that only frame the question word after them (百分之多少, 千分之几). */
const SHARE_FRAME = /^(?:百分之|百分|千分之|万分之)$/;
/** A unit left over from the asking (天内 in 多少天内, jieba's 多少/天内): it says what the figure counts, not what it is about. */
const UNIT_ONLY = /^(?:个)?(?:天|日|周|年|月|个月|工作日)(?:内|以内|之内|后|以后)?$/;
/** Words of a result waited for (多少天内…办好, 多久到账): what the time is until, not what the question is about. */
const RESULT_WORDS = /^(?:办好|办完|办妥|办下来|到账|下来|拿到|批下来|批准)$/;

/**
 * The words that ask (几年, 多少钱, 百分之几十, 百分之 in 百分之多少, 多久能办好): not what the
 * question is about. A figure's name (起付线) asks for its value and is what the question is about.
 */
function asks(c: QueryConcept): boolean {
  return ASKED_KINDS.some((k) => k.asks.test(c.label) && (!k.asksByNaming || BOUND_WORDS.test(c.label))) || INTERROGATIVE.test(c.label) || SHARE_FRAME.test(c.label) || UNIT_ONLY.test(c.label) || RESULT_WORDS.test(c.label);
}

/**
 * True when a concept says nothing of what the question is about: it asks (asks), or it is a
 * figure of the story (花了三万, 交了15年: how much, not what about; a period of one, 一年 in
 * 一年最多能报多少, says what the asked figure is per, and stays), or it names who the question is
 * for (我爸, 老伴: the thesaurus reads every relative as 近亲属).
 */
function saysNoSubject(c: QueryConcept): boolean {
  return asks(c) || isStoryFigure(c) || isRelative(c);
}

/**
 * Terms of what the question is about: the most selective concept the user said (highest worth)
 * that the documents' own text uses — the user's word with its sub-words, and whole synonyms
 * (比例 inside 支付比例 says too little). A word only alternate questions have (被查 in 骗保被查到了)
 * is how someone tells it, and the clause text it is checked against never names it. A follow-up
 * that inherits what was asked inherits its subject too, when it names none of its own.
 */
function subjectTerms(kb: Retriever, turn: TurnQuery, top: Ranked, inherited = false): string[] {
  const worth = new Map(top.matches.map((m) => [m.label, m.idf]));
  const candidates = (own: boolean) => turn.query.concepts.filter((c) => !c.context === own && !saysNoSubject(c) && c.terms.some((t) => kb.knowsInText(t.term)));
  const said = candidates(true);
  const known = said.length || !inherited ? said : candidates(false);
  const best = known.sort((a, b) => (worth.get(b.label) ?? 0) - (worth.get(a.label) ?? 0))[0];
  return best ? best.terms.filter((t) => [...t.term].length >= 2 && (t.whole || t.from === 'own')).map((t) => t.term) : [];
}

/** Kinds that ask by naming a figure (起付线, 支付比例): see `figureTerms`. */
const NAMING_KINDS = ASKED_KINDS.filter((k) => k.asksByNaming);

/**
 * Terms of the figure a terse look-up names to ask for its value (支付比例 in 浙江 大病保险 支付比例
 * 具体数值, with its official terms: 起付线 is 起付标准), which the quote must state beside that
 * name. Words of two characters or more only (比例 inside 支付比例 stays: it is how plans name a share).
 */
function figureTerms(turn: TurnQuery): string[] {
  const named = turn.query.concepts.filter((c) => !c.context && !BOUND_WORDS.test(c.label) && NAMING_KINDS.some((k) => k.asks.test(c.label)));
  return [...new Set(named.flatMap((c) => c.terms.filter((t) => [...t.term].length >= 2).map((t) => t.term)))];
}

/**
 * The labels of the carried concepts that name a subject (see saysNoSubject): words of two
 * characters or more. A single-character verb says how it was asked, not about what (the 带 of an
 * earlier 要带啥 is carried too).
 */
function carriedSubjects(turn: TurnQuery): Set<string> {
  const names = (c: QueryConcept, label: string) => [...label].length >= 2 && !saysNoSubject({ ...c, label });
  return new Set(turn.query.concepts
    .filter((c) => c.label.startsWith(CARRIED_PREFIX) && names(c, c.label.slice(CARRIED_PREFIX.length)))
    .map((c) => c.label));
}

/** The share of the carried concepts' worth that `r` matches. */
function carriedCoverage(r: Ranked, carried: ReadonlySet<string>): number {
  let matched = 0;
  let total = 0;
  for (const m of r.matches) {
    if (!carried.has(m.label)) continue;
    total += m.idf;
    if (m.score > 0) matched += m.idf;
  }
  return total > 0 ? matched / total : 1;
}

/**
 * Decides for one turn: the query checks, the relevance gate on the best candidate, then the fit
 * checks over the close candidates (either-or, yes/no action, the kind of thing asked for).
 */
export function decide(
  kb: Retriever,
  turn: TurnQuery,
  question: string,
  ranked: Ranked[],
  params: AnswerabilityParams = DEFAULT_ANSWERABILITY,
): Decision {
  for (const check of QUERY_CHECKS) {
    const failed = check.fails(kb, turn);
    if (failed === true) return { answer: false, reason: check.reason };
    if (Array.isArray(failed)) return { answer: false, reason: check.reason, words: failed };
  }
  const top = ranked[0];
  if (!top) return { answer: false, reason: 'no_match' };
  if (top.coverage < params.minCoverage || top.relevance < params.minRelevance) return { answer: false, reason: 'weak_match' };
  const actions = yesNoActions(turn.query, kb.analyzer.partOfSpeech);
  // A follow-up that says nothing of its own but a place (甘肃呢) asks what the question it follows
  // asked (住院报销比例大概多少): a figure, about the same subject.
  const inherits = Boolean(turn.previousQuestion) && !asksAnyKind(question) && turn.query.concepts.every((c) => c.context);
  const asking = inherits ? (turn.previousQuestion as string) : question;
  const subject = subjectTerms(kb, turn, top, inherits);
  const figure = figureTerms(turn);
  const otherSchemes = otherSchemesOnly(kb, turn);
  // A follow-up (那浙江呢) asks what the question it follows asked, whose words it carries.
  const withContext = [question, ...turn.query.concepts.filter((c) => c.context).flatMap((c) => c.own ?? [])].join(' ');
  const askedRegion = turn.region && turn.region !== NATIONAL ? turn.region : null;
  // Asked once: another region's clause gives no figure for the asked region (below).
  const asksRegionFigure = askedRegion !== null && asksAmount(asking);
  const isOption = canBeOption((t) => kb.knowsInText(t));
  // A figure asked for a region is looked for first in that region's close candidates: 甘肃 … 报百分之多少
  // is answered with 甘肃's 82 % and 72 %, not the national 80 % and 70 % ranked above them.
  const close = (r: Ranked) => r.score >= top.score * params.fallbackShare;
  const ownRegion = asksRegionFigure && top.entry.region !== askedRegion
    ? ranked.filter((r) => r.entry.region === askedRegion && close(r))
    : [];
  // A follow-up whose own words only ask is about the topic it carries (minCarriedCoverage); the
  // carried words that ask (the 带 of an earlier 要带啥) say nothing of it.
  const onlyCarried = turn.followsUp && turn.query.concepts.every((c) => c.context || saysNoSubject(c));
  const carried = onlyCarried ? carriedSubjects(turn) : null;
  let firstReason: DeclineReason | null = null;
  for (const r of [...ownRegion, ...ranked]) {
    if (!close(r)) break;
    if (r !== top && !ownRegion.includes(r) && (r.coverage < top.coverage || r.entry.region !== top.entry.region)) continue;
    if (r.relevance < params.minRelevance || r.coverage < params.minCoverage) continue;
    let reason: DeclineReason | null = null;
    // A clause filed under another scheme's chapter states that scheme's rule (养老 个人账户余额可以继承).
    if (r.entry.scheme && !turn.query.schemes.includes(r.entry.scheme) && !MEDICAL_SCHEMES.has(r.entry.scheme)) reason = 'other_scheme';
    // …and a question about another scheme alone is not answered by a medical-insurance clause.
    else if (otherSchemes.length && !ofScheme(r, otherSchemes)) reason = 'other_scheme';
    else if (!answersAboutDocument(withContext, r.entry.clause.text, Boolean(turn.document))) reason = 'commencement_only';
    else if (!answersEitherOr(turn.query, r.entry, undefined, isOption)) reason = 'either_or_not_settled';
    else if (!answersYesNo(actions, r.entry)) reason = 'yes_no_action_not_spoken';
    // …declined with the reason of what it asks (no clause states it: the empty clause shows nothing).
    else if (carried && carried.size && carriedCoverage(r, carried) < params.minCarriedCoverage) reason = missingAskedKind(asking, '', [], '') ?? 'weak_match';
    const quoted = reason ? null : selectQuote(r.entry.clause.text, quoteTerms(r), params.maxQuoteChars);
    if (quoted) reason = missingAskedKind(asking, r.entry.clause.text, r.entry.clause.headings, quoted.quote, kb.lexicon.contrasts, subject, figure);
    // Another region's figures are not the asked region's: 上海 … 每月划入多少 is not answered with 鄂州's.
    if (!reason && asksRegionFigure && r.entry.region !== askedRegion && r.entry.region !== NATIONAL) reason = 'amount_not_stated';
    if (!reason && quoted) return { answer: true, best: r, quote: quoted.quote, complete: quoted.complete };
    firstReason ??= reason;
  }
  return { answer: false, reason: firstReason ?? 'weak_match' };
}
