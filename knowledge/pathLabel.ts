/**
 * The label a reader sees for a clause: its path (`clause.path`, public and unchanged) spelled as a
 * person would say it, knowing the clause's siblings.
 *
 * Rules, applied from the top of the document down (a child's label is its parent's label plus
 * what the child's path adds to the parent's path):
 * - A paragraph number (`第N段` in plans and news, `第X款` in laws) appears only when the parent
 *   holds more than one paragraph: `一、第1段` under a `一、` with a single paragraph is `一、`, and
 *   `前言第1段` alone before the first heading is `前言`. A heading line with its own body counts as
 *   its first paragraph (that is why the paragraph after it is `第2段`, and stays so).
 * - Sentence groups of one long paragraph (`（4/5）`) show nothing: they are one paragraph cut for
 *   length, so they carry the paragraph's label.
 * - A bullet `——服务能力显著提升` is named by its words in quotes: `“服务能力显著提升”`.
 * - Everything else keeps its path: law paths (`第二十三条第二款`), numbered headings (`三、（四）`,
 *   `1.`), enumeration items (`一是`), `专栏3`, news headings, front matter (`印发通知`).
 */
import type { Clause } from './types';

/** Id segment of a paragraph (`p2`), a sentence group (`k4`) and a bullet (`b3`). */
const PARAGRAPH_SEGMENT = /^p\d+$/u;
const SENTENCE_GROUP_SEGMENT = /^k\d+$/u;
const BULLET_SEGMENT = /^b\d+$/u;
/** The paragraph number at the end of a path: `第1段`, `第二款`. */
const PARAGRAPH_NUMBER = /第[0-9一二三四五六七八九十百]+[段款]$/u;
const BULLET_MARK = '——';

/** The label of every clause of one document, by clause id. */
export function pathLabels(documentClauses: readonly Clause[]): Map<string, string> {
  const byId = new Map(documentClauses.map((c) => [c.id, c]));
  const children = new Map<string | null, Clause[]>();
  for (const c of documentClauses) {
    const siblings = children.get(c.parentId);
    if (siblings) siblings.push(c);
    else children.set(c.parentId, [c]);
  }
  // Counted once per parent: a law's hundreds of articles share one.
  const counts = new Map<string | null, number>();
  const paragraphCount = (parentId: string | null): number => {
    const known = counts.get(parentId);
    if (known !== undefined) return known;
    const kids = children.get(parentId) ?? [];
    const parent = parentId === null ? undefined : byId.get(parentId);
    const ownBody = parent !== undefined && (parent.text.trim() !== '' || kids.some((k) => SENTENCE_GROUP_SEGMENT.test(lastSegment(k))));
    const count = kids.filter((k) => PARAGRAPH_SEGMENT.test(lastSegment(k))).length + (ownBody ? 1 : 0);
    counts.set(parentId, count);
    return count;
  };
  const labels = new Map<string, string>();
  const labelOf = (clause: Clause): string => {
    const known = labels.get(clause.id);
    if (known !== undefined) return known;
    const parent = clause.parentId === null ? undefined : byId.get(clause.parentId);
    const nested = parent !== undefined && parent.path !== '' && clause.path.startsWith(parent.path);
    const base = nested ? labelOf(parent) : '';
    const own = ownPart(clause, nested ? clause.path.slice(parent.path.length) : clause.path, () => paragraphCount(clause.parentId));
    const label = base + own || clause.path;
    labels.set(clause.id, label);
    return label;
  };
  for (const c of documentClauses) labelOf(c);
  return labels;
}

/** The label of one clause among its document's clauses (see the rules above). */
export function pathLabel(clause: Clause, documentClauses: readonly Clause[]): string {
  return pathLabels(documentClauses).get(clause.id) ?? clause.path;
}

/** What the clause adds to its parent's label. */
function ownPart(clause: Clause, own: string, paragraphs: () => number): string {
  const segment = lastSegment(clause);
  if (SENTENCE_GROUP_SEGMENT.test(segment)) return '';
  if (PARAGRAPH_SEGMENT.test(segment) && paragraphs() === 1) return own.replace(PARAGRAPH_NUMBER, '');
  if (BULLET_SEGMENT.test(segment) && own.startsWith(BULLET_MARK)) return `“${own.slice(BULLET_MARK.length)}”`;
  return own;
}

/** `cn-plan-2021:s3.c4.p2` → `p2`. */
function lastSegment(clause: Clause): string {
  const segments = clause.id.slice(clause.docId.length + 1).split('.');
  return segments.at(-1) ?? '';
}
