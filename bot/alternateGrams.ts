import { questionKey } from '../knowledge/questions';
import { bigrams } from './similarity';

/**
 * How alike the user's question is to each of a clause's alternate questions, as
 * `bigramSimilarity` (similarity.ts) computes it, without building and comparing sets of strings
 * on every answer: the ranking's alternate-question stage, the 您问的是 line and the choices compare
 * one question with the alternates of many clauses.
 *
 * Every bigram of an alternate question gets a number once; a clause's list of alternates becomes
 * one array of bigram numbers, worked out once per list (a clause given a question at run time
 * gets a new list, knowledgeBase.ts `addQuestion`). The user's question marks the numbers of its
 * bigrams with a stamp, so counting what an alternate shares with it is one array look-up per
 * bigram of the alternate; a list's similarities are kept for the last question it was compared
 * with (the stages of one answer ask for the same clause's several times).
 */

/** Bigram → its number: the bigrams of alternate questions only (the user's others are shared by none). */
const numbers = new Map<string, number>();

/**
 * A list of alternates as bigram numbers, all in one array (alternate i's are `grams[starts[i]]`
 * up to `grams[starts[i + 1]]`, each number once per alternate), with its similarities to the last
 * question it was compared with: the ranking's alternate-question stage, the 您问的是 line, the
 * related questions, the suggestions and the choices compare the same question with the same
 * clause's list, and it is worked out once.
 */
interface NumberedList {
  grams: Int32Array;
  starts: Int32Array;
  /** The stamp of the question `similarities` are for (0: none yet). */
  stamp: number;
  similarities: Float64Array;
  /** The largest of `similarities`, 0 when there are none. */
  best: number;
}

/** Each list of alternates, numbered once. */
const byList = new WeakMap<readonly string[], NumberedList>();
/** Per bigram number, the stamp of the last question that has the bigram. */
let marks = new Uint32Array(1024);
/** The question being compared: its bigrams, and the stamp its bigrams' numbers carry in `marks`. */
let current: { question: string; grams: Set<string>; stamp: number } | null = null;
let lastStamp = 0;

function mark(n: number, stamp: number): void {
  if (n >= marks.length) {
    const grown = new Uint32Array(Math.max(marks.length * 2, n + 1));
    grown.set(marks);
    marks = grown;
  }
  marks[n] = stamp;
}

function numbered(gram: string): number {
  let n = numbers.get(gram);
  if (n === undefined) {
    numbers.set(gram, (n = numbers.size));
    // A bigram first numbered while a question is being compared: marked if the question has it.
    if (current?.grams.has(gram)) mark(n, current.stamp);
  }
  return n;
}

function listNumbers(alternates: readonly string[]): NumberedList {
  let list = byList.get(alternates);
  if (!list) {
    const each = alternates.map((q) => Array.from(bigrams(questionKey(q)), numbered));
    const starts = new Int32Array(each.length + 1);
    each.forEach((one, i) => {
      starts[i + 1] = (starts[i] as number) + one.length;
    });
    list = { grams: Int32Array.from(each.flat()), starts, stamp: 0, similarities: new Float64Array(each.length), best: 0 };
    byList.set(alternates, list);
  }
  return list;
}

/** Makes `question` the one whose bigrams are marked, unless it already is. */
function compareWith(question: string): { grams: Set<string>; stamp: number } {
  if (current?.question !== question) {
    lastStamp += 1;
    current = { question, grams: bigrams(questionKey(question)), stamp: lastStamp };
    for (const gram of current.grams) {
      const n = numbers.get(gram);
      if (n !== undefined) mark(n, lastStamp);
    }
  }
  return current;
}

/** `alternates` numbered, with their similarities to `question` worked out (once per list and question). */
function compared(alternates: readonly string[], question: string): NumberedList {
  const list = listNumbers(alternates);
  const { grams: questionGrams, stamp } = compareWith(question);
  if (list.stamp === stamp) return list;
  const { grams, starts, similarities } = list;
  const marked = marks;
  const size = questionGrams.size;
  let best = 0;
  for (let i = 0; i < similarities.length; i += 1) {
    const from = starts[i] as number;
    const to = starts[i + 1] as number;
    let shared = 0;
    for (let k = from; k < to; k += 1) if (marked[grams[k] as number] === stamp) shared += 1;
    const union = to - from + size - shared;
    const similarity = union > 0 ? shared / union : 0;
    similarities[i] = similarity;
    best = Math.max(best, similarity);
  }
  list.stamp = stamp;
  list.best = best;
  return list;
}

/**
 * The bigram similarity of `question` to each of `alternates`, in their order. Kept for the next
 * call with the same list and question: the caller reads it and never writes to it.
 */
export function alternateSimilarities(alternates: readonly string[], question: string): Float64Array {
  if (!alternates.length) return EMPTY;
  return compared(alternates, question).similarities;
}

const EMPTY = new Float64Array(0);

/** The largest of `alternateSimilarities(alternates, question)`, 0 when there are no alternates. */
export function bestAlternateSimilarity(alternates: readonly string[], question: string): number {
  if (!alternates.length) return 0;
  return compared(alternates, question).best;
}
