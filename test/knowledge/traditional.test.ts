import { describe, expect, it } from 'vitest';
import { createSimplifier } from '../../knowledge/traditional';

/** The characters of a few clauses: what "the documents use" means for these tests. */
const DOCUMENT_CHARS = new Set([...'参保人员应当持本人医疗保障凭证就医购药异地就医备案显著提高著作权医保卡借给别人用会怎样']);

describe('questions typed in traditional characters', () => {
  const simplify = createSimplifier(DOCUMENT_CHARS);

  it('read as the documents\' simplified characters: 異地就醫怎麼備案 is 异地就医怎么备案', () => {
    expect(simplify('異地就醫怎麼備案')).toBe('异地就医怎么备案');
    expect(simplify('醫保卡借給別人用會怎樣')).toBe('医保卡借给别人用会怎样');
  });

  it('convert Taiwan\'s variants too: 這裡的醫院 is 这里的医院', () => {
    expect(simplify('這裡的醫院')).toBe('这里的医院');
  });

  it('leave a simplified question untouched, and never change a character the documents use', () => {
    expect(simplify('异地就医怎么备案')).toBe('异地就医怎么备案');
    // 著 is the documents' own character (显著, 著作权): only 醫 is converted.
    expect(simplify('醫保显著提高')).toBe('医保显著提高');
  });
});
