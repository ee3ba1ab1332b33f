/**
 * Files the sentences of a scrambled run-on plan (青海) under the heading they talk about, and
 * groups them into pieces: contiguous runs of the stream, so that every clause text stays a
 * verbatim substring of the source.
 *
 * Between two headings of the stream lies a run of sentences. The run normally belongs to the
 * heading before it, but in a scrambled text it often carries on with sentences moved from
 * elsewhere (智能监控 right after `1.完善分类参保政策`). The evidence, strongest first:
 *
 * 1. The first sentence after a heading is that heading's own (its anchor), and so is every
 *    copy of it elsewhere. A sentence containing the document's title is the preface
 *    (signature, title and preamble that the scramble moved into the body).
 * 2. Glued sentences get the same label: two sentences that stand next to each other in two
 *    places of the stream were moved together (`组建各级医疗保障管理机构…` and
 *    `医保筹资、药品目录调整…` follow the bullet `———体制机制更加完善` once, and stand together
 *    again elsewhere); a run-in subheading (`主要挑战。`, a few characters without a comma)
 *    goes with the sentence after it; a sentence opening with `同时，` `另外，` … goes with the
 *    one before it.
 * 3. Any other sentence may move to a heading of the part the stream is in at that point, or
 *    to one that occurs near it in the stream, and a run-in subheading to a heading whose title
 *    shares a rare term with it (`主要挑战。` to `(二)面临的机遇和挑战`, wherever that stands).
 *    The labels of a run are chosen together, as the best path through the run (a Viterbi
 *    search) over: each sentence's term overlap with the profile of its label (title and
 *    anchors, termOverlap.ts); a small bonus for the heading the run follows, unless that is a
 *    stray copy of a heading of another part; a cost for each change of label, higher between
 *    sentences that share terms. A sentence that overlaps nothing well (below PART_FLOOR) is
 *    filed under the part the stream is in, without a more specific heading: its own heading is
 *    evidently missing from the text, and a wrong heading would be worse than none.
 *
 * Runs are labelled in stream order, and a later copy of a sentence gets the label of its first
 * copy.
 *
 * Consecutive sentences with the same label form a piece. A piece whose sentences are all
 * filed already under the same heading (the text repeats itself) is dropped, and repeated
 * sentences at the edges of a piece are trimmed.
 */

import { partOf, type Outline, type OutlineNode } from './runOnOutline';
import type { Unit } from './runOnUnits';
import { bigrams, cosine, Profile, type TermModel, type TermVector } from './termOverlap';
import { compact } from './text';

/** What a sentence is filed under: a heading of the outline, or the preface. */
export type Label = OutlineNode | 'preface';

/** A contiguous run of sentences filed under one label. */
export interface Piece {
  label: Label;
  /** Unit indexes `[from, to)` of its sentences. */
  from: number;
  to: number;
  /** Unit index of the heading occurrence the piece directly follows when it is that heading's own text, else null. */
  heading: number | null;
}

/** Bonus for staying with the heading before the run. */
const STAY_BONUS = 0.05;
/** Cost of changing label between two neighbouring sentences. */
const SWITCH_COST = 0.02;
/** Weight of the term overlap of two neighbouring sentences, a reason for them to stay together. */
const COHESION_WEIGHT = 2;
/** A heading title counts this many times an anchor sentence in a profile. */
const TITLE_WEIGHT = 2;
/**
 * A sentence that overlaps no heading it may move to by at least this much (the heading before
 * it included, with its bonus) is filed under the part the stream is in, without a more
 * specific heading: its own heading is evidently missing from the text.
 */
const PART_FLOOR = 0.12;
/** A sentence may move to a heading that occurs within this many units of it in the stream. */
const NEAR_UNITS = 30;
/** A term is rare when at most this many units of the document (sentences and titles) have it. */
const RARE_TERM_UNITS = 3;
/** Bonus for a heading whose title shares a rare term with a run-in subheading (`主要挑战。`, `(二)面临的机遇和挑战`). */
const TITLE_TERM_BONUS = 0.15;
/** A sentence opening with one of these continues the sentence before it. */
const CONTINUING_OPENER = /^(同时|另外|此外|并且|而且|但是|因此|为此)，/u;
/** What keeping glued sentences together is worth: more than any overlap, but finite, so that pins win over glue. */
const GLUE = 1000;
/** A run-in subheading has at most this many characters (its `。` included) and no comma. */
const SUBHEADING_MAX_CHARS = 8;

interface Run {
  /** Unit indexes of its sentences, in order. */
  units: number[];
  /** The heading occurrence before the run. */
  before: OutlineNode | null;
  /** Whether that is a stray: a part, section or article heading of another part than the one the stream is in. */
  stray: boolean;
}

/** Files the sentences of `units` under the headings of `outline`. */
export function fileSentences(units: Unit[], outline: Outline, terms: TermModel, title: string): Piece[] {
  return new Filing(units, outline, terms, compact(title)).pieces();
}

class Filing {
  private readonly nodes: OutlineNode[];
  private readonly vectors: TermVector[];
  private readonly runs: Run[] = [];
  /** Unit indexes of every sentence text. */
  private readonly copies = new Map<string, number[]>();
  /** glued[i]: unit i must have the label of unit i - 1. */
  private readonly glued: boolean[];
  /** Labels a sentence is pinned to before any overlap is counted (rule 1). */
  private readonly pins = new Map<number, Label>();
  /** The headings each sentence may move to (rule 3), once computed. */
  private readonly reach = new Map<number, Set<OutlineNode>>();
  private readonly subtrees = new Map<OutlineNode, OutlineNode[]>();
  /** The headings each run-in subheading names by a rare term of their title (rule 3). */
  private readonly named = new Map<number, Set<OutlineNode>>();

  constructor(
    private readonly units: Unit[],
    private readonly outline: Outline,
    private readonly terms: TermModel,
    private readonly titleText: string,
  ) {
    this.nodes = [];
    const visit = (node: OutlineNode): void => {
      this.nodes.push(node);
      node.children.forEach(visit);
    };
    outline.roots.forEach(visit);
    this.vectors = units.map((u) => terms.vector(u.kind === 'sentence' ? u.text : ''));
    units.forEach((u, i) => {
      if (u.kind === 'sentence') this.copies.set(u.text, [...(this.copies.get(u.text) ?? []), i]);
    });
    this.collectRuns();
    this.nameTopics();
    this.glued = units.map((_, i) => this.isGlued(i));
    this.pinAnchors();
  }

  pieces(): Piece[] {
    const profiles = new Map(this.nodes.map((n) => [n, this.baseProfile(n)]));
    return keepNew(this.units, this.group(this.label(new Overlaps(this.nodes, profiles, this.vectors))));
  }

  private collectRuns(): void {
    let current: Run | null = null;
    this.units.forEach((unit, i) => {
      if (unit.kind !== 'sentence') {
        current = null;
        return;
      }
      if (!current) {
        const before = this.outline.nodeAt.get(i - 1) ?? null;
        const here = this.outline.partAt[i] ?? null;
        current = { units: [], before, stray: before !== null && before.kind !== 'bullet' && partOf(before) !== here && here !== null };
        this.runs.push(current);
      }
      current.units.push(i);
    });
  }

  /** Rule 2: whether sentence `i` stands after sentence `i - 1` in another place too, or after a subheading. */
  private isGlued(i: number): boolean {
    const unit = this.units[i];
    const previous = this.units[i - 1];
    if (unit?.kind !== 'sentence' || previous?.kind !== 'sentence') return false;
    if (isSubheading(previous.text)) return true;
    if (CONTINUING_OPENER.test(unit.text)) return true;
    return (this.copies.get(unit.text) ?? []).some((j) => {
      const before = this.units[j - 1];
      return j !== i && before?.kind === 'sentence' && before.text === previous.text;
    });
  }

  /** Rule 1: anchors and their copies, and the preface. */
  private pinAnchors(): void {
    this.units.forEach((unit, i) => {
      if (unit.kind !== 'sentence') return;
      if (this.titleText && unit.text.includes(this.titleText)) {
        this.pins.set(i, 'preface');
        return;
      }
      const heading = this.outline.nodeAt.get(i - 1);
      if (!heading) return;
      for (const copy of this.copies.get(unit.text) ?? []) if (!this.pins.has(copy)) this.pins.set(copy, heading);
    });
  }

  private baseProfile(node: OutlineNode): Profile {
    const profile = new Profile();
    profile.add(this.terms.vector(node.title), TITLE_WEIGHT);
    for (const at of node.occurrences) {
      const next = this.vectors[at + 1];
      if (this.units[at + 1]?.kind === 'sentence' && next) profile.add(next);
    }
    return profile;
  }

  /** Rule 3: the headings sentence `i` may move to. */
  private reachable(i: number): Set<OutlineNode> {
    const cached = this.reach.get(i);
    if (cached) return cached;
    const here = this.outline.partAt[i] ?? null;
    const near = new Set<OutlineNode>(here ? this.subtree(here) : []);
    for (let j = Math.max(0, i - NEAR_UNITS); j <= i + NEAR_UNITS; j += 1) {
      const node = this.outline.nodeAt.get(j);
      if (node) near.add(node);
    }
    for (const node of this.named.get(i) ?? []) near.add(node);
    this.reach.set(i, near);
    return near;
  }

  /** A node and everything under it. */
  private subtree(root: OutlineNode): OutlineNode[] {
    let nodes = this.subtrees.get(root);
    if (!nodes) {
      nodes = [];
      const visit = (node: OutlineNode): void => {
        nodes?.push(node);
        node.children.forEach(visit);
      };
      visit(root);
      this.subtrees.set(root, nodes);
    }
    return nodes;
  }

  /**
   * For each run-in subheading, the headings whose title shares a rare term with it (one at
   * most RARE_TERM_UNITS units have): `主要挑战。` and `(二)面临的机遇和挑战`.
   */
  private nameTopics(): void {
    const rare = new Map<OutlineNode, string[]>();
    for (const node of this.nodes) rare.set(node, [...bigrams(node.title)].filter((g) => this.terms.textsWith(g) <= RARE_TERM_UNITS));
    this.units.forEach((unit, i) => {
      if (unit.kind !== 'sentence' || !isSubheading(unit.text)) return;
      const named = new Set(this.nodes.filter((node) => (rare.get(node) ?? []).some((g) => unit.text.includes(g))));
      if (named.size > 0) this.named.set(i, named);
    });
  }

  private namesTopicOf(i: number, node: OutlineNode): boolean {
    return this.named.get(i)?.has(node) ?? false;
  }

  /** Labels every sentence (null for headings), run by run. */
  private label(overlaps: Overlaps): Array<Label | null> {
    const labels: Array<Label | null> = this.units.map(() => null);
    const pins = new Map(this.pins);
    for (const run of this.runs) {
      const possible = new Set<Label>(run.before ? [run.before] : []);
      for (const i of run.units) {
        const pinned = pins.get(i);
        if (pinned) possible.add(pinned);
        for (const node of this.reachable(i)) possible.add(node);
      }
      const candidates = [...possible];
      const score = (l: Label, i: number): number => {
        const pinned = pins.get(i);
        if (pinned) return pinned === l ? 0 : Number.NEGATIVE_INFINITY;
        if (i === run.units[0] && run.before) return l === run.before ? 0 : Number.NEGATIVE_INFINITY;
        if (l === 'preface') return Number.NEGATIVE_INFINITY;
        if (l !== run.before && !this.glued[i] && !this.reachable(i).has(l)) return Number.NEGATIVE_INFINITY;
        const stay = l === run.before && !run.stray ? STAY_BONUS : 0;
        const named = this.namesTopicOf(i, l) ? TITLE_TERM_BONUS : 0;
        const overlap = overlaps.of(i, l);
        return (l === this.outline.partAt[i] ? Math.max(overlap, PART_FLOOR) : overlap) + stay + named;
      };
      const path = bestPath(run.units, candidates, score, (i) =>
        this.glued[i] ? GLUE : COHESION_WEIGHT * this.cohesion(i),
      );
      run.units.forEach((i, k) => {
        const l = path[k] ?? run.before;
        labels[i] = l;
        const unit = this.units[i];
        if (!l || unit?.kind !== 'sentence') return;
        for (const copy of this.copies.get(unit.text) ?? []) if (copy > i && !pins.has(copy)) pins.set(copy, l);
      });
    }
    return labels;
  }

  /** Cosine of sentence `i` with the sentence before it. */
  private cohesion(i: number): number {
    const a = this.vectors[i];
    const b = this.vectors[i - 1];
    if (!a || !b || a.norm2 === 0 || b.norm2 === 0) return 0;
    let dot = 0;
    let k = 0;
    a.ids.forEach((id, j) => {
      while (k < b.ids.length && (b.ids[k] ?? 0) < id) k += 1;
      if (b.ids[k] === id) dot += (a.weights[j] ?? 0) * (b.weights[k] ?? 0);
    });
    return dot / Math.sqrt(a.norm2 * b.norm2);
  }

  /** Consecutive sentences with the same label, as pieces. */
  private group(labels: Array<Label | null>): Piece[] {
    const found: Piece[] = [];
    let current: Piece | null = null;
    labels.forEach((l, i) => {
      if (l === null) {
        current = null;
        return;
      }
      if (current && current.label === l && current.to === i) {
        current.to = i + 1;
        return;
      }
      const before = this.units[i - 1]?.kind === 'heading' ? this.outline.nodeAt.get(i - 1) : undefined;
      current = { label: l, from: i, to: i + 1, heading: before === l ? i - 1 : null };
      found.push(current);
    });
    return found;
  }
}

/** The cosine of each sentence with the profile of each heading, computed when first asked. */
class Overlaps {
  private readonly position = new Map<OutlineNode, number>();
  private readonly cache = new Map<number, Float64Array>();

  constructor(
    nodes: OutlineNode[],
    private readonly profiles: Map<OutlineNode, Profile>,
    private readonly vectors: TermVector[],
  ) {
    nodes.forEach((node, n) => this.position.set(node, n));
  }

  /** Cosine of sentence `unit` with the profile of `label` (0 for the preface). */
  of(unit: number, label: Label): number {
    const n = label === 'preface' ? undefined : this.position.get(label);
    const profile = label === 'preface' ? undefined : this.profiles.get(label);
    const vector = this.vectors[unit];
    if (n === undefined || !profile || !vector) return 0;
    let row = this.cache.get(unit);
    if (!row) {
      row = new Float64Array(this.position.size).fill(Number.NaN);
      this.cache.set(unit, row);
    }
    const known = row[n] ?? Number.NaN;
    if (!Number.isNaN(known)) return known;
    const value = cosine(vector, profile);
    row[n] = value;
    return value;
  }
}

/** Whether a sentence is a run-in subheading: a few characters without a comma (`主要机遇。`). */
function isSubheading(text: string): boolean {
  return text.length <= SUBHEADING_MAX_CHARS && !/[，,；;、]/u.test(text);
}

/**
 * The labels of one run that maximise the summed `score` of each sentence with its label,
 * minus SWITCH_COST for each change of label, plus `together(unit)` when a sentence keeps the
 * label of the one before it (its cohesion with it; GLUE when glued).
 */
function bestPath(
  run: number[],
  candidates: Label[],
  score: (l: Label, unit: number) => number,
  together: (unit: number) => number,
): Label[] {
  const first = run[0];
  if (first === undefined) return [];
  let previous = candidates.map((l) => score(l, first));
  const back: number[][] = [];
  for (let k = 1; k < run.length; k += 1) {
    const unit = run[k] ?? 0;
    let bestIndex = 0;
    previous.forEach((v, c) => {
      if (v > (previous[bestIndex] ?? Number.NEGATIVE_INFINITY)) bestIndex = c;
    });
    const switched = (previous[bestIndex] ?? Number.NEGATIVE_INFINITY) - SWITCH_COST - together(unit);
    const pointers: number[] = [];
    previous = candidates.map((l, c) => {
      const stay = previous[c] ?? Number.NEGATIVE_INFINITY;
      pointers.push(stay >= switched ? c : bestIndex);
      return Math.max(stay, switched) + score(l, unit);
    });
    back.push(pointers);
  }
  let c = 0;
  previous.forEach((v, index) => {
    if (v > (previous[c] ?? Number.NEGATIVE_INFINITY)) c = index;
  });
  const path: Label[] = [];
  for (let k = run.length - 1; k >= 0; k -= 1) {
    path.unshift(candidates[c] as Label);
    if (k > 0) c = back[k - 1]?.[c] ?? c;
  }
  return path;
}

/**
 * Drops pieces that only repeat sentences already kept under the same label, and trims
 * repeated sentences from the edges of the others. Longer pieces are kept first, so that a
 * copy which adds a sentence wins over the shorter copy it contains, and of two equal copies
 * the one right after its heading. A piece trimmed at its start no longer follows its heading
 * directly.
 */
function keepNew(units: Unit[], found: Piece[]): Piece[] {
  const textOf = (i: number): string => {
    const unit = units[i];
    return unit?.kind === 'sentence' ? unit.text : '';
  };
  const seen = new Map<Label, Set<string>>();
  const order = [...found].sort(
    (a, b) => b.to - b.from - (a.to - a.from) || Number(b.heading !== null) - Number(a.heading !== null) || a.from - b.from,
  );
  const kept = new Set<Piece>();
  for (const piece of order) {
    const known = seen.get(piece.label) ?? new Set<string>();
    seen.set(piece.label, known);
    let fresh = false;
    for (let i = piece.from; i < piece.to; i += 1) if (!known.has(textOf(i))) fresh = true;
    if (!fresh) continue;
    while (piece.from < piece.to && known.has(textOf(piece.from))) {
      piece.from += 1;
      piece.heading = null;
    }
    while (piece.to > piece.from && known.has(textOf(piece.to - 1))) piece.to -= 1;
    for (let i = piece.from; i < piece.to; i += 1) known.add(textOf(i));
    kept.add(piece);
  }
  return found.filter((p) => kept.has(p));
}
