/**
 * Cuts the stream of a run-on plan text into units: inline headings (`三、重点任务`,
 * `(一)实施全民参保工程`, `1.完善分类参保政策`), `———` bullet titles, and sentences.
 *
 * A heading marker counts where a sentence starts (after 。！？) and when its title runs to a
 * `。` within HEADING_TITLE_MAX_CHARS, or straight into a first child heading
 * (`一、发展基础和面临形势(一)发展基础。`). Its number is not required to follow the previous
 * sibling's: in a scrambled text headings turn up out of order and more than once, and the
 * outline (runOnOutline.ts) sorts them out. `一是`, `1+4+2`, `2021.12`, percentages and long
 * numbered sentences stay text.
 */

import { HEADING_TITLE_MAX_CHARS, markerAt, NESTING, type Marker } from './markers';
import { compact, SENTENCE_START_AFTER } from './text';

/** A heading (or bullet title) of the stream. */
export interface HeadingUnit {
  kind: 'heading';
  /** `[start, end)` in the stream: the marker and title, with the `。` after it when there is one. */
  start: number;
  end: number;
  marker: Marker;
  /** The title as a heading chain shows it: `(一)实施全民参保工程`; bullets without their dashes. */
  title: string;
  /** Marker kind, number and compact title: the same heading written twice has the same key. */
  key: string;
}

/** A sentence of the stream, up to and including its 。！？ (the last one may have none). */
export interface SentenceUnit {
  kind: 'sentence';
  start: number;
  end: number;
  /** The sentence without whitespace: equal texts are copies of each other. */
  text: string;
}

export type Unit = HeadingUnit | SentenceUnit;

/** Bullet dashes `——` / `———` at the start of a bullet title. */
const BULLET_DASHES = /^—+/u;

/** The units of `text` from `from` on. */
export function streamUnits(text: string, from = 0): Unit[] {
  const units: Unit[] = [];
  let i = from;
  let forcedHeading = false;
  while (i < text.length) {
    const heading = headingAt(text, i, forcedHeading);
    if (heading) {
      units.push(heading.unit);
      forcedHeading = heading.childStarts;
      i = heading.unit.end;
      continue;
    }
    forcedHeading = false;
    const end = sentenceEnd(text, i);
    const sentence = text.slice(i, end);
    if (sentence.trim() !== '') units.push({ kind: 'sentence', start: i, end, text: compact(sentence) });
    i = end;
  }
  return units;
}

/** Start of the first heading of `text` (a marker that starts a sentence), or -1. */
export function firstHeadingIndex(text: string): number {
  for (let i = 0; i < text.length; i = sentenceEnd(text, i)) {
    if (headingAt(text, i, false)) return i;
  }
  return -1;
}

/** End (exclusive) of the sentence starting at `start`: after its 。！？, or the end of the text. */
function sentenceEnd(text: string, start: number): number {
  for (let j = start; j < text.length; j += 1) {
    if (SENTENCE_START_AFTER.includes(text[j] ?? '')) return j + 1;
  }
  return text.length;
}

/**
 * The heading unit at `start` (which starts a sentence, or is `forced` because the previous
 * heading's title ran straight into it), and whether a child heading starts right after it.
 */
function headingAt(text: string, start: number, forced: boolean): { unit: HeadingUnit; childStarts: boolean } | null {
  if (!forced && start > 0 && !SENTENCE_START_AFTER.includes(text[start - 1] ?? '')) return null;
  const marker = markerAt(text, start);
  if (!marker || marker.kind === 'table') return null;
  const child = childHeadingInTitle(text, start, marker);
  const stop = text.indexOf('。', start);
  const titleStop = child !== -1 ? child : stop;
  if (titleStop === -1 || titleStop - start > HEADING_TITLE_MAX_CHARS) return null;
  const raw = text.slice(start, titleStop).trim();
  const title = marker.kind === 'bullet' ? raw.replace(BULLET_DASHES, '').trim() : raw;
  if (compact(title).length <= (marker.kind === 'bullet' ? 0 : marker.length)) return null;
  const end = child !== -1 ? child : stop + 1;
  const key = `${marker.kind}|${marker.number ?? ''}|${compact(marker.kind === 'bullet' ? title : title.slice(marker.length))}`;
  return { unit: { kind: 'heading', start, end, marker, title, key }, childStarts: child !== -1 };
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
