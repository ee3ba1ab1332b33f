import { Converter } from 'opencc-js/t2cn';

/**
 * Questions typed in traditional characters (醫保卡借給別人用會怎樣, 異地就醫怎麼備案) read as the
 * documents' simplified ones. Without this the documents share no word with them and they are
 * declined as out of domain.
 *
 * Only a question with a Han character the documents never use is converted (OpenCC's
 * traditional → simplified tables, Taiwan variants included: 裡, 著), and only those characters
 * change: a simplified question passes through untouched, and a character the documents use
 * (著 in 显著, 乾 in 乾隆) is never "simplified" into another word. The tables are built on the
 * first such question (about 40 ms), not at start-up; a question whose unknown characters are
 * all simplified ones (娃, 俺) is left alone after one look-up per character.
 */
export type Simplifier = (text: string) => string;

/** OpenCC's locale for traditional input: Taiwan's variants (裡, 著) convert too. */
const TRADITIONAL_LOCALE = 'tw';

/** CJK Unified Ideographs (and Extension A): the Han characters people type. */
const isHanCode = (code: number) => (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);

export function createSimplifier(knownChars: ReadonlySet<string>): Simplifier {
  let convert: ((text: string) => string) | null = null;
  const converter = () => (convert ??= Converter({ from: TRADITIONAL_LOCALE, to: 'cn' }));
  /** Whether a foreign character has a simplified form of its own (checked once per character). */
  const traditional = new Map<string, boolean>();
  const foreign = (ch: string) => isHanCode(ch.codePointAt(0) as number) && !knownChars.has(ch);
  const isTraditional = (ch: string) => {
    let t = traditional.get(ch);
    if (t === undefined) traditional.set(ch, (t = converter()(ch) !== ch));
    return t;
  };
  return (text) => {
    const chars = [...text];
    if (!chars.some((ch) => foreign(ch) && isTraditional(ch))) return text;
    // The whole question is converted, so that phrases read right (怎麼 → 怎么, where 麼 alone is 幺).
    const converted = [...converter()(text)];
    // OpenCC converts character for character; should a phrase table ever change the length, the
    // whole converted text is the better reading.
    if (converted.length !== chars.length) return converted.join('');
    return chars.map((ch, i) => (foreign(ch) ? (converted[i] as string) : ch)).join('');
  };
}
