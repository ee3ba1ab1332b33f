import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { smalltalk } from '../../bot/smalltalk';

/** The local regions with documents, as the shipped corpus has them. */
const REGIONS = ['甘肃', '青海', '鄂州', '上海', '浙江'];

describe('smalltalk', () => {
  it.each(['你好', '您好！', '在吗？', 'Hello', 'hi~', '早上好呀', '你好啊😊'])('greets back on %s', (text) => {
    expect(smalltalk(text, REGIONS)).toBe(PHRASES.welcome);
  });

  it.each(['谢谢', '谢谢您！', '好的，谢谢', '感谢🙏', 'Thanks!', '明白了'])('says you are welcome on %s', (text) => {
    expect(smalltalk(text, REGIONS)).toBe(PHRASES.thanks);
  });

  it.each(['你能做什么', '你能做什么？', '你是谁呀', '怎么用', 'help'])('explains what it can do on %s', (text) => {
    expect(smalltalk(text, REGIONS)).toBe(PHRASES.capabilities(REGIONS));
  });

  it('names the regions it is given in the capability reply', () => {
    expect(smalltalk('你能做什么', REGIONS)).toBe(
      '我能回答基本医疗保险的政策问题：参保缴费、跨省异地就医结算、门诊报销和门诊共济等，答案摘自已收录的国家和甘肃、青海、鄂州、上海、浙江的政策文件，并注明文件名、文号和条款。',
    );
    expect(smalltalk('你能做什么', [])).toBe('我能回答基本医疗保险的政策问题：参保缴费、跨省异地就医结算、门诊报销和门诊共济等，答案摘自已收录的国家的政策文件，并注明文件名、文号和条款。');
  });

  it.each([
    '你好，异地就医怎么备案',
    '谢谢，那门诊共济呢',
    '你能做什么医保业务',
    '好的，灵活就业人员怎么交医保',
    '在吗，新农合还要交吗',
  ])('leaves a real question to the engine: %s', (text) => {
    expect(smalltalk(text, REGIONS)).toBeNull();
  });

  it('leaves an empty message to the input check', () => {
    expect(smalltalk('', REGIONS)).toBeNull();
  });
});
