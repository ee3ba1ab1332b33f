import { questionKey } from '../knowledge/questions';
import { bigrams } from './similarity';

/**
 * How alike the user's question is to each of a clause's alternate questions, as
 * `bigramSimilarity` (similarity.ts) computes it, without building and comparing sets of strings
 * on every answer: the ranking's alternate-question stage, the 您问的是 line and the choices compare
 * one question with the alternates of many clauses.
 *
 * Every bigram of an alternate question gets a number once; a clause's list of alternates becomes
 * one array of bigram numbers per question, worked out once per list (a clause given a question at
 * run time gets a new list, knowledgeBase.ts `addQuestion`). The user's question marks the numbers
 * of its bigrams with a stamp, so counting what an alternate shares with it is one array look-up
 * per bigram of the alternate.
 */

/** Bigram → its number: the bigrams of alternate questions only (the user's others are shared by none). */
const numbers = new Map<string, number>();
/** The bigram numbers of each alternate of a list (each number once), per list. */
const byList = new WeakMap<readonly string[], readonly Int32Array[]>();
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

function listNumbers(alternates: readonly string[]): readonly Int32Array[] {
  let list = byList.get(alternates);
  if (!list) {
    list = alternates.map((q) => Int32Array.from(bigrams(questionKey(q)), numbered));
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

/** The similarity of one alternate (its bigram numbers) to the marked question. */
function similarityOf(numbersOfOne: Int32Array, questionGrams: number, stamp: number): number {
  let shared = 0;
  for (let i = 0; i < numbersOfOne.length; i += 1) if (marks[numbersOfOne[i] as number] === stamp) shared += 1;
  const union = numbersOfOne.length + questionGrams - shared;
  return union > 0 ? shared / union : 0;
}

/** The bigram similarity of `question` to each of `alternates`, in their order. */
export function alternateSimilarities(alternates: readonly string[], question: string): Float64Array {
  const out = new Float64Array(alternates.length);
  if (!alternates.length) return out;
  const list = listNumbers(alternates);
  const { grams, stamp } = compareWith(question);
  for (let i = 0; i < list.length; i += 1) out[i] = similarityOf(list[i] as Int32Array, grams.size, stamp);
  return out;
}

/** The largest of `alternateSimilarities(alternates, question)`, 0 when there are no alternates. */
export function bestAlternateSimilarity(alternates: readonly string[], question: string): number {
  if (!alternates.length) return 0;
  const list = listNumbers(alternates);
  const { grams, stamp } = compareWith(question);
  let best = 0;
  for (let i = 0; i < list.length; i += 1) best = Math.max(best, similarityOf(list[i] as Int32Array, grams.size, stamp));
  return best;
}
