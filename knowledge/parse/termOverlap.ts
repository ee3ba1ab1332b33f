/**
 * Term overlap between pieces of one document, for filing scrambled text under the heading
 * it talks about: texts become weighted sets of Han character bigrams (`参保`, `保缴`, `缴费` …),
 * each bigram weighted by how rare it is among the document's own sentences (inverse document
 * frequency), and texts are compared by the cosine of their vectors or by how much of one the
 * other covers. No word list and no segmenter: the document itself says which terms are common
 * (`医保`, `完善`) and which mark a topic (`生育`, `智能监控`).
 *
 * Bigrams are numbered once per document; a vector lists the numbers of its bigrams with their
 * weights, and a profile is the sum of several vectors.
 */

/** Runs of Han characters; bigrams never span punctuation, digits or Latin letters. */
const HAN_RUN = /\p{Script=Han}+/gu;

/** The distinct Han bigrams of `text`. */
export function bigrams(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(HAN_RUN)) {
    const run = match[0];
    for (let i = 0; i + 1 < run.length; i += 1) found.add(run.slice(i, i + 2));
  }
  return found;
}

/** A text as the numbers of its distinct bigrams (ascending) and their weights. */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
  /** Sum of the squared weights. */
  norm2: number;
}

/** Bigram numbers and weights learned from the sentences (and headings) of one document. */
export class TermModel {
  private readonly ids = new Map<string, number>();
  private readonly df: number[] = [];
  private readonly idf: number[] = [];
  private readonly vectors = new Map<string, TermVector>();

  /** `texts` are the document's units; repeated texts count once. */
  constructor(texts: readonly string[]) {
    const distinct = [...new Set(texts)];
    const ids = distinct.map((text) => {
      const found: number[] = [];
      for (const gram of bigrams(text)) {
        let id = this.ids.get(gram);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(gram, id);
          this.df.push(0);
        }
        this.df[id] = (this.df[id] ?? 0) + 1;
        found.push(id);
      }
      return found;
    });
    const n = distinct.length + 1;
    for (const count of this.df) this.idf.push(Math.log(n / count));
    distinct.forEach((text, k) => this.vectors.set(text, this.vectorOf(ids[k] ?? [])));
  }

  /** How many of the document's distinct texts have bigram `gram`. */
  textsWith(gram: string): number {
    const id = this.ids.get(gram);
    return id === undefined ? 0 : (this.df[id] ?? 0);
  }

  /** The vector of `text` (bigrams the document does not have are left out); shared, do not change it. */
  vector(text: string): TermVector {
    const known = this.vectors.get(text);
    if (known) return known;
    const ids: number[] = [];
    for (const gram of bigrams(text)) {
      const id = this.ids.get(gram);
      if (id !== undefined) ids.push(id);
    }
    const vector = this.vectorOf(ids);
    this.vectors.set(text, vector);
    return vector;
  }

  private vectorOf(found: number[]): TermVector {
    const ids = Int32Array.from(found).sort();
    const weights = new Float64Array(ids.length);
    let norm2 = 0;
    ids.forEach((id, k) => {
      const w = this.idf[id] ?? 0;
      weights[k] = w;
      norm2 += w * w;
    });
    return { ids, weights, norm2 };
  }
}

/** A sum of weighted vectors: a weight for each bigram number it has. */
export class Profile {
  private readonly weights = new Map<number, number>();
  private norm2Cache: number | null = 0;

  /** `this += weight × vector`. */
  add(vector: TermVector, weight = 1): void {
    const { ids, weights } = vector;
    for (let k = 0; k < ids.length; k += 1) {
      const id = ids[k] as number;
      this.weights.set(id, (this.weights.get(id) ?? 0) + weight * (weights[k] as number));
    }
    this.norm2Cache = null;
  }

  get norm2(): number {
    if (this.norm2Cache === null) {
      let sum = 0;
      for (const w of this.weights.values()) sum += w * w;
      this.norm2Cache = sum;
    }
    return this.norm2Cache;
  }

  /** Dot product with a vector. */
  dot(vector: TermVector): number {
    const { ids, weights } = vector;
    let sum = 0;
    for (let k = 0; k < ids.length; k += 1) sum += (weights[k] as number) * (this.weights.get(ids[k] as number) ?? 0);
    return sum;
  }
}

/** Cosine of a vector and a profile (0 when either is empty). */
export function cosine(vector: TermVector, profile: Profile): number {
  const norm2 = profile.norm2;
  return vector.norm2 === 0 || norm2 === 0 ? 0 : profile.dot(vector) / Math.sqrt(vector.norm2 * norm2);
}

/** The share of the weight of `vectors` (summed) whose bigrams satisfy `has` (0 … 1). */
export function coverage(vectors: Array<{ vector: TermVector; weight: number }>, has: (id: number) => boolean): number {
  let shared = 0;
  let total = 0;
  for (const { vector, weight } of vectors) {
    vector.ids.forEach((id, k) => {
      const w = weight * (vector.weights[k] ?? 0);
      total += w;
      if (has(id)) shared += w;
    });
  }
  return total === 0 ? 0 : shared / total;
}
