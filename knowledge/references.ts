import type { Clause, DocumentMeta } from './types';
import { HAN, normalizeForMatch } from './normalize';
import { CHINESE_NUMERAL_CHARS, parseChineseNumeral } from './parse/numerals';

/**
 * A question that points at a document or at one of its articles by name: 社保法第二十三条,
 * 经办条例第20条第二款, 上海医保条例里怎么说. Hotline operators look clauses up this way to read
 * them aloud; insured people quote the law they were told about.
 */
export interface ClauseReference {
  /** The document named, null when only an article number was given (第四十一条说的啥). */
  docId: string | null;
  /** The words that named it, as written in the question. */
  named: string | null;
  /** Article number (第二十三条 → 23), null when none was given. */
  article: number | null;
  /** Paragraph number within the article (第二款 → 2), null when none was given. */
  paragraph: number | null;
  /**
   * The question without the document's name (社会保险法规定医保谁来交 → 规定医保谁来交), so that
   * the words of a title (社会保险) do not count as what is asked; the whole question when
   * nothing but the name would be left.
   */
  rest: string;
}

/**
 * Rules that turn a title into the shorter names people use, applied in every combination:
 * 中华人民共和国社会保险法 → 社会保险法 → 社保法; 上海市医疗保障条例 → 上海医保条例; the
 * quotation marks of “十四五” are often left out. Irregular short names (监管条例) are listed
 * per document in `knowledge/data/aliases.txt`.
 */
export const NAME_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^中华人民共和国/, ''],
  [/[“”"《》]/g, ''],
  [/医疗保障/g, '医保'],
  [/社会保险/g, '社保'],
  [/^(.{2,3}?)[省市](?=.)/, '$1'],
  [/暂行条例$/, '条例'],
];

/** Names shorter than this are not looked for (条例 alone names nothing; 社保法 is a name). */
export const MIN_NAME_CHARS = 3;

/**
 * Every name of a document: its title (and, for a news summary, the title of the document it is
 * about), the shortened forms of `NAME_RULES`, and its aliases.
 */
export function documentNames(doc: DocumentMeta, aliases: readonly string[] = []): string[] {
  const names = new Set([doc.title, ...(doc.about ? [doc.about.replace(/[《》]/g, '')] : [])]);
  for (const [pattern, replacement] of NAME_RULES) {
    for (const name of [...names]) names.add(name.replace(pattern, replacement));
  }
  for (const alias of aliases) names.add(alias);
  return [...names].filter((n) => [...n].length >= MIN_NAME_CHARS);
}

const NUMBER = `[${CHINESE_NUMERAL_CHARS}]+|\\d+`;
/** 第二十三条, 第23条, 23条 (but not 条例, 条件 or 几条). */
const ARTICLE = new RegExp(`(?:第\\s*(${NUMBER})|(\\d+))\\s*条(?![例件款])`);
/** 第二款, 第2款. */
const PARAGRAPH = new RegExp(`第\\s*(${NUMBER})\\s*款`);

function numberOf(digits: string | undefined): number | null {
  if (!digits) return null;
  return /^\d+$/.test(digits) ? Number(digits) : parseChineseNumeral(digits);
}

/**
 * The clauses with text that make up `clause`: itself when it has text, otherwise its descendants
 * in document order (an article of several paragraphs has no text of its own).
 */
export function clauseLeaves(clause: Clause, documentClauses: readonly Clause[]): Clause[] {
  if (clause.text.trim()) return [clause];
  const prefix = `${clause.id}.`;
  return documentClauses.filter((c) => c.id.startsWith(prefix) && c.text.trim());
}

export interface ReferenceFinder {
  /** The document and article a question names, or null when it names neither. */
  find(text: string): ClauseReference | null;
  /** The clause a reference points at (the article, or its paragraph), null when the document has no such clause. */
  resolve(reference: ClauseReference & { docId: string; article: number }): Clause | null;
}

/** What people put between a document's name and their question: 上海医保条例里说的长护险, 社保法中规定的. */
const SAID_IN_NAMED = /^\s*(?:里面?|中|上面?)?(?:说|讲|写|提到|规定)(?:的|了)?/;

/** The question after a document's name, without the words saying it is in there (里说的). */
function afterName(without: string): string {
  const rest = without.replace(SAID_IN_NAMED, '').trim();
  return HAN.test(rest) ? rest : without.trim();
}

const WHITESPACE = /\s/;
const WHITESPACES = /\s+/g;

/** A pattern for `name` with any whitespace between its characters (国家 十四五 规划 for 国家十四五规划). */
function spacedOut(name: string): RegExp {
  return new RegExp([...name].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'));
}

/**
 * Finds references to `documents` in questions. The longest name wins (上海市医疗保障条例 over
 * 医保条例); `clausesOf` gives a document's clauses (article ids end in `:a23`, paragraphs in `.p2`).
 */
export function createReferenceFinder(
  documents: readonly DocumentMeta[],
  aliases: ReadonlyMap<string, readonly string[]>,
  clausesOf: (docId: string) => readonly Clause[] | null,
): ReferenceFinder {
  const names = documents
    .flatMap((doc) => documentNames(doc, aliases.get(doc.id) ?? []).map((name) => ({ name, docId: doc.id })))
    .sort((a, b) => b.name.length - a.name.length);
  return {
    find(question) {
      const text = normalizeForMatch(question);
      // An operator's terse look-up may space a name out (国家 十四五 规划): looked for without spaces too.
      const spaced = WHITESPACE.test(text);
      const compact = spaced ? text.replace(WHITESPACES, '') : text;
      const hit = names.find((n) => text.includes(n.name)) ?? (spaced ? names.find((n) => compact.includes(n.name)) : undefined);
      const without = hit ? text.replace(text.includes(hit.name) ? hit.name : spacedOut(hit.name), ' ') : text;
      const article = ARTICLE.exec(text);
      if (!hit && !article) return null;
      const paragraph = article ? PARAGRAPH.exec(text.slice(article.index)) : null;
      return {
        docId: hit?.docId ?? null,
        named: hit?.name ?? null,
        article: article ? numberOf(article[1] ?? article[2]) : null,
        paragraph: paragraph ? numberOf(paragraph[1]) : null,
        rest: hit && HAN.test(without) ? afterName(without) : text,
      };
    },
    resolve({ docId, article, paragraph }) {
      const clauses = clausesOf(docId);
      if (!clauses) return null;
      const articleId = `${docId}:a${article}`;
      const id = paragraph ? `${articleId}.p${paragraph}` : articleId;
      return clauses.find((c) => c.id === id) ?? null;
    },
  };
}
