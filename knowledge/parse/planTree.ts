/**
 * Turns the blocks found in a plan or news text (headings, bullets, 专栏 tables, paragraphs)
 * into the clause tree: parents, ids, paths, heading chains, and the splitting of very long
 * paragraphs.
 */

import type { Clause, ClauseLevel } from '../types';
import { ClauseTree } from './clauseTree';
import {
  chunkSentences,
  ENUMERATION_SPLIT_MIN_CHARS,
  LONG_PARAGRAPH_CHARS,
  splitEnumeration,
  type Range,
} from './longText';
import { HEADING_TITLE_MAX_CHARS } from './markers';
import { lineAt, sliceLocated, type LocatedText } from './text';

export type BlockKind = 'front' | 'part' | 'section' | 'article' | 'bullet' | 'table' | 'paragraph';

/** One structural piece of a plan or news text, in document order. */
export interface Block {
  kind: BlockKind;
  /** Heading, article or 专栏 number (ordinal for unnumbered news headings); null otherwise. */
  number: number | null;
  /** Path label of this block: `三、`, `（四）`, `1.`, `——坚持…`, `专栏1`, a news heading; '' for paragraphs. */
  label: string;
  /** Heading title for the `headings` chain ('' for paragraphs and front matter). */
  title: string;
  /** Verbatim text of the node; empty for a heading line without body. */
  body: LocatedText;
  /** 1-based source line where the block starts. */
  line: number;
  /**
   * A paragraph that belongs to the bullet before it rather than to the enclosing heading
   * (run-on plans file text moved away from a bullet back under it); other parsers leave it unset.
   */
  underItem?: boolean;
}

/** How paths are written for one kind of document. */
export interface PathStyle {
  /** Path of the front matter node (`印发通知`, `副标题`). */
  frontLabel: string;
  /** Prefix of top-level paragraphs before the first heading (`前言` → `前言第1段`). */
  leadLabel: string;
  /** Between a parent's path and a child heading's label: '' for `三、（四）`, '·' for news titles. */
  headingSeparator: string;
}

const BLOCK_LEVEL: Record<BlockKind, ClauseLevel> = {
  front: 'paragraph',
  part: 'part',
  section: 'section',
  article: 'article',
  bullet: 'item',
  table: 'item',
  paragraph: 'paragraph',
};

const SEGMENT_PREFIX: Record<BlockKind, string> = {
  front: 'front',
  part: 's',
  section: 'c',
  article: 'a',
  bullet: 'b',
  table: 't',
  paragraph: 'p',
};

/** Builds the clause tree of a plan or news text from its blocks. */
export function buildPlanTree(docId: string, blocks: Block[], style: PathStyle): Clause[] {
  const tree = new ClauseTree(docId);
  const open: OpenNodes = { part: null, section: null, article: null, item: null };
  const childCounts = new Map<string, number>();
  /** Nodes whose heading line carries body text: their first paragraph child is 第2段. */
  const withBody = new Set<string>();
  const count = (parent: Clause | null, kind: BlockKind): number => {
    const key = `${parent?.id ?? ''}|${kind}`;
    const n = (childCounts.get(key) ?? 0) + 1;
    childCounts.set(key, n);
    return n;
  };

  for (const block of blocks) {
    const parent = block.underItem && open.item ? open.item : parentOf(block.kind, open);
    const siblingNumber = count(parent, block.kind);
    const parentHasBody = parent !== null && withBody.has(parent.id);
    const node = tree.add({
      segment: block.kind === 'front' ? SEGMENT_PREFIX.front : `${SEGMENT_PREFIX[block.kind]}${segmentNumber(block, parentHasBody, siblingNumber)}`,
      level: BLOCK_LEVEL[block.kind],
      path: pathOf(block, parent, segmentNumber(block, parentHasBody, siblingNumber), style),
      headings: block.title ? [...(parent?.headings ?? []), block.title] : [...(parent?.headings ?? [])],
      text: block.body.text,
      parent,
      line: block.line,
    });
    if (block.body.text) withBody.add(node.id);
    if (block.kind === 'part') Object.assign(open, { part: node, section: null, article: null, item: null });
    if (block.kind === 'section') Object.assign(open, { section: node, article: null, item: null });
    if (block.kind === 'article') Object.assign(open, { article: node, item: null });
    if (block.kind === 'bullet') open.item = node;
    if (block.kind !== 'table') splitLong(tree, node, block.body);
  }
  return tree.clauses;
}

/** The headings a new block may nest in; `item` is the latest bullet (for `underItem` paragraphs). */
interface OpenNodes {
  part: Clause | null;
  section: Clause | null;
  article: Clause | null;
  item: Clause | null;
}

function parentOf(kind: BlockKind, open: OpenNodes): Clause | null {
  switch (kind) {
    case 'front':
    case 'part':
      return null;
    case 'section':
      return open.part;
    case 'article':
      return open.section ?? open.part;
    default:
      return open.article ?? open.section ?? open.part;
  }
}

/** Numbered headings and 专栏 keep their own number; bullets and paragraphs count their siblings. */
function segmentNumber(block: Block, parentHasBody: boolean, siblingNumber: number): number {
  if (block.kind === 'paragraph') return siblingNumber + (parentHasBody ? 1 : 0);
  if (block.kind === 'bullet') return siblingNumber;
  return block.number ?? siblingNumber;
}

function pathOf(block: Block, parent: Clause | null, number: number, style: PathStyle): string {
  const base = parent?.path ?? '';
  switch (block.kind) {
    case 'front':
      return style.frontLabel;
    case 'table':
      return block.label;
    case 'paragraph':
      return `${parent ? base : style.leadLabel}第${number}段`;
    case 'bullet':
      return `${base}${shorten(block.label)}`;
    default:
      return base ? `${base}${style.headingSeparator}${block.label}` : block.label;
  }
}

/** A label no longer than HEADING_TITLE_MAX_CHARS (bullet titles without a `。` can be long). */
function shorten(label: string): string {
  return label.length <= HEADING_TITLE_MAX_CHARS ? label : `${label.slice(0, HEADING_TITLE_MAX_CHARS)}…`;
}

/**
 * Splits a long node: an enumeration `一是…二是…` longer than ENUMERATION_SPLIT_MIN_CHARS keeps
 * its lead-in as the node text and gets one item per `X是`; other texts longer than
 * LONG_PARAGRAPH_CHARS move into sentence-cut items and the node keeps an empty text.
 */
function splitLong(tree: ClauseTree, node: Clause, body: LocatedText): void {
  if (body.text.length <= ENUMERATION_SPLIT_MIN_CHARS) return;
  const enumeration = splitEnumeration(body.text);
  if (enumeration) {
    const lead = body.text.slice(enumeration.lead.start, enumeration.lead.end).trim();
    node.text = lead;
    const leadTitle = firstSentence(lead);
    if (node.level === 'paragraph' && leadTitle && leadTitle.length <= HEADING_TITLE_MAX_CHARS) {
      node.headings = [...node.headings, leadTitle];
    }
    enumeration.items.forEach((item, i) => {
      const child = addPiece(tree, node, body, item, `i${i + 1}`, `${node.path}${item.label}`);
      splitIntoChunks(tree, child, sliceLocated(body, item.start, item.end));
    });
    return;
  }
  splitIntoChunks(tree, node, body);
}

/** Moves a long text into sentence-cut items `（1/3）`, `（2/3）` … under `node`. */
function splitIntoChunks(tree: ClauseTree, node: Clause, body: LocatedText): void {
  if (body.text.length <= LONG_PARAGRAPH_CHARS) return;
  const chunks = chunkSentences(body.text);
  if (chunks.length < 2) return;
  node.text = '';
  chunks.forEach((chunk, i) => {
    addPiece(tree, node, body, chunk, `k${i + 1}`, `${node.path}（${i + 1}/${chunks.length}）`);
  });
}

function addPiece(tree: ClauseTree, node: Clause, body: LocatedText, range: Range, segment: string, path: string): Clause {
  return tree.add({
    segment,
    level: 'item',
    path,
    headings: [...node.headings],
    text: body.text.slice(range.start, range.end).trim(),
    parent: node,
    line: lineAt(body, range.start),
  });
}

/** The first sentence of `text` without its `。` ('' when there is no `。`). */
function firstSentence(text: string): string {
  const stop = text.indexOf('。');
  return stop === -1 ? '' : text.slice(0, stop);
}
