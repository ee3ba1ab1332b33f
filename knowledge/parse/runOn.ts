/**
 * Blocks of a run-on plan text (青海): a few very long lines in which headings run inline
 * (`…2.健全完善监督检查制度。三、重点任务(一)实施全民参保工程。改革完善…`), line breaks fall
 * inside words, and the notice header is repeated. The text is also scrambled: paragraphs and
 * headings stand out of their order, some twice, some without their parent heading.
 *
 * The lines are read as one stream and cut into units (runOnUnits.ts): every inline heading
 * and `———` bullet starts a unit, and so does every sentence. The headings are put into an
 * outline (runOnOutline.ts) and the sentences are filed under the heading they talk about
 * (runOnFiling.ts). The blocks then follow the outline, not the stream: each heading with its
 * own text (the heading and the sentences right after it), then the other pieces filed under
 * it as paragraphs, then its children. Every block text is still one contiguous piece of the
 * stream.
 */

import { buildOutline, type OutlineNode } from './runOnOutline';
import { fileSentences, type Piece } from './runOnFiling';
import { firstHeadingIndex, streamUnits, type Unit } from './runOnUnits';
import type { Block } from './planTree';
import { TermModel } from './termOverlap';
import { appendLocated, lineAt, locate, sliceLocated, type LocatedText, type SourceLine } from './text';

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

/** Blocks of a run-on text; `title` is the document's title (a sentence containing it is preface). */
export function runOnBlocks(lines: SourceLine[], title = ''): Block[] {
  const stream = joinStream(lines);
  const first = firstHeadingIndex(stream.text);
  const blocks = frontBlocks(sliceLocated(stream, 0, first === -1 ? stream.text.length : first));
  if (first === -1) return blocks;
  const units = streamUnits(stream.text, first);
  const terms = new TermModel(units.map((u) => (u.kind === 'sentence' ? u.text : u.title)));
  const outline = buildOutline(units, terms);
  const pieces = fileSentences(units, outline, terms, title);
  const text = (piece: Piece): LocatedText => trimmed(stream, units[piece.from]?.start ?? 0, units[piece.to - 1]?.end ?? 0);
  for (const piece of pieces.filter((p) => p.label === 'preface')) {
    const body = text(piece);
    blocks.push({ kind: 'paragraph', number: null, label: '', title: '', body, line: lineAt(body, 0) });
  }
  const visit = (node: OutlineNode): void => {
    const own = pieces.filter((p) => p.label === node);
    const body = own.find((p) => p.heading !== null) ?? null;
    blocks.push(nodeBlock(node, body, units, stream));
    for (const piece of own) {
      if (piece === body) continue;
      const located = text(piece);
      blocks.push({
        kind: 'paragraph',
        number: null,
        label: '',
        title: '',
        body: located,
        line: lineAt(located, 0),
        underItem: node.kind === 'bullet',
      });
    }
    node.children.forEach(visit);
  };
  outline.roots.forEach(visit);
  return blocks;
}

/** The block of an outline node: its heading and own text, or only its heading. */
function nodeBlock(node: OutlineNode, body: Piece | null, units: Unit[], stream: LocatedText): Block {
  const at = body?.heading ?? node.occurrences[0];
  const heading = at === undefined ? undefined : units[at];
  const line = lineAt(stream, heading?.start ?? units[node.first]?.start ?? 0);
  let located = locate('', line);
  if (heading && body) located = trimmed(stream, heading.start, units[body.to - 1]?.end ?? heading.end);
  else if (heading && node.kind === 'bullet') located = trimmed(stream, heading.start, heading.end);
  return { kind: node.kind, number: node.number, label: node.label, title: node.title, body: located, line };
}

/** The stream between `start` and `end` without surrounding whitespace. */
function trimmed(stream: LocatedText, start: number, end: number): LocatedText {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(stream.text[from] ?? '')) from += 1;
  while (to > from && /\s/u.test(stream.text[to - 1] ?? '')) to -= 1;
  return sliceLocated(stream, from, to);
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
