import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { smalltalk } from '../../bot/smalltalk';

describe('smalltalk', () => {
  it.each(['你好', '您好！', '在吗？', 'Hello', 'hi~', '早上好呀', '你好啊😊'])('greets back on %s', (text) => {
    expect(smalltalk(text)).toBe(PHRASES.welcome);
  });

  it.each(['谢谢', '谢谢您！', '好的，谢谢', '感谢🙏', 'Thanks!', '明白了'])('says you are welcome on %s', (text) => {
    expect(smalltalk(text)).toBe(PHRASES.thanks);
  });

  it.each(['你能做什么', '你能做什么？', '你是谁呀', '怎么用', 'help'])('explains what it can do on %s', (text) => {
    expect(smalltalk(text)).toBe(PHRASES.capabilities);
  });

  it.each([
    '你好，异地就医怎么备案',
    '谢谢，那门诊共济呢',
    '你能做什么医保业务',
    '好的，灵活就业人员怎么交医保',
    '在吗，新农合还要交吗',
  ])('leaves a real question to the engine: %s', (text) => {
    expect(smalltalk(text)).toBeNull();
  });

  it('leaves an empty message to the input check', () => {
    expect(smalltalk('')).toBeNull();
  });
});
