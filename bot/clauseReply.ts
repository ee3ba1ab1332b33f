import type { KnowledgeBase } from '../knowledge/types';
import { citationLine, toCitation } from './citation';
import { PHRASES } from './phrases';
import type { Reply } from './types';

/**
 * A reply quoting one whole clause with its source: what the user sees after picking it among
 * "您想问的是" choices. Null for an unknown clause or a heading without text.
 */
export function clauseReply(kb: KnowledgeBase, clauseId: string): Reply | null {
  const view = kb.clause(clauseId);
  if (!view || !view.clause.text.trim()) return null;
  const citation = toCitation(view.clause, view.doc, kb);
  const source = citationLine(citation);
  const caveat = view.doc.kind === 'plan' ? PHRASES.planNote : view.doc.kind === 'news' ? PHRASES.newsNote : undefined;
  const lines = [view.clause.text, source, ...(caveat ? [caveat] : [])];
  return { kind: 'answer', answered: true, text: lines.join('\n'), citations: [citation], followUps: [], notes: [], quote: view.clause.text, source, ...(caveat ? { caveat } : {}), related: [] };
}
