/** The error the corpus parsers throw for a malformed document. */

/** A malformed document: names the corpus file, the 1-based line (when known) and what is wrong. */
export class CorpusError extends Error {
  constructor(
    /** Path of the offending file, relative to the corpus folder. */
    readonly file: string,
    /** 1-based line of the offending text, null when the whole file is at fault. */
    readonly line: number | null,
    /** What is wrong, naming the offending value. */
    readonly detail: string,
  ) {
    super(formatCorpusMessage(file, line, detail));
    this.name = 'CorpusError';
  }
}

/** `corpus: rules/x.md line 12: 第五条 follows 第七条` (the line part is left out when unknown). */
export function formatCorpusMessage(file: string, line: number | null, detail: string): string {
  return line === null ? `corpus: ${file}: ${detail}` : `corpus: ${file} line ${line}: ${detail}`;
}
