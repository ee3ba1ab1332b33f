import { normalizeForMatch } from '../knowledge/normalize';
import { splitSentences } from '../knowledge/sentences';

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

/** Cuts one over-long sentence to `maxChars` around its first matched term, at a comma where possible. */
function cutSentence(sentence: string, terms: QuoteTerm[], maxChars: number): string {
  const norm = normalizeForMatch(sentence);
  const first = Math.min(...terms.map((t) => norm.indexOf(t.term)).filter((i) => i >= 0), sentence.length);
  const commaBefore = Math.max(sentence.lastIndexOf('，', first), sentence.lastIndexOf('、', first));
  const start = first < maxChars / 2 ? 0 : Math.max(commaBefore + 1, 0);
  let end = Math.min(sentence.length, start + maxChars);
  const commaAfter = sentence.lastIndexOf('，', end);
  if (end < sentence.length && commaAfter > start + maxChars / 2) end = commaAfter + 1;
  return `${start > 0 ? ELLIPSIS : ''}${sentence.slice(start, end)}${end < sentence.length ? ELLIPSIS : ''}`;
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
