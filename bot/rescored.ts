import type { Ranked } from '../knowledge/knowledgeBase';

/**
 * A candidate with another score, for the stages that reorder candidates after ranking
 * (alternateBoost.ts, actors.ts); everything else (relevance, coverage, the lazily worked-out
 * matches) is the ranked one's.
 */
export class Rescored implements Ranked {
  constructor(
    private readonly ranked: Ranked,
    readonly score: number,
  ) {}

  get entry() {
    return this.ranked.entry;
  }

  get relevance() {
    return this.ranked.relevance;
  }

  get coverage() {
    return this.ranked.coverage;
  }

  get matches() {
    return this.ranked.matches;
  }
}
