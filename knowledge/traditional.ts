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
 * first such question (about 40 ms), not at start-up.
 */
export type Simplifier = (text: string) => string;

const HAN = /\p{Script=Han}/u;

/** OpenCC's locale for traditional input: Taiwan's variants (裡, 著) convert too. */
const TRADITIONAL_LOCALE = 'tw';

export function createSimplifier(knownChars: ReadonlySet<string>): Simplifier {
  let convert: ((text: string) => string) | null = null;
  const foreign = (ch: string) => HAN.test(ch) && !knownChars.has(ch);
  return (text) => {
    const chars = [...text];
    if (!chars.some(foreign)) return text;
    convert ??= Converter({ from: TRADITIONAL_LOCALE, to: 'cn' });
    const converted = [...convert(text)];
    // OpenCC converts character for character; should a phrase table ever change the length, the
    // whole converted text is the better reading.
    if (converted.length !== chars.length) return converted.join('');
    return chars.map((ch, i) => (foreign(ch) ? (converted[i] as string) : ch)).join('');
  };
}
