/**
 * The best few of a stream of candidates, in ranking order (knowledgeBase.ts `byScore`): higher
 * score first; equal scores, the newer document, then the earlier clause, then the one reached
 * first. Offers come in the order the candidates were reached, so an offer that ties on every key
 * with a kept one is the later and loses. A fixed, small number are kept (a sorted insertion).
 */
export interface ShortlistItem {
  /** Position of the candidate in the order reached. */
  reached: number;
  score: number;
  dateRank: number;
  order: number;
}

/** True when `a` ranks before `b`. */
export function ranksBefore(a: ShortlistItem, b: ShortlistItem): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.dateRank !== b.dateRank) return a.dateRank > b.dateRank;
  if (a.order !== b.order) return a.order < b.order;
  return a.reached < b.reached;
}

export class Shortlist<T extends ShortlistItem> {
  /** Best first, at most `size`. */
  readonly items: T[] = [];

  constructor(readonly size: number) {}

  /** True when an item with these keys would be kept (checked before building the item). */
  wouldKeep(probe: ShortlistItem): boolean {
    if (this.size <= 0) return false;
    const worst = this.items[this.items.length - 1];
    return this.items.length < this.size || !worst || ranksBefore(probe, worst);
  }

  /**
   * True when no item scoring at most `upperBound` can be kept: the list keeps none, or it is full
   * and its last scores more (a candidate's bound can then rule it out before its score is known).
   */
  outOfReach(upperBound: number): boolean {
    if (this.size <= 0) return true;
    const worst = this.items[this.items.length - 1];
    return this.items.length >= this.size && worst !== undefined && upperBound < worst.score;
  }

  offer(item: T): void {
    if (!this.wouldKeep(item)) return;
    let at = this.items.length;
    while (at > 0 && ranksBefore(item, this.items[at - 1] as T)) at -= 1;
    this.items.splice(at, 0, item);
    if (this.items.length > this.size) this.items.pop();
  }
}
