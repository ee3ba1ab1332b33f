import { citationLabel } from './citation';
import { PHRASES } from './phrases';
import type { Answer, Citation } from './types';

/** `相关条款：《…》…；《…》…`, the line naming the related clauses; null when there are none. */
export function relatedLine(related: readonly Citation[]): string | null {
  return related.length ? `${PHRASES.related}${related.map(citationLabel).join('；')}` : null;
}

/** The lines of a quoting answer: what is quoted (`head`: notes, quote) and its source (`tail`). */
export interface QuotedLines {
  head: string[];
  tail: string[];
}

/**
 * The typed parts of an answer as the lines its `text` is made of; null for a reply that quotes
 * nothing (smalltalk, a refusal), whose `text` is all there is.
 */
export function quotedLines(answer: Answer): QuotedLines | null {
  if (answer.quote === undefined || answer.source === undefined) return null;
  const related = relatedLine(answer.related ?? []);
  return {
    head: [...(answer.notes ?? []), answer.quote],
    tail: [answer.source, ...(answer.caveat ? [answer.caveat] : []), ...(related ? [related] : [])],
  };
}
