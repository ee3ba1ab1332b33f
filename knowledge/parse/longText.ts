/**
 * Splitting of very long paragraphs so that search ranks, and the bot quotes, pieces of a
 * readable size: enumerations `一是……二是……` become items, other long texts are cut at
 * sentence ends.
 */

import { parseChineseNumeral } from './numerals';

/** A paragraph longer than this many characters is split. */
export const LONG_PARAGRAPH_CHARS = 600;

/** A sentence-cut piece is closed once it has at least this many characters … */
export const CHUNK_MIN_CHARS = 200;

/** … and before it would grow beyond this many characters (a longer single sentence stays whole). */
export const CHUNK_MAX_CHARS = 400;

/**
 * An enumeration `一是……二是……` is split into items from this length on: shorter than a long
 * paragraph, because its items are natural units of about a sentence-cut piece each.
 */
export const ENUMERATION_SPLIT_MIN_CHARS = CHUNK_MAX_CHARS;

/** Characters a sentence-cut piece may end after. */
const CHUNK_SENTENCE_ENDS = '。！？';

/** Characters after which an enumeration marker `二是` starts a new item. */
const ENUMERATION_START_AFTER = '。；！？';

/** Enumeration markers `一是` … `十是`. */
const ENUMERATION_MARKER = /([一二三四五六七八九十]+)是/gu;

/** A range `[start, end)` of a text. */
export interface Range {
  start: number;
  end: number;
}

/** An enumeration item: its range and its marker (`一是`). */
export interface EnumeratedItem extends Range {
  label: string;
}

/**
 * Splits `一是……。二是……。三是……` enumerations: the lead-in before `一是` and one range per
 * item. Markers must start a sentence and count up from 一; fewer than two items → null.
 */
export function splitEnumeration(text: string): { lead: Range; items: EnumeratedItem[] } | null {
  const starts: Array<{ index: number; label: string }> = [];
  for (const match of text.matchAll(ENUMERATION_MARKER)) {
    const index = match.index;
    const before = text[index - 1];
    if (index > 0 && (before === undefined || !ENUMERATION_START_AFTER.includes(before))) continue;
    if (parseChineseNumeral(match[1] ?? '') !== starts.length + 1) continue;
    starts.push({ index, label: match[0] });
  }
  if (starts.length < 2) return null;
  const items = starts.map((start, i) => ({
    start: start.index,
    end: starts[i + 1]?.index ?? text.length,
    label: start.label,
  }));
  return { lead: { start: 0, end: starts[0]?.index ?? 0 }, items };
}

/** Cuts `text` at sentence ends into pieces of about CHUNK_MIN_CHARS … CHUNK_MAX_CHARS. */
export function chunkSentences(text: string): Range[] {
  const chunks: Range[] = [];
  let start = 0;
  let sentenceStart = 0;
  for (let i = 0; i < text.length; i += 1) {
    const isEnd = CHUNK_SENTENCE_ENDS.includes(text[i] ?? '') || i === text.length - 1;
    if (!isEnd) continue;
    const sentenceEnd = i + 1;
    const current = sentenceStart - start;
    if (current >= CHUNK_MIN_CHARS && sentenceEnd - start > CHUNK_MAX_CHARS) {
      chunks.push({ start, end: sentenceStart });
      start = sentenceStart;
    }
    sentenceStart = sentenceEnd;
  }
  if (start < text.length) chunks.push({ start, end: text.length });
  return mergeShortTail(chunks);
}

/** A last piece shorter than half the minimum joins the piece before it. */
function mergeShortTail(chunks: Range[]): Range[] {
  const last = chunks.at(-1);
  const previous = chunks.at(-2);
  if (!last || !previous || last.end - last.start >= CHUNK_MIN_CHARS / 2) return chunks;
  return [...chunks.slice(0, -2), { start: previous.start, end: last.end }];
}
