/**
 * Blocks of a news summary (新华社): a title, a subtitle, lead paragraphs, then unnumbered
 * headings — short lines without punctuation — each followed by paragraphs. A heading whose
 * first paragraph opens with `要` (the summary's directive lead of each part of the opinion)
 * is a part; the headings under it are sections. Sentences broken across lines are joined,
 * and a heading broken across two lines (`协同推进` / `医药服务供给侧改革`) is one heading.
 */

import type { DocumentMeta } from '../types';
import type { Block } from './planTree';
import { appendLocated, compact, joinBrokenLines, locate, type LocatedText, type SourceLine } from './text';

/** A news heading is a line of at most this many characters … */
export const NEWS_HEADING_MAX_CHARS = 20;

/** … with none of these punctuation marks. */
const HEADING_FORBIDDEN = /[，。、；：！？,;:!?]/u;

/** Opening of the lead paragraph of a part (`要推进法定医疗保障制度更加成熟定型…`). */
export const NEWS_PART_LEAD = '要';

/** Blocks of a news summary. */
export function newsBlocks(meta: DocumentMeta, lines: SourceLine[]): Block[] {
  const content = lines.filter((l) => l.text !== '');
  const titleIndex = content.findIndex((l) => compact(l.text) === compact(meta.title));
  const body = content.slice(titleIndex + 1);
  const units = groupHeadings(body);
  const blocks: Block[] = [];
  let seenParagraph = false;
  let parts = 0;
  let sections = 0;
  units.forEach((unit, i) => {
    if (unit.kind === 'paragraph') {
      seenParagraph = true;
      blocks.push({ kind: 'paragraph', number: null, label: '', title: '', body: unit.located, line: unit.line });
      return;
    }
    const text = unit.located.text;
    if (!seenParagraph) {
      blocks.push({ kind: 'front', number: null, label: '', title: '', body: unit.located, line: unit.line });
      return;
    }
    const next = units[i + 1];
    const isPart = next?.kind === 'paragraph' && next.located.text.startsWith(NEWS_PART_LEAD);
    if (isPart) {
      parts += 1;
      sections = 0;
    } else {
      sections += 1;
    }
    blocks.push({
      kind: isPart ? 'part' : 'section',
      number: isPart ? parts : sections,
      label: text,
      title: text,
      body: locate('', unit.line),
      line: unit.line,
    });
  });
  return blocks;
}

interface Unit {
  kind: 'heading' | 'paragraph';
  located: LocatedText;
  line: number;
}

function isHeadingLine(text: string): boolean {
  return text.length <= NEWS_HEADING_MAX_CHARS && !HEADING_FORBIDDEN.test(text);
}

/**
 * Runs of heading-like lines followed by a paragraph become one heading; heading-like lines
 * with no paragraph after them (`据新华社`) are paragraphs; other lines are paragraphs, joined
 * where a sentence is broken across lines.
 */
function groupHeadings(lines: SourceLine[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && isHeadingLine(lines[j]?.text ?? '')) j += 1;
    if (j > i && j < lines.length) {
      units.push(headingUnit(lines.slice(i, j)));
      i = j;
      continue;
    }
    let k = Math.max(j, i + 1);
    while (k < lines.length && !startsHeading(lines, k)) k += 1;
    for (const located of joinBrokenLines(lines.slice(i, k), () => false)) {
      units.push({ kind: 'paragraph', located, line: located.marks[0]?.line ?? 1 });
    }
    i = k;
  }
  return units;
}

/** Whether a heading (a heading-like line with a paragraph somewhere after its run) starts at `index`. */
function startsHeading(lines: SourceLine[], index: number): boolean {
  let j = index;
  while (j < lines.length && isHeadingLine(lines[j]?.text ?? '')) j += 1;
  return j > index && j < lines.length;
}

function headingUnit(lines: SourceLine[]): Unit {
  const [first, ...rest] = lines;
  const line = first?.line ?? 1;
  let located = locate(first?.text ?? '', line);
  for (const l of rest) located = appendLocated(located, locate(l.text, l.line));
  return { kind: 'heading', located, line };
}
