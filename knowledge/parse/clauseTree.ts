/** Accumulates the clauses of one document: ids, document order and uniqueness. */

import type { Clause, ClauseLevel } from '../types';

/** What a parser knows about a node; the tree adds `id`, `docId` and `order`. */
export interface NodeInput {
  /** Id segment of this node relative to its parent, e.g. `c4`, `p2`, `a23`. */
  segment: string;
  /** When true the segment is the whole id path (law articles: `a23`, not `ch3.a23`). */
  rootSegment?: boolean;
  level: ClauseLevel;
  path: string;
  headings: string[];
  text: string;
  parent: Clause | null;
  line: number;
}

/** Clauses of one document in document order, with unique, URL-safe ids `${docId}:${segments}`. */
export class ClauseTree {
  readonly clauses: Clause[] = [];
  private readonly ids = new Set<string>();

  constructor(readonly docId: string) {}

  /** Adds a node after all nodes added so far and returns it (its `text` may still be changed). */
  add(input: NodeInput): Clause {
    const parentSegments = input.parent && !input.rootSegment ? this.segmentsOf(input.parent) : '';
    const segments = parentSegments ? `${parentSegments}.${input.segment}` : input.segment;
    const id = this.uniqueId(`${this.docId}:${segments}`);
    const clause: Clause = {
      id,
      docId: this.docId,
      level: input.level,
      path: input.path,
      headings: input.headings,
      text: input.text,
      parentId: input.parent?.id ?? null,
      order: this.clauses.length,
      line: input.line,
    };
    this.ids.add(id);
    this.clauses.push(clause);
    return clause;
  }

  /** The id of `clause` without the `docId:` prefix. */
  segmentsOf(clause: Clause): string {
    return clause.id.slice(this.docId.length + 1);
  }

  /** `id`, or `id-2`, `id-3` … when a heading number repeats (e.g. two `（三）` in one part). */
  private uniqueId(id: string): string {
    if (!this.ids.has(id)) return id;
    let n = 2;
    while (this.ids.has(`${id}-${n}`)) n += 1;
    return `${id}-${n}`;
  }
}
