/**
 * The outline of a scrambled run-on plan (青海): which part, section or article each heading
 * of the stream belongs to, when headings turn up out of order, more than once, or without
 * their parent heading.
 *
 * The stream is read in order with a cursor (the part, section and article a heading would
 * normally nest in), and these rules:
 *
 * 1. The same heading written again (same marker, number and title) is the same node. A copy
 *    of a heading of the current part moves the cursor back to it (`1.完善分类参保政策` again,
 *    then `2.优化参保缴费服务`); a copy of a heading of an earlier part is a stray copy: the
 *    text after it is its own, but the outline stays where it is (parts only move forward).
 * 2. A new heading whose first sentence is a copy of a sentence seen earlier is placed where
 *    that earlier copy stands (`(三)发展目标` turns up in 三、重点任务, but its text first
 *    stood after 二、(二)基本原则); such a relocated heading is a stray as well.
 * 3. A section heading that comes right before a copy of an article standing in a section
 *    without heading names that section (`(二)加快构建多层次医疗保障制度体系` then
 *    `1.完善基本医疗保险制度`, which first appeared with no section heading). Otherwise a new
 *    section joins the current part when its number is free there, or else starts a part whose
 *    heading is missing.
 * 4. A new article goes to the section that fits it best: the current section, any section
 *    that already holds articles and has the number free, a section of the current part that
 *    has no articles yet, or a new section whose heading is missing. Fit counts the numbering
 *    (continuing the last article seen there, a forward gap, filling a gap backwards) and the
 *    term overlap of the article's title and first sentence with the section's title and its
 *    articles (termOverlap.ts): `5.建立综合监管制度` joins `1.推进基金监管法制建设` and
 *    `2.健全完善监督检查制度`, not `(一)实施全民参保工程`.
 * 5. A section is divided either into `——` bullets or into articles. A new bullet right after a
 *    section heading with neither starts that section's list; any other joins the list whose
 *    titles have its shape, as the titles of one list are parallel (`参保扩面稳步扩大`,
 *    `基金监管持续加强` / `加强领导、统筹规划`, `以人为本、公平统一`): `———服务能力显著提升`
 *    after `1.完善分类参保政策` joins 发展基础.
 * 6. Sections and parts whose heading is missing get the number their place implies, the next
 *    one their named siblings leave free: the section between `(二)` and `(四)` is `(三)`, a
 *    part after `三、` is `四、`. They have no title, so heading chains skip them.
 */

import { chineseNumeral } from './numerals';
import { coverage, type TermModel, type TermVector } from './termOverlap';
import type { HeadingUnit, Unit } from './runOnUnits';

export type OutlineKind = 'part' | 'section' | 'article' | 'bullet';

/** One heading of the outline (or a part or section whose heading is missing). */
export interface OutlineNode {
  kind: OutlineKind;
  /** Own number, or the one inferred for a missing heading; null for bullets. */
  number: number | null;
  /** Path label: `三、`, `（四）`, `2.`, `——参保扩面稳步扩大`. */
  label: string;
  /** Heading title as the chain shows it; '' for a missing heading. */
  title: string;
  /** Whether the source has this heading (false: its place implies it, its title is unknown). */
  named: boolean;
  parent: OutlineNode | null;
  children: OutlineNode[];
  /** Indexes (into the units) of every occurrence of this heading in the stream. */
  occurrences: number[];
  /** Index of the unit that created the node (first occurrence, or the article that implied it). */
  first: number;
}

/** Weight of the term overlap of an article with a section (the mean of two coverages, 0 … 1). */
const FIT_OVERLAP_WEIGHT = 4;
/** The article comes right after its predecessor in the stream (`1.` then `2.` in the current section). */
const FIT_NEXT_ARTICLE = 0.6;
/** The article is in the section the cursor is in. */
const FIT_CURRENT_SECTION = 0.2;
/** The article's number is higher than the last one seen in the section (numbers in between are missing or elsewhere). */
const FIT_FORWARD = 0.1;
/** The article's number is lower than the last one seen there: it would fill a gap backwards. */
const FIT_BACKWARD = -0.2;
/** A section without articles gets a later article than `1.` (the first ones are missing). */
const FIT_LATER_FIRST_ARTICLE = 0.1;
/** A new section without heading, for an article `1.` … */
const FIT_NEW_SECTION_FIRST = 0.7;
/** … or for a later article. */
const FIT_NEW_SECTION_LATER = 0.3;
/** A heading title counts this many times its first sentence in a term profile. */
const TITLE_WEIGHT = 2;

interface Cursor {
  part: OutlineNode | null;
  section: OutlineNode | null;
  article: OutlineNode | null;
}

/** The outline of `units`: its top-level nodes and the node of every heading unit. */
export interface Outline {
  roots: OutlineNode[];
  /** Node of each heading unit, by unit index. */
  nodeAt: Map<number, OutlineNode>;
  /** The part the stream is in at each unit (where the cursor stands), by unit index. */
  partAt: Array<OutlineNode | null>;
}

/** Builds the outline of the heading units of `units`. */
export function buildOutline(units: Unit[], terms: TermModel): Outline {
  return new OutlineBuilder(units, terms).build();
}

class OutlineBuilder {
  private readonly roots: OutlineNode[] = [];
  private readonly nodeAt = new Map<number, OutlineNode>();
  private readonly byKey = new Map<string, OutlineNode>();
  private cursor: Cursor = { part: null, section: null, article: null };
  /** The cursor after each unit, for rule 2. */
  private readonly cursorAt: Cursor[] = [];
  /** Number of the last article occurrence seen in each section. */
  private readonly lastArticle = new Map<OutlineNode, number>();
  /** First unit index of each sentence text. */
  private readonly firstSentence = new Map<string, number>();
  private lastHeading: OutlineNode | null = null;
  private lastHeadingAt = -1;
  private lastBullet: OutlineNode | null = null;
  private lastBulletAt = -1;

  constructor(
    private readonly units: Unit[],
    private readonly terms: TermModel,
  ) {}

  build(): Outline {
    this.units.forEach((unit, i) => {
      if (unit.kind === 'sentence') {
        if (!this.firstSentence.has(unit.text)) this.firstSentence.set(unit.text, i);
      } else {
        this.heading(unit, i);
      }
      this.cursorAt.push({ ...this.cursor });
    });
    numberMissing(this.roots);
    sortChildren(this.roots);
    return { roots: this.roots, nodeAt: this.nodeAt, partAt: this.cursorAt.map((c) => c.part) };
  }

  private heading(unit: HeadingUnit, i: number): void {
    const known = this.byKey.get(unit.key);
    const node = known ?? this.place(unit, i);
    if (known) {
      known.occurrences.push(i);
      if (known.kind !== 'bullet' && partOf(known) === this.cursor.part) this.moveTo(known);
    }
    this.nodeAt.set(i, node);
    if (node.kind === 'bullet') {
      this.lastBullet = node;
      this.lastBulletAt = i;
    } else {
      this.lastHeading = node;
      this.lastHeadingAt = i;
      if (node.kind === 'article' && node.parent) this.lastArticle.set(node.parent, node.number ?? 0);
    }
  }

  /** Creates the node of a heading seen for the first time and places it. */
  private place(unit: HeadingUnit, i: number): OutlineNode {
    const node = newNode(unit, i);
    this.byKey.set(unit.key, node);
    switch (node.kind) {
      case 'part':
        this.attach(node, null);
        this.moveTo(node);
        break;
      case 'section':
        return this.placeSection(node, i);
      case 'article':
        this.placeArticle(node, i);
        break;
      case 'bullet':
        this.attach(node, this.bulletOwner(node));
        break;
    }
    return node;
  }

  /** Places a new section; returns the node that stands for it (an untitled section it names, rule 3). */
  private placeSection(node: OutlineNode, i: number): OutlineNode {
    const earlier = this.earlierCopyCursor(i);
    if (earlier?.part && earlier.part !== this.cursor.part && isFree(earlier.part, node)) {
      this.attach(node, earlier.part); // rule 2: a stray, the cursor stays
      return node;
    }
    const untitled = this.untitledSectionOfNextArticle(i);
    if (untitled?.parent && isFree(untitled.parent, node)) {
      Object.assign(untitled, { number: node.number, label: node.label, title: node.title, named: true });
      untitled.occurrences.push(i);
      this.byKey.set(this.unitKey(i), untitled);
      this.moveTo(untitled);
      return untitled;
    }
    const part = this.cursor.part && isFree(this.cursor.part, node) ? this.cursor.part : this.missingPart(i);
    this.attach(node, part);
    this.moveTo(node);
    return node;
  }

  private placeArticle(node: OutlineNode, i: number): void {
    const earlier = this.earlierCopyCursor(i);
    if (earlier?.section && earlier.section !== this.cursor.section && isFree(earlier.section, node)) {
      this.attach(node, earlier.section);
      return;
    }
    const n = node.number ?? 0;
    let best: OutlineNode | null = null;
    let bestScore = n === 1 ? FIT_NEW_SECTION_FIRST : FIT_NEW_SECTION_LATER;
    for (const section of this.articleHomes()) {
      if (!isFree(section, node)) continue;
      const score = this.articleFit(node, section);
      if (score > bestScore) {
        best = section;
        bestScore = score;
      }
    }
    const home = best ?? this.missingSection(i);
    this.attach(node, home);
    this.moveTo(node);
  }

  /** Rule 4: how well article `node` fits `section` (higher is better). */
  private articleFit(node: OutlineNode, section: OutlineNode): number {
    const n = node.number ?? 0;
    const articles = section.children.filter((c) => c.kind === 'article');
    const siblings = [section, ...articles];
    const overlap =
      (coverage(this.profile([node]), presence(this.profile(siblings))) +
        coverage(this.titles([node]), presence(this.titles(siblings)))) /
      2;
    let score = FIT_OVERLAP_WEIGHT * overlap;
    const current = section === this.cursor.section;
    const previous = current ? (this.cursor.article?.number ?? 0) : null;
    const last = this.lastArticle.get(section);
    if (previous !== null && n === previous + 1) score += FIT_NEXT_ARTICLE;
    else if (last === undefined) score += FIT_LATER_FIRST_ARTICLE;
    else score += n > last ? FIT_FORWARD : FIT_BACKWARD;
    if (current) score += FIT_CURRENT_SECTION;

    return score;
  }

  /** Sections an article may join: those holding articles, and those of the current part with no children yet. */
  private articleHomes(): OutlineNode[] {
    const homes: OutlineNode[] = [];
    const visit = (nodes: OutlineNode[]): void => {
      for (const node of nodes) {
        if (node.kind === 'section') {
          const hasArticles = node.children.some((c) => c.kind === 'article');
          const empty = node.children.length === 0 && node.parent === this.cursor.part;
          if (hasArticles || empty || node === this.cursor.section) homes.push(node);
        }
        visit(node.children);
      }
    };
    visit(this.roots);
    return homes.filter((s) => !s.children.some((c) => c.kind === 'bullet'));
  }

  /**
   * Rule 5: the section a new bullet belongs to. Right after a section heading without articles
   * or bullets it starts that section's list; otherwise it joins the list whose titles have its
   * shape (the titles of one list are parallel: `参保扩面稳步扩大`, `基金监管持续加强` /
   * `加强领导、统筹规划`, `以人为本、公平统一`), the latest such list when several do; with no
   * such list, the section heading before it when that has no articles, else the latest list.
   */
  private bulletOwner(node: OutlineNode): OutlineNode | null {
    const heading = this.lastHeading;
    const headingHoldsBullets = heading !== null && heading.kind !== 'article' && !heading.children.some((c) => c.kind === 'article');
    if (heading && headingHoldsBullets && heading.children.length === 0 && this.lastBulletAt < this.lastHeadingAt) return heading;
    const shape = titleShape(node.title);
    const lists = this.bulletLists().filter((list) => list.children.some((c) => c.kind === 'bullet' && titleShape(c.title) === shape));
    const latest = this.lastBullet?.parent ?? null;
    if (lists.length > 0) return latest && lists.includes(latest) ? latest : (lists.at(-1) ?? null);
    if (heading && headingHoldsBullets) return heading;
    return latest ?? this.cursor.article ?? this.cursor.section ?? this.cursor.part;
  }

  /** Nodes holding bullets, in the order they were created. */
  private bulletLists(): OutlineNode[] {
    const lists: OutlineNode[] = [];
    const visit = (nodes: OutlineNode[]): void => {
      for (const node of nodes) {
        if (node.children.some((c) => c.kind === 'bullet')) lists.push(node);
        visit(node.children);
      }
    };
    visit(this.roots);
    return lists.sort((a, b) => a.first - b.first);
  }

  /** Rule 2: the cursor where the first sentence after heading `i` was seen before, if it is a copy. */
  private earlierCopyCursor(i: number): Cursor | null {
    const next = this.units[i + 1];
    if (next?.kind !== 'sentence') return null;
    const seen = this.firstSentence.get(next.text);
    return seen === undefined ? null : (this.cursorAt[seen] ?? null);
  }

  /** Rule 3: the untitled section holding the article whose copy is the next heading after `i`. */
  private untitledSectionOfNextArticle(i: number): OutlineNode | null {
    for (let j = i + 1; j < this.units.length; j += 1) {
      const unit = this.units[j];
      if (unit?.kind !== 'heading') continue;
      const known = this.byKey.get(unit.key);
      const section = known?.kind === 'article' ? known.parent : null;
      return section && section.kind === 'section' && !section.named ? section : null;
    }
    return null;
  }

  private unitKey(i: number): string {
    const unit = this.units[i];
    return unit?.kind === 'heading' ? unit.key : '';
  }

  /** A new section without heading in the current part (or in a new part without heading). */
  private missingSection(i: number): OutlineNode {
    const section = missingNode('section', i);
    this.attach(section, this.cursor.part ?? this.missingPart(i));
    return section;
  }

  /** A new part without heading after the current one. */
  private missingPart(i: number): OutlineNode {
    const part = missingNode('part', i);
    this.attach(part, null);
    this.cursor = { part, section: null, article: null };
    return part;
  }

  private attach(node: OutlineNode, parent: OutlineNode | null): void {
    node.parent = parent;
    (parent ? parent.children : this.roots).push(node);
  }

  private moveTo(node: OutlineNode): void {
    if (node.kind === 'part') this.cursor = { part: node, section: null, article: null };
    if (node.kind === 'section') this.cursor = { part: node.parent, section: node, article: null };
    if (node.kind === 'article') this.cursor = { part: partOf(node), section: node.parent, article: node };
  }

  /** The titles of headings, as weighted vectors. */
  private titles(nodes: OutlineNode[]): WeightedVector[] {
    return nodes.map((node) => ({ vector: this.terms.vector(node.title), weight: 1 }));
  }

  /** Term profile of headings: their titles and the first sentence after each of their occurrences. */
  private profile(nodes: OutlineNode[]): WeightedVector[] {
    const profile: WeightedVector[] = [];
    for (const node of nodes) {
      profile.push({ vector: this.terms.vector(node.title), weight: TITLE_WEIGHT });
      for (const at of node.occurrences) {
        const next = this.units[at + 1];
        if (next?.kind === 'sentence') profile.push({ vector: this.terms.vector(next.text), weight: 1 });
      }
    }
    return profile;
  }
}

interface WeightedVector {
  vector: TermVector;
  weight: number;
}

/** Whether a bigram occurs in any of `vectors`. */
function presence(vectors: WeightedVector[]): (id: number) => boolean {
  const ids = new Set<number>();
  for (const { vector } of vectors) for (const id of vector.ids) ids.add(id);
  return (id) => ids.has(id);
}

function newNode(unit: HeadingUnit, i: number): OutlineNode {
  const kind = unit.marker.kind === 'table' ? 'bullet' : unit.marker.kind;
  return {
    kind,
    number: unit.marker.number,
    label: kind === 'bullet' ? `${unit.marker.label}${unit.title}` : unit.marker.label,
    title: unit.title,
    named: true,
    parent: null,
    children: [],
    occurrences: [i],
    first: i,
  };
}

function missingNode(kind: 'part' | 'section', i: number): OutlineNode {
  return { kind, number: null, label: '', title: '', named: false, parent: null, children: [], occurrences: [], first: i };
}

/** The form of a title: its length and where its punctuation stands (`xxxx、xxxx`). */
function titleShape(title: string): string {
  return title.replace(/\p{Script=Han}/gu, 'x');
}

/** The part a node sits in (itself for a part). */
export function partOf(node: OutlineNode): OutlineNode | null {
  let current: OutlineNode | null = node;
  while (current && current.kind !== 'part') current = current.parent;
  return current;
}

/** Whether `parent` has no child of the same kind and number as `node`. */
function isFree(parent: OutlineNode, node: OutlineNode): boolean {
  return !parent.children.some((c) => c.kind === node.kind && c.number !== null && c.number === node.number);
}

/** Rule 6: numbers for parts and sections whose heading is missing, from their named neighbours. */
function numberMissing(nodes: OutlineNode[]): void {
  for (const kind of ['part', 'section'] as const) {
    const siblings = nodes.filter((n) => n.kind === kind).sort((a, b) => a.first - b.first);
    const named = new Set(siblings.map((n) => n.number).filter((n) => n !== null));
    let previous = 0;
    for (const node of siblings) {
      if (node.number === null) {
        let number = previous + 1;
        while (named.has(number)) number += 1;
        node.number = number;
        node.label = kind === 'part' ? `${chineseNumeral(node.number)}、` : `（${chineseNumeral(node.number)}）`;
      }
      previous = node.number;
    }
  }
  for (const node of nodes) numberMissing(node.children);
}

const KIND_ORDER: Record<OutlineKind, number> = { part: 0, section: 1, article: 2, bullet: 3 };

/** Children in document order: numbered ones by number, bullets in the order they first appear. */
function sortChildren(nodes: OutlineNode[]): void {
  nodes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.number ?? 0) - (b.number ?? 0) || a.first - b.first);
  for (const node of nodes) sortChildren(node.children);
}
