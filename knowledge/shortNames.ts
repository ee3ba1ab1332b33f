/**
 * Short names the documents define themselves: 城乡居民高血压、糖尿病（以下统称“两病”）, 定点医疗机构和
 * 定点药店（以下统称定点医药机构）. From then on a document says only the short name, so a question
 * naming one of the things it stands for (我有高血压…) should find those clauses too. Each named
 * thing becomes a thesaurus phrase whose official term is the short name.
 *
 * What a named thing is: the words before the definition, back to the clause's previous 。，；：,
 * are split into list items at the words 、 和 及 以及 与. Each item loses what leads into it, up to its last verb
 * or 的 (实行医疗机构 → 医疗机构, 无雇工的个体工商户 → 个体工商户), unless too little would remain; the
 * first item, which also carries what qualifies the whole list, keeps no more words than the second
 * (城乡居民高血压、糖尿病 → 高血压, 糖尿病). An item that contains the short name, or that the short name
 * contains, defines nothing new; when the last item does (省级药品和医用耗材集中采购平台（以下简称集中
 * 采购平台）), the short name abbreviates it alone and the definition adds no phrase.
 */

/** 以下简称 / 以下统称 and the short name, quoted or not. */
const DEFINITION = /（以下(?:简称|统称)[“"]?([^”"）]+)[”"]?）/g;
/** Where the defined text begins at the latest. */
const SENTENCE_BREAK = /[。，；：,;:]/;
/** The words that join the items of a list (whole words: the 和 of 共和国 joins nothing). */
const LIST_JOINERS: ReadonlySet<string> = new Set(['、', '以及', '及', '和', '与']);
/** A named thing and a short name are plain words: no title marks, brackets or other signs. */
const PLAIN_WORD = /^\p{Script=Han}+$/u;
/** An article number the clause starts with (第三十七条) is no part of a thing. */
const ARTICLE_NUMBER = /^第[一二三四五六七八九十百零〇]+条/;
/** A last list item that starts so names what the earlier items are kinds of. */
const KINDS_OF_LAST = '其他';
/** Fewest and most characters of a named thing (shorter is no thing, longer no way people ask). */
const MIN_THING_CHARS = 3;
const MAX_THING_CHARS = 10;

/** A thing a document names, and the short name it gives it. */
export interface ShortName {
  phrase: string;
  shortName: string;
}

export interface ShortNameWords {
  /** The words of `text`, in order (jieba's cut). */
  cut(text: string): string[];
  /** A word's part of speech (jieba's tag). */
  partOfSpeech(word: string): string;
}

/** An item's words without what leads into it. */
function withoutLeadIn(cut: string[], words: ShortNameWords): string[] {
  for (let i = cut.length - 1; i >= 0; i--) {
    const word = cut[i] as string;
    if (word !== '的' && !words.partOfSpeech(word).startsWith('v')) continue;
    const rest = cut.slice(i + 1);
    if (rest.join('').length >= MIN_THING_CHARS) return rest;
  }
  return cut;
}

/** The short names defined in one text. */
export function shortNamesIn(text: string, words: ShortNameWords): ShortName[] {
  const found: ShortName[] = [];
  for (const m of text.matchAll(DEFINITION)) {
    const shortName = (m[1] as string).trim();
    const before = text.slice(0, m.index);
    let begin = 0;
    for (let i = before.length - 1; i >= 0; i--) {
      if (SENTENCE_BREAK.test(before.charAt(i))) {
        begin = i + 1;
        break;
      }
    }
    const items: string[][] = [[]];
    for (const word of words.cut(before.slice(begin))) {
      if (LIST_JOINERS.has(word)) items.push([]);
      else if (word.trim()) (items.at(-1) as string[]).push(word);
    }
    const lists = items.filter((item) => item.length > 0);
    const last = (lists.at(-1) ?? []).join('');
    // The short name abbreviates the last item (省级药品和医用耗材集中采购平台), unless the list
    // ends in 其他…, whose earlier items are kinds of it (个体工商户…以及其他灵活就业人员).
    if (!PLAIN_WORD.test(shortName) || (last.includes(shortName) && !last.startsWith(KINDS_OF_LAST))) continue;
    const cuts = lists.map((item) => withoutLeadIn(item, words));
    cuts.forEach((cut, i) => {
      const kept = i === 0 && cuts.length > 1 ? cut.slice(-(cuts[1] as string[]).length) : cut;
      const phrase = kept.join('').replace(ARTICLE_NUMBER, '');
      if (phrase.length < MIN_THING_CHARS || phrase.length > MAX_THING_CHARS || !PLAIN_WORD.test(phrase)) return;
      if (phrase.includes(shortName) || shortName.includes(phrase)) return;
      found.push({ phrase, shortName });
    });
  }
  return found;
}

/**
 * The short names defined anywhere in `texts`, each phrase once with the short name given it. A
 * phrase given different short names (委员会 in a law archive: 管委会, 常委会 …) stands for none of
 * them and is left out.
 */
export function definedShortNames(texts: Iterable<string>, words: ShortNameWords): Map<string, string[]> {
  const byPhrase = new Map<string, Set<string>>();
  for (const text of texts) {
    if (!text.includes('以下')) continue;
    for (const { phrase, shortName } of shortNamesIn(text, words)) {
      const names = byPhrase.get(phrase) ?? new Set<string>();
      byPhrase.set(phrase, names.add(shortName));
    }
  }
  const defined = new Map<string, string[]>();
  for (const [phrase, names] of byPhrase) if (names.size === 1) defined.set(phrase, [...names]);
  return defined;
}
