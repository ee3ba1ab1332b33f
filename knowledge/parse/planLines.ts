/**
 * Blocks of a plan text written one paragraph per line (国家, 甘肃, 鄂州): notice header,
 * title, headings at line starts, `——` bullets, 专栏 tables flattened to tab-indented cells,
 * and paragraphs (lines broken inside a sentence are joined).
 */

import type { DocumentMeta } from '../types';
import { headingBlock } from './headingBlock';
import { markerAt, type Marker } from './markers';
import type { Block } from './planTree';
import { compact, joinBrokenLines, locate, type LocatedText, type SourceLine } from './text';

/** Cell lines of a flattened 专栏 table start with a tab; its bullet cells may start with `·`. */
const TABLE_CELL_INDENT = '\t';
const TABLE_BULLET = '·';

/** Blocks of a line-per-paragraph plan. */
export function planLineBlocks(meta: DocumentMeta, lines: SourceLine[]): Block[] {
  const titleIndex = lines.findIndex((l) => l.text !== '' && compact(l.text) === compact(meta.title));
  const blocks: Block[] = [];
  const front = titleIndex > 0 ? frontBlock(lines.slice(0, titleIndex)) : null;
  if (front) blocks.push(front);

  let pending: SourceLine[] = [];
  const flush = (): void => {
    for (const located of joinBrokenLines(pending, (l) => lineHeading(l.text) !== null)) {
      blocks.push(textBlock(located));
    }
    pending = [];
  };
  for (let i = titleIndex + 1; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    if (markerAt(line.text, 0)?.kind === 'table') {
      flush();
      const end = tableEnd(lines, i + 1);
      blocks.push(tableBlock(lines.slice(i, end)));
      i = end - 1;
    } else {
      pending.push(line);
    }
  }
  flush();
  return blocks;
}

/** The notice header before the title (印发通知, 文号, date) as one block, its lines joined by newlines. */
export function frontBlock(lines: SourceLine[]): Block | null {
  const content = lines.filter((l) => l.text !== '');
  const first = content[0];
  if (!first) return null;
  return {
    kind: 'front',
    number: null,
    label: '',
    title: '',
    body: locatedLines(content),
    line: first.line,
  };
}

function locatedLines(lines: SourceLine[]): LocatedText {
  const text = lines.map((l) => l.text).join('\n');
  let offset = 0;
  const marks = lines.map((l) => {
    const mark = { offset, line: l.line };
    offset += l.text.length + 1;
    return mark;
  });
  return { text, marks };
}

/** The heading marker a line starts with (part, section, article or bullet), or null. */
function lineHeading(text: string): Marker | null {
  const marker = markerAt(text, 0);
  return marker && marker.kind !== 'table' ? marker : null;
}

function textBlock(located: LocatedText): Block {
  const line = located.marks[0]?.line ?? 1;
  const marker = lineHeading(located.text);
  if (marker) return headingBlock(marker, located, line);
  return { kind: 'paragraph', number: null, label: '', title: '', body: located, line };
}

/** Index of the first line after the cells of the 专栏 table whose cells start at `from`. */
function tableEnd(lines: SourceLine[], from: number): number {
  let end = from;
  for (let i = from; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) break;
    if (line.text === '') continue;
    const isCell = (line.raw.startsWith(TABLE_CELL_INDENT) || line.text.startsWith(TABLE_BULLET)) && lineHeading(line.text) === null;
    if (!isCell) break;
    end = i + 1;
  }
  return end;
}

/** One block per 专栏: its title and cells joined by single spaces. */
function tableBlock(lines: SourceLine[]): Block {
  const content = lines.filter((l) => l.text !== '');
  const [head] = content;
  const marker = head ? markerAt(head.text, 0) : null;
  const line = head?.line ?? 1;
  return {
    kind: 'table',
    number: marker?.number ?? null,
    label: marker?.label ?? '专栏',
    title: head?.text ?? '',
    body: locate(content.map((l) => l.text).join(' '), line),
    line,
  };
}
