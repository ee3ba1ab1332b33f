import { describe, expect, it } from 'vitest';
import { checkQuestion, DEFAULT_MAX_QUESTION_CHARS } from '../../bot/input';
import { PHRASES } from '../../bot/phrases';

describe('checkQuestion', () => {
  it('accepts a question and trims it', () => {
    expect(checkQuestion('  异地就医怎么备案？\n')).toEqual({ ok: true, text: '异地就医怎么备案？' });
  });

  it.each([[''], ['   '], ['\n\t　']])('asks for a question when given %j', (raw) => {
    expect(checkQuestion(raw)).toEqual({ ok: false, message: PHRASES.empty });
  });

  it('asks for a question when given no text at all', () => {
    expect(checkQuestion(undefined)).toEqual({ ok: false, message: PHRASES.empty });
    expect(checkQuestion(42)).toEqual({ ok: false, message: PHRASES.empty });
  });

  it('refuses 10 000 characters with the exact too-long message', () => {
    expect(checkQuestion('医'.repeat(10_000))).toEqual({ ok: false, message: PHRASES.tooLong(10_000, DEFAULT_MAX_QUESTION_CHARS) });
    expect(PHRASES.tooLong(10_000, 500)).toBe('问题太长了（10000字），请精简到500字以内再问。');
  });

  it('accepts exactly the maximum and refuses one character more', () => {
    expect(checkQuestion('医'.repeat(20), 20)).toEqual({ ok: true, text: '医'.repeat(20) });
    expect(checkQuestion('医'.repeat(21), 20)).toEqual({ ok: false, message: PHRASES.tooLong(21, 20) });
  });

  it('counts an emoji as one character, not two', () => {
    expect(checkQuestion(`${'医'.repeat(19)}😀`, 20).ok).toBe(true);
  });

  it.each([['😀😀😀'], ['！！？？'], ['👍🏽❤️…'], ['【】']])('says it did not understand %s', (raw) => {
    expect(checkQuestion(raw)).toEqual({ ok: false, message: PHRASES.noWords });
  });

  it('accepts mixed scripts and full-width characters', () => {
    expect(checkQuestion('ＤＲＧ付费是啥？').ok).toBe(true);
    expect(checkQuestion('DIP和DRG区别').ok).toBe(true);
    expect(checkQuestion('😀异地就医').ok).toBe(true);
  });
});
