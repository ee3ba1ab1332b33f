import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, withoutPersonalNumbers, withoutText } from '../../bot/redact';

const KNOWLEDGE = join(import.meta.dirname, '../../knowledge');

/** Every line of the corpus documents and of the alternate question files. */
function policyLines(): string[] {
  const dirs = ['corpus/plans', 'corpus/rules', 'questions'].map((d) => join(KNOWLEDGE, d));
  return dirs.flatMap((dir) => readdirSync(dir).flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n')));
}

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

  it('masks a 身份证号 typed in full-width digits, keeping the characters as typed', () => {
    expect(redact('我的身份证号码是１１０１０１１９９００３０７７７７７，帮我查一下')).toBe('我的身份证号码是１１[id-card]７，帮我查一下');
  });

  it('masks a 手机号 typed in full-width digits with a full-width dash or space', () => {
    expect(redact('联系电话１３８－１２３４－５６７８')).toBe('联系电话１３[mobile]８');
    expect(redact('手机１３８\u30001234\u30005678')).toBe('手机１３[mobile]8');
  });

  it('masks a 手机号 written with dashes', () => {
    expect(redact('我的电话是138-1234-5678，请回电')).toBe('我的电话是13[mobile]8，请回电');
  });

  it('masks a card number typed in groups of four', () => {
    expect(redact('医保卡号1234 5678 9012 3，刷不了')).toBe('医保卡号12[card]3，刷不了');
    expect(redact('银行卡6222-0212-3456-7890-123扣款了吗')).toBe('银行卡62[card]3扣款了吗');
  });

  it('masks a 身份证号 typed in groups, and a 手机号 and 身份证号 typed next to each other', () => {
    expect(redact('身份证 110101 19900307 7777 能查吗')).toBe('身份证 11[id-card]7 能查吗');
    expect(redact('身份证1101 0119 9003 0777 7X')).toBe('身份证11[id-card]X');
    expect(redact('13912345678 110101199003071234')).toBe('13[mobile]8 11[id-card]4');
  });

  it('masks passport and 港澳通行证 numbers, full-width and lower-case ones too', () => {
    expect(redact('护照号E12345678，出国期间医保怎么办')).toBe('护照号E1[passport]8，出国期间医保怎么办');
    expect(redact('新版护照EA1234567')).toBe('新版护照EA[passport]7');
    expect(redact('港澳通行证C12345678过期了')).toBe('港澳通行证C1[passport]8过期了');
    expect(redact('回乡证H12345678，香港居民能参保吗')).toBe('回乡证H1[passport]8，香港居民能参保吗');
    expect(redact('澳门居民来往内地通行证M1234567890')).toBe('澳门居民来往内地通行证M1[passport]0');
    expect(redact('护照Ｅ１２３４５６７８')).toBe('护照Ｅ１[passport]８');
    expect(redact('护照e12345678')).toBe('护照e1[passport]8');
  });

  it('leaves lists of amounts, year ranges, dates and landline-style hotline numbers alone', () => {
    const text = '起付线800 1000 2000三档，2019-2021年，2020 2021 2022 2023四年，1000-2000元，2021-01-15起，咨询0931-8123456';
    expect(redact(text)).toBe(text);
  });

  it('leaves a long amount followed by its unit alone', () => {
    expect(redact('基金支出12000000000元，惠及300000000人次')).toBe('基金支出12000000000元，惠及300000000人次');
  });

  it('leaves every line of the shipped policy documents and alternate questions unchanged', () => {
    const lines = policyLines();
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.filter((line) => redact(line) !== line)).toEqual([]);
  });

  it('leaves ordinary numbers alone: years, amounts, percentages, 12345', () => {
    const text = '2025年起付线800元，报销80%，参保人数2590.4万人，打12345热线，国办发〔2021〕36号';
    expect(redact(text)).toBe(text);
  });

  it('leaves the digits inside an identifier of letters and digits alone', () => {
    const text = '会话 694d9148-5ce4-4a33-ac5b-a1d551574785 和 d6b6136b-9761-4691-8094-0ac93eabde82 的反馈，版本 v2x1234567890 已发布';
    expect(redact(text)).toBe(text);
  });

  it('leaves 20,000 conversation ids alone (seeded random UUIDs: every run sees the same ones)', () => {
    // mulberry32: a small seeded generator, so a failure names ids that fail on every run.
    let seed = 20261202;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const hex = () => '0123456789abcdef'.charAt(Math.floor(random() * 16));
    const id = () => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, hex).join('')).join('-');
    const changed = Array.from({ length: 20000 }, id).filter((u) => redact(`conversation "${u}"`) !== `conversation "${u}"`);
    expect(changed).toEqual([]);
  });

  it('still masks a 手机号 typed straight after Chinese text or a colon', () => {
    expect(redact('电话:13912345678')).toBe('电话:13[mobile]8');
  });

  it('leaves a date written as eight digits alone', () => {
    expect(redact('20250301起施行')).toBe('20250301起施行');
  });

  it('leaves text without numbers unchanged', () => {
    expect(redact('异地就医怎么备案？')).toBe('异地就医怎么备案？');
  });
});

describe('withoutPersonalNumbers', () => {
  it('leaves personal numbers out altogether, and everything else as written', () => {
    expect(withoutPersonalNumbers('我的身份证号110101199003071234，手机139-1234-5678，灵活就业人员能参保吗')).toBe('我的身份证号，手机，灵活就业人员能参保吗');
    expect(withoutPersonalNumbers('2025年起付线800元，报销80%')).toBe('2025年起付线800元，报销80%');
  });
});

describe('withoutText', () => {
  it('replaces the message text an error quotes, and masks what is left', () => {
    const line = 'Error: cannot analyse "异地就医怎么备案" for 13912345678';
    expect(withoutText(line, '异地就医怎么备案')).toBe('Error: cannot analyse "[text]" for 13[mobile]8');
  });

  it('ignores missing and one-character texts', () => {
    expect(withoutText('Error: 失败', undefined, '败')).toBe('Error: 失败');
  });
});
