/**
 * Blocks of a run-on plan text (青海): a few very long lines in which headings run inline
 * (`…2.健全完善监督检查制度。三、重点任务(一)实施全民参保工程。改革完善…`), line breaks fall
 * inside words, and the notice header is repeated.
 *
 * The lines are read as one stream. A heading marker counts only where a sentence starts
 * (after 。！？) and only when its number follows the previous sibling's (一→二, (一)→(二),
 * 1.→2.; a new part restarts its sections, a new section its articles). This keeps `一是`,
 * `1+4+2`, `2021.12`, percentages and out-of-sequence numbers inside the text.
 */

import { headingBlock } from './headingBlock';
import { HEADING_TITLE_MAX_CHARS, markerAt, NESTING, type Marker, type MarkerKind } from './markers';
import type { Block } from './planTree';
import { appendLocated, locate, sliceLocated, startsSentence, type LocatedText, type SourceLine } from './text';

/** A text whose median non-blank line is longer than this is read as a run-on stream. */
export const RUN_ON_MEDIAN_LINE_CHARS = 300;

/** Characters compared to find a repeated notice header at the start of the stream. */
const REPEAT_PROBE_CHARS = 20;

/** Whether a text is written as run-on lines rather than one paragraph per line. */
export function isRunOn(lines: SourceLine[]): boolean {
  const lengths = lines.filter((l) => l.text !== '').map((l) => l.text.length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  return median > RUN_ON_MEDIAN_LINE_CHARS;
}

/** An accepted heading: where it starts and, when it runs straight into a child heading, where its title stops. */
interface Accepted {
  index: number;
  marker: Marker;
  titleStop?: number;
}

/** Blocks of a run-on text. */
export function runOnBlocks(lines: SourceLine[]): Block[] {
  const stream = joinStream(lines);
  const headings = acceptHeadings(stream.text);
  const blocks: Block[] = [];
  const firstIndex = headings[0]?.index ?? stream.text.length;
  blocks.push(...frontBlocks(sliceLocated(stream, 0, firstIndex)));
  headings.forEach((heading, i) => {
    const end = headings[i + 1]?.index ?? stream.text.length;
    const located = sliceLocated(stream, heading.index, end);
    const titleStop = heading.titleStop === undefined ? undefined : heading.titleStop - heading.index;
    blocks.push(headingBlock(heading.marker, trimEnd(located), located.marks[0]?.line ?? 1, titleStop));
  });
  return blocks;
}

/** All non-blank lines as one text, joined without separator (line breaks fall inside words). */
function joinStream(lines: SourceLine[]): LocatedText {
  let stream: LocatedText | null = null;
  for (const line of lines) {
    if (line.text === '') continue;
    const next = locate(line.text, line.line);
    stream = stream ? appendLocated(stream, next) : next;
  }
  return stream ?? locate('', 1);
}

function trimEnd(located: LocatedText): LocatedText {
  return { ...located, text: located.text.trimEnd() };
}

/** Walks the stream and keeps the heading markers that start a sentence and continue their numbering. */
function acceptHeadings(text: string): Accepted[] {
  const accepted: Accepted[] = [];
  const last: Record<MarkerKind, number> = { part: 0, section: 0, article: 0, bullet: 0, table: 0 };
  let forced = -1;
  for (let i = 0; i < text.length; i += 1) {
    if (i !== forced && !startsSentence(text, i)) continue;
    const marker = markerAt(text, i);
    if (!marker || !followsSibling(marker, last)) continue;
    if (marker.number !== null) last[marker.kind] = marker.number;
    if (marker.kind === 'part') Object.assign(last, { section: 0, article: 0 });
    if (marker.kind === 'section') last.article = 0;
    const child = childHeadingInTitle(text, i, marker);
    accepted.push(child === -1 ? { index: i, marker } : { index: i, marker, titleStop: child });
    forced = child;
    i += marker.length - 1;
  }
  return accepted;
}

function followsSibling(marker: Marker, last: Record<MarkerKind, number>): boolean {
  if (marker.kind === 'bullet') return true;
  if (marker.kind === 'table') return false;
  return marker.number === last[marker.kind] + 1;
}

/**
 * Where a first child heading (`(一)` after `二、总体要求`, `1.` after a section title) starts
 * inside the title of the heading at `start` — titles run straight into it without `。` — or -1.
 */
function childHeadingInTitle(text: string, start: number, marker: Marker): number {
  const limit = Math.min(text.length, start + HEADING_TITLE_MAX_CHARS);
  for (let j = start + marker.length; j < limit; j += 1) {
    if (text[j] === '。') return -1;
    const child = markerAt(text, j);
    if (child && child.number === 1 && child.kind !== 'table' && NESTING[child.kind] > NESTING[marker.kind]) return j;
  }
  return -1;
}

/**
 * The text before the first heading (the notice header). When it starts with the same text
 * twice, only the first copy is kept; anything after the second copy becomes a paragraph.
 */
function frontBlocks(front: LocatedText): Block[] {
  const text = front.text;
  if (text.trim() === '') return [];
  const line = front.marks[0]?.line ?? 1;
  const probe = text.slice(0, REPEAT_PROBE_CHARS);
  const again = probe.length === REPEAT_PROBE_CHARS ? text.indexOf(probe, 1) : -1;
  const repeated = again > 0 && text.slice(0, again) === text.slice(again, 2 * again);
  if (!repeated) return [{ kind: 'front', number: null, label: '', title: '', body: front, line }];
  const blocks: Block[] = [{ kind: 'front', number: null, label: '', title: '', body: sliceLocated(front, 0, again), line }];
  const rest = sliceLocated(front, 2 * again);
  if (rest.text.trim() !== '') {
    blocks.push({ kind: 'paragraph', number: null, label: '', title: '', body: rest, line: rest.marks[0]?.line ?? line });
  }
  return blocks;
}
