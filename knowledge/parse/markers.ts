/** Heading markers of plan texts: `三、`, `（四）` / `(四)`, `1.` / `1．`, `——` bullets and `专栏1` tables. */

import { parseChineseNumeral } from './numerals';

export type MarkerKind = 'part' | 'section' | 'article' | 'bullet' | 'table';

/** A heading marker found at some position of a text. */
export interface Marker {
  kind: MarkerKind;
  /** Its number (三 → 3, （四） → 4, 12. → 12, 专栏5 → 5); null for bullets. */
  number: number | null;
  /** Normalised label for paths: `三、`, `（四）`, `12.`, `——`, `专栏5`. */
  label: string;
  /** Length of the marker in the source text. */
  length: number;
}

/** Longest heading title (marker included) a run-on text may have before its `。`. */
export const HEADING_TITLE_MAX_CHARS = 60;

/** Largest article number taken as a heading (`1.` … `99.`); larger numbers are figures. */
const ARTICLE_NUMBER_MAX_DIGITS = 2;

const PATTERNS: Array<{ kind: MarkerKind; pattern: RegExp }> = [
  { kind: 'part', pattern: /([一二三四五六七八九十]+)、/uy },
  { kind: 'section', pattern: /[（(] ?([一二三四五六七八九十]+) ?[）)]/uy },
  { kind: 'article', pattern: new RegExp(`(\\d{1,${ARTICLE_NUMBER_MAX_DIGITS}}) ?[.．](?![\\d.．])`, 'uy') },
  { kind: 'bullet', pattern: /—{2,}/uy },
  { kind: 'table', pattern: /专栏 ?(\d+)/uy },
];

/** The heading marker starting exactly at `index` of `text`, or null. */
export function markerAt(text: string, index: number): Marker | null {
  for (const { kind, pattern } of PATTERNS) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) continue;
    const digits = match[1] ?? '';
    // An article number glued to a preceding digit is a figure (`2021.12`), not a heading.
    if (kind === 'article' && index > 0 && /\d/u.test(text[index - 1] ?? '')) return null;
    const number = kind === 'bullet' ? null : kind === 'article' || kind === 'table' ? Number(digits) : parseChineseNumeral(digits);
    return { kind, number, label: markerLabel(kind, digits), length: match[0].length };
  }
  return null;
}

function markerLabel(kind: MarkerKind, digits: string): string {
  switch (kind) {
    case 'part':
      return `${digits}、`;
    case 'section':
      return `（${digits}）`;
    case 'article':
      return `${digits}.`;
    case 'bullet':
      return '——';
    case 'table':
      return `专栏${digits}`;
  }
}

/**
 * End (exclusive, before the `。`) of the heading title that starts at `start`: the first `。`,
 * or the end of the text when there is none.
 */
export function titleEnd(text: string, start: number): number {
  const stop = text.indexOf('。', start);
  return stop === -1 ? text.length : stop;
}

/** The marker kinds that nest inside `kind` (a part holds sections, articles, bullets …). */
export const NESTING: Record<MarkerKind, number> = { part: 0, section: 1, article: 2, bullet: 3, table: 3 };
