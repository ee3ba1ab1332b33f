import { describe, expect, it } from 'vitest';
import { redact } from '../../bot/redact';

/** No run of seven or more digits (with or without separators) survives redaction. */
const LONG_DIGITS = /\d(?:[- ]?\d){6,}/u;

describe('redact', () => {
  it('masks an 18-digit 身份证号, keeping its first two and last characters', () => {
    expect(redact('我的身份证号是110101199003071234，能查参保吗')).toBe('我的身份证号是11[id-card]4，能查参保吗');
  });

  it('masks a 身份证号 ending in X or x', () => {
    expect(redact('身份证62010219850615123X')).toBe('身份证62[id-card]X');
    expect(redact('身份证62010219850615123x。')).toBe('身份证62[id-card]x。');
  });

  it('masks an old 15-digit 身份证号', () => {
    expect(redact('老身份证620102850615123')).toBe('老身份证62[id-card]3');
  });

  it('masks a 手机号', () => {
    expect(redact('手机13912345678，请回电')).toBe('手机13[mobile]8，请回电');
  });

  it('masks a 手机号 written with +86, spaces and dashes', () => {
    expect(redact('电话+86 139-1234-5678')).toBe('电话+8[mobile]8');
    expect(redact('电话 +86-139-1234-5678 找我')).toBe('电话 +8[mobile]8 找我');
    expect(redact('139 1234 5678')).toBe('13[mobile]8');
  });

  it('leaves no digits of a 手机号 written with +86 and no separator', () => {
    const out = redact('电话+8613912345678');
    expect(out).not.toMatch(LONG_DIGITS);
    expect(out).not.toContain('1234');
  });

  it('masks a long 社保卡/医保卡/bank card number, letter prefix included', () => {
    expect(redact('社保卡号6222021234567890123丢了')).toBe('社保卡号62[card]3丢了');
    expect(redact('医保卡H12345678901')).toBe('医保卡H1[card]1');
  });

  it('masks several numbers in one message', () => {
    const out = redact('身份证110101199003071234，手机13912345678，医保卡1234567890');
    expect(out).not.toMatch(LONG_DIGITS);
    expect(out).toContain('[id-card]');
    expect(out).toContain('[mobile]');
    expect(out).toContain('[card]');
  });

  it('leaves ordinary numbers alone: years, amounts, percentages, 12345', () => {
    const text = '2025年起付线800元，报销80%，参保人数2590.4万人，打12345热线，国办发〔2021〕36号';
    expect(redact(text)).toBe(text);
  });

  it('leaves a date written as eight digits alone', () => {
    expect(redact('20250301起施行')).toBe('20250301起施行');
  });

  it('leaves text without numbers unchanged', () => {
    expect(redact('异地就医怎么备案？')).toBe('异地就医怎么备案？');
  });
});
