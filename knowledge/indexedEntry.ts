import { termCounts, type IndexData } from './indexData';
import type { Entry } from './knowledgeBase';
import type { Clause, DocumentMeta } from './types';

/**
 * An entry of the knowledge base over the index data: its term counts become Maps only when ranking
 * first looks at them (most entries of a large corpus are never a candidate), and stay Maps from then on.
 */
export class IndexedEntry implements Entry {
  #body: Map<string, number> | undefined;
  #headings: Map<string, number> | undefined;
  #questions: Map<string, number> | undefined;
  readonly region: string;
  readonly kind: string;
  readonly docId: string;
  readonly scheme: string | null;
  readonly note: boolean;
  readonly topic: string | null;
  length: number;
  questionsLength: number;

  constructor(
    private readonly data: IndexData,
    private readonly id: number,
    readonly clause: Clause,
    readonly doc: DocumentMeta,
    region: string,
    public alternates: string[],
  ) {
    this.region = region;
    this.kind = doc.kind;
    this.docId = doc.id;
    this.scheme = data.schemes[id] ?? null;
    this.note = data.notes[id] === 1;
    this.topic = data.topics[id] ?? null;
    this.length = data.length[id] as number;
    this.questionsLength = data.questionsLength[id] as number;
  }

  get body(): Map<string, number> {
    return (this.#body ??= termCounts(this.data.body, this.id, this.data.vocabulary));
  }

  set body(value: Map<string, number>) {
    this.#body = value;
  }

  get headings(): Map<string, number> {
    return (this.#headings ??= termCounts(this.data.chains, this.data.entryChain[this.id] as number, this.data.vocabulary));
  }

  set headings(value: Map<string, number>) {
    this.#headings = value;
  }

  get questions(): Map<string, number> {
    return (this.#questions ??= termCounts(this.data.questions, this.id, this.data.vocabulary));
  }

  set questions(value: Map<string, number>) {
    this.#questions = value;
  }
}
