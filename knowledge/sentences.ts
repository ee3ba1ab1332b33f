/** A sentence of a clause with its offsets in the clause text. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** Sentence ends: 。！？； and line breaks (law 项 are one per line). */
const SENTENCE_END = /[。！？；!?;]+|\n+/g;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    if (text.slice(start, end).trim()) out.push({ text: text.slice(start, end), start, end });
    start = end;
  }
  if (text.slice(start).trim()) out.push({ text: text.slice(start), start, end: text.length });
  return out;
}
