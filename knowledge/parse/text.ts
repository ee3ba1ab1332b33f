/**
 * Text normalisation shared by the corpus parsers: Word bookmark marks, whitespace, sentence
 * ends and lines broken in the middle of a sentence.
 */

/** Word bookmark marks left by the .docx export, e.g. `[bookmark: _Toc92746824]` or `[bookmark: 规划背景]`. */
const BOOKMARK_PATTERN = /\[bookmark:[^\]\n]*\]/gu;

/** Any run of whitespace, including NBSP (U+00A0), en space (U+2002) and the ideographic space (U+3000). */
const WHITESPACE_RUN = /\s+/gu;

/**
 * Characters that end a sentence (or a clause a line may legitimately end on): a line ending on
 * one of these is complete; a line ending on anything else continues on the next line.
 */
export const SENTENCE_END_CHARS = '。！？；：”';

/** Characters after which a new sentence (and so an inline heading) may start. */
export const SENTENCE_START_AFTER = '。！？';

/** Removes Word bookmark marks. */
export function stripBookmarks(s: string): string {
  return s.replace(BOOKMARK_PATTERN, '');
}

/** Removes bookmark marks and every whitespace character: the form the eval compares texts in. */
export function compact(s: string): string {
  return stripBookmarks(s).replace(WHITESPACE_RUN, '');
}

/** Removes bookmark marks, trims, and collapses inner whitespace runs to one ASCII space. */
export function cleanLine(s: string): string {
  return stripBookmarks(s).replace(WHITESPACE_RUN, ' ').trim();
}

/** Whether a (clean) line ends a sentence, i.e. the next line does not continue it. */
export function endsSentence(s: string): boolean {
  const last = s.at(-1);
  return last !== undefined && SENTENCE_END_CHARS.includes(last);
}

/** Whether position `index` of `s` starts a sentence: the start of `s` or right after 。！？. */
export function startsSentence(s: string, index: number): boolean {
  if (index === 0) return true;
  const previous = s[index - 1];
  return previous !== undefined && SENTENCE_START_AFTER.includes(previous);
}

/** A source line after cleaning, with its 1-based line number in the file. */
export interface SourceLine {
  /** Text after bookmark removal, whitespace collapsing and trimming. */
  text: string;
  /** Raw line with bookmarks removed but whitespace kept (for indentation checks). */
  raw: string;
  line: number;
}

/** Splits a file into clean lines (blank lines kept, with empty `text`). */
export function sourceLines(source: string): SourceLine[] {
  return source.split(/\r?\n/u).map((rawLine, index) => {
    const raw = stripBookmarks(rawLine);
    return { text: cleanLine(raw), raw, line: index + 1 };
  });
}

/** A (possibly joined) piece of text that remembers the source line of each of its parts. */
export interface LocatedText {
  text: string;
  /** Offsets in `text` where a source line starts, ascending; the first offset is 0. */
  marks: Array<{ offset: number; line: number }>;
}

/** A located text made of one source line. */
export function locate(text: string, line: number): LocatedText {
  return { text, marks: [{ offset: 0, line }] };
}

/** Appends `next` to `base` with `separator` in between. */
export function appendLocated(base: LocatedText, next: LocatedText, separator = ''): LocatedText {
  const shift = base.text.length + separator.length;
  return {
    text: base.text + separator + next.text,
    marks: [...base.marks, ...next.marks.map((m) => ({ offset: m.offset + shift, line: m.line }))],
  };
}

/** The source line of character `offset` of a located text. */
export function lineAt(located: LocatedText, offset: number): number {
  let line = located.marks[0]?.line ?? 1;
  for (const mark of located.marks) {
    if (mark.offset > offset) break;
    line = mark.line;
  }
  return line;
}

/** The part `[start, end)` of a located text, keeping line marks. */
export function sliceLocated(located: LocatedText, start: number, end = located.text.length): LocatedText {
  const marks = [{ offset: 0, line: lineAt(located, start) }];
  for (const mark of located.marks) {
    if (mark.offset > start && mark.offset < end) marks.push({ offset: mark.offset - start, line: mark.line });
  }
  return { text: located.text.slice(start, end), marks };
}

/**
 * Joins lines broken inside a sentence. A line joins the previous one, without a separator,
 * when the previous one does not end a sentence and neither line is a heading (`isHeading`).
 * Blank lines are skipped, so a sentence broken across a blank line is joined too.
 */
export function joinBrokenLines(lines: SourceLine[], isHeading: (line: SourceLine) => boolean): LocatedText[] {
  const joined: LocatedText[] = [];
  let previous: SourceLine | null = null;
  for (const line of lines) {
    if (line.text === '') continue;
    const last = joined.at(-1);
    if (last && previous && !endsSentence(last.text) && !isHeading(previous) && !isHeading(line)) {
      joined[joined.length - 1] = appendLocated(last, locate(line.text, line.line));
    } else {
      joined.push(locate(line.text, line.line));
    }
    previous = line;
  }
  return joined;
}
