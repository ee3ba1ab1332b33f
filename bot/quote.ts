import { normalizeForMatch } from '../knowledge/normalize';
import { splitSentences, type Sentence } from '../knowledge/sentences';

export { splitSentences, type Sentence } from '../knowledge/sentences';

/** Marks left where quoted text is cut (verbatim text is never changed, only shortened). */
export const ELLIPSIS = '……';

/** Another sentence joins the quote only when it scores at least this share of the best sentence. */
export const MIN_SENTENCE_SHARE = 0.6;

export interface QuoteTerm {
  term: string;
  weight: number;
}

function sentenceScore(sentence: string, terms: QuoteTerm[]): number {
  const norm = normalizeForMatch(sentence);
  return terms.reduce((sum, t) => (norm.includes(t.term) ? sum + t.weight : sum), 0);
}

/**
 * Cuts one over-long sentence to at most `maxChars` characters around its first matched term, at a
 * comma where possible; the window always contains the term.
 */
function cutSentence(sentence: string, terms: QuoteTerm[], maxChars: number): string {
  const norm = normalizeForMatch(sentence);
  const hits = terms.map((t) => ({ at: norm.indexOf(t.term), len: t.term.length })).filter((h) => h.at >= 0);
  const first = hits.reduce((a, h) => (h.at < a.at ? h : a), { at: Number.POSITIVE_INFINITY, len: 0 });
  if (!Number.isFinite(first.at)) first.at = 0;
  // Start at the comma before the term when the term would otherwise fall outside the window.
  const commaBefore = Math.max(sentence.lastIndexOf('，', first.at), sentence.lastIndexOf('、', first.at));
  let start = first.at + first.len <= maxChars ? 0 : Math.max(commaBefore + 1, 0);
  if (first.at + first.len - start > maxChars) start = Math.max(0, first.at + first.len - maxChars);
  let end = Math.min(sentence.length, start + maxChars);
  const commaAfter = sentence.lastIndexOf('，', end - 1);
  if (end < sentence.length && commaAfter + 1 > Math.max(start + maxChars / 2, first.at + first.len)) end = commaAfter + 1;
  return `${start > 0 ? ELLIPSIS : ''}${sentence.slice(start, end)}${end < sentence.length ? ELLIPSIS : ''}`;
}

/** An item of a list (（四）串换药品…；, 1. …, (二) …). */
const LIST_ITEM = /^\s*(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十0-9]+\)|[0-9]+[.、．](?![0-9]))/;
/** A sentence that opens a list (…有下列情形之一的，…依法处理：). */
const OPENS_LIST = /[：:]\s*$/;

/**
 * The lead-in of the list item `sentences[i]`: the sentences of the line that opens its list, from
 * the line's start to its colon (empty when `i` is no item or no line before it opens a list). An
 * item read without it says neither who nor what follows: （四）串换药品… is an offence only with
 * 定点医药机构有下列情形之一的，…处…罚款：
 */
function leadIn(text: string, sentences: Sentence[], i: number): number[] {
  if (!LIST_ITEM.test(sentences[i]?.text ?? '')) return [];
  for (let j = i - 1; j >= 0; j -= 1) {
    const opening = sentences[j] as Sentence;
    if (LIST_ITEM.test(opening.text)) continue;
    if (!OPENS_LIST.test(opening.text)) return [];
    const lineStart = text.lastIndexOf('\n', opening.start + opening.text.trimEnd().length - 1) + 1;
    const lead: number[] = [];
    for (let k = j; k >= 0 && (sentences[k] as Sentence).end > lineStart; k -= 1) lead.unshift(k);
    return lead;
  }
  return [];
}

/**
 * The most relevant sentences of a clause, verbatim, in document order, at most `maxChars`
 * characters (plus ellipsis marks where sentences were left out). `complete` says whether the whole
 * clause was quoted.
 */
export function selectQuote(text: string, terms: QuoteTerm[], maxChars: number): { quote: string; complete: boolean } {
  const clean = text.trim();
  if ([...clean].length <= maxChars) return { quote: clean, complete: true };
  const sentences = splitSentences(clean);
  const ranked = sentences
    .map((s, i) => ({ s, i, score: sentenceScore(s.text, terms) }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const best = ranked[0];
  if (!best) return { quote: clean.slice(0, maxChars) + ELLIPSIS, complete: false };
  if (best.s.text.length > maxChars) return { quote: cutSentence(best.s.text.trim(), terms, maxChars), complete: false };
  const chosen = [best];
  let used = best.s.text.length;
  for (const r of ranked.slice(1)) {
    if (r.score <= 0 || r.score < best.score * MIN_SENTENCE_SHARE) break;
    if (used + r.s.text.length > maxChars) continue;
    chosen.push(r);
    used += r.s.text.length;
  }
  // A list item is quoted with the lead-in of its list, when it fits with all that was chosen or
  // else with the best sentence alone.
  const lead = leadIn(clean, sentences, best.i).filter((i) => !chosen.some((c) => c.i === i));
  const leadLength = lead.reduce((n, i) => n + (sentences[i] as Sentence).text.length, 0);
  if (lead.length && used + leadLength <= maxChars) chosen.push(...lead.map((i) => ({ s: sentences[i] as Sentence, i, score: 0 })));
  else if (lead.length && best.s.text.length + leadLength <= maxChars) chosen.splice(0, chosen.length, best, ...lead.map((i) => ({ s: sentences[i] as Sentence, i, score: 0 })));
  chosen.sort((a, b) => a.i - b.i);
  let quote = '';
  let previous = -1;
  for (const c of chosen) {
    if (c.i !== previous + 1) quote += ELLIPSIS;
    quote += c.s.text.trim();
    previous = c.i;
  }
  if (previous !== sentences.length - 1) quote += ELLIPSIS;
  return { quote, complete: false };
}
