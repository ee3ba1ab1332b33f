import type { EntryTerms } from '../knowledge/ranker';
import { DEFAULT_QUERY_WEIGHTS, type AnalyzedQuery, type QueryConcept } from '../knowledge/query';

/**
 * Whether a clause can answer the kind of question asked, beyond matching its words: an amount
 * needs a number, a named year must occur, an either-or question needs one of its options, and a
 * yes/no question needs the action it asks about.
 */

/** A question that asks for an amount, a share or a duration (多少钱, 几年, 比例是多少). */
const ASKS_QUANTITY = /多少钱|多少年|多少天|多少个月|几年|几个月|几天|几成|几倍|是多少|多大比例|交多少钱|多少[?？吗呢啊]*$/;
/** Some number in a text: digits, or a Chinese numeral with a unit. */
const HAS_NUMBER = /[0-9０-９]|[一二三四五六七八九十百千万两半]+(?:年|个月|月|日|天|元|倍|成|个|种|家|人|岁|周岁|%)/;
/** A year a question names (2023年, 2025). */
const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;

/**
 * Whether the clause can answer what kind of thing was asked: a quantity question needs a number
 * in the quote, and a year the user names must occur in the clause (or its headings).
 */
export function answersAskedKind(question: string, clauseText: string, headings: string[], quote: string): boolean {
  if (ASKS_QUANTITY.test(question) && !HAS_NUMBER.test(quote)) return false;
  const where = `${headings.join(' ')} ${clauseText}`;
  return (question.normalize('NFKC').match(YEAR) ?? []).every((year) => where.includes(year));
}

/** Joins the two options of an either-or question (按参保地还是就医地). */
const EITHER_OR = '还是';

/** The concept whose own word ends closest before `at` (`before`), or starts closest after it. */
function nearest(query: AnalyzedQuery, at: number, side: 'before' | 'after'): QueryConcept | null {
  let best: { concept: QueryConcept; distance: number } | null = null;
  for (const concept of query.concepts) {
    if (concept.context) continue;
    for (const word of concept.own ?? []) {
      const pos = side === 'before' ? query.normalized.lastIndexOf(word, at - word.length) : query.normalized.indexOf(word, at);
      if (pos < 0) continue;
      const distance = side === 'before' ? at - (pos + word.length) : pos - at;
      if (!best || distance < best.distance) best = { concept, distance };
    }
  }
  return best?.concept ?? null;
}

/** The terms that say a concept outright: the user's own words and the full official synonyms. */
function outrightTerms(concept: QueryConcept, synonymWeight: number): string[] {
  const own = new Set(concept.own ?? []);
  return concept.terms.filter((t) => own.has(t.term) || t.weight >= synonymWeight).map((t) => t.term);
}

/**
 * Options of each either-or question in the query: the words right before and after 还是
 * (参保地 / 就医地, 单位 / 个人).
 */
export function eitherOrOptions(query: AnalyzedQuery): Array<[QueryConcept, QueryConcept]> {
  const pairs: Array<[QueryConcept, QueryConcept]> = [];
  for (let at = query.normalized.indexOf(EITHER_OR); at >= 0; at = query.normalized.indexOf(EITHER_OR, at + EITHER_OR.length)) {
    const left = nearest(query, at, 'before');
    const right = nearest(query, at + EITHER_OR.length, 'after');
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
  entry: Pick<EntryTerms, 'body' | 'headings'>,
  synonymWeight: number = DEFAULT_QUERY_WEIGHTS.synonym,
): boolean {
  return eitherOrOptions(query).every((options) =>
    options.some((c) => outrightTerms(c, synonymWeight).some((t) => entry.body.has(t) || entry.headings.has(t))));
}

/** A part of a question that ends in a yes/no particle (能刷卡吗, 能参保不, 联网了没). */
const YES_NO_END = /(?:吗|么|不|没|没有|行不行)[啊呀呢]?$/;
/** Where one part of a question ends and the next begins. */
const PART_BREAK = /[，,。.？?！!；;、\s]+/;

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
    if (!word || [...word].length < 2 || !isVerbTag(partOfSpeech(word))) continue;
    // 有补助吗 asks whether a thing exists: after 有 the word names a thing, whatever its tag.
    if (EXISTENTIAL.test(query.normalized.slice(start, query.normalized.lastIndexOf(word, offset - word.length)))) continue;
    actions.push(last);
  }
  return actions;
}

/**
 * A yes/no question about an action (能刷卡吗) is answered only by a clause that speaks of that
 * action, in the user's words or its full official synonym: a clause about the same account or
 * the same people but another action does not say yes or no to it.
 */
export function answersYesNo(
  actions: QueryConcept[],
  entry: Pick<EntryTerms, 'body' | 'headings'>,
  synonymWeight: number = DEFAULT_QUERY_WEIGHTS.synonym,
): boolean {
  if (!actions.length) return true;
  const words = [...entry.body.keys(), ...entry.headings.keys()];
  return actions.every((c) => outrightTerms(c, synonymWeight).some((t) => entry.body.has(t) || entry.headings.has(t))
    || (c.own ?? []).some((w) => [...w].some((ch) => words.some((x) => x.includes(ch)))));
}
