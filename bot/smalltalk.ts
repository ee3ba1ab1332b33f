import { normalizeForMatch, stripEmoji } from '../knowledge/normalize';
import { PHRASES } from './phrases';

/**
 * Greetings, thanks and "what can you do": matched against the WHOLE message (after removing
 * punctuation, emoji and polite fillers), never as a substring, so 你好，异地就医怎么备案 is a question.
 */
const RULES: Array<{ re: RegExp; reply: (regions: readonly string[]) => string }> = [
  { re: /^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|有人吗|早上好|上午好|中午好|下午好|晚上好|早|你好啊|您好啊)$/, reply: () => PHRASES.welcome },
  { re: /^(谢谢|谢谢你|谢谢您|多谢|感谢|感谢你|感谢您|谢了|好的谢谢|好的|好|知道了|明白了|ok|okay|thanks|thankyou|thx)$/, reply: () => PHRASES.thanks },
  { re: /^(你能做什么|你会什么|你会干什么|你能干什么|你是谁|你是干什么的|有什么功能|怎么用|怎么使用|帮助|help|菜单|能问什么|可以问什么|你能回答什么)$/, reply: PHRASES.capabilities },
];

const FILLERS = /[\s\p{P}\p{S}啊呀呢吧哦嘛啦]/gu;

/** The reply to small talk, or null; `regions` are the local regions the capability reply names. */
export function smalltalk(text: string, regions: readonly string[]): string | null {
  const core = normalizeForMatch(stripEmoji(text)).replace(FILLERS, '');
  return RULES.find((r) => r.re.test(core))?.reply(regions) ?? null;
}
