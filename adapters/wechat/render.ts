/**
 * Reply[] → the content of one WeChat text message.
 *
 * A passive reply carries a single message, so the replies of a turn are joined. A reply's text
 * already ends its quote with the source line `——《标题》（文号）条款`. WeChat has no buttons, so
 * where another channel offers follow-ups, the text says how to ask for the whole clause (“全文”)
 * and lists the other questions one could send (“您还可以问：那甘肃呢／那青海呢”).
 * A text message holds at most WECHAT_TEXT_MAX_BYTES, so a longer answer is cut: the beginning is
 * kept, then the source line and the hint that “全文” shows the whole clause (the bot answers
 * “全文” itself).
 */
import { PHRASES } from '../../bot/phrases';
import type { Reply } from '../../bot/types';

/**
 * Longest text message content WeChat accepts, in UTF-8 bytes: “文本消息内容最长不超过2048个字节”
 * (passive replies and 客服消息 alike). About 680 Chinese characters.
 */
export const WECHAT_TEXT_MAX_BYTES = 2048;

/** Marks where a shortened answer was cut. */
export const CUT_MARK = '……';

/** How the source line of an answer begins. */
export const CITATION_LINE_PREFIX = '——《';

/** The follow-up the engine offers when its quote is not the whole clause. */
export const FULL_TEXT_FOLLOW_UP = '全文';

/** Between the replies of one turn. */
const REPLY_SEPARATOR = '\n\n';

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The longest prefix of `text` within `maxBytes`, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = byteLength(ch);
    if (used + size > maxBytes) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

function renderReply(reply: Reply): string {
  const others = reply.followUps.filter((f) => f !== FULL_TEXT_FOLLOW_UP);
  return [
    reply.text,
    ...(reply.followUps.includes(FULL_TEXT_FOLLOW_UP) ? [PHRASES.fullTextHint] : []),
    ...(others.length ? [PHRASES.askAlso(others)] : []),
  ].join('\n');
}

/**
 * `text` cut to WECHAT_TEXT_MAX_BYTES: its beginning up to the first source line (cut further
 * if needed), then that source line with the notes that follow it in the same reply (规划目标
 * caveat, related clauses), and `hint`.
 */
function shorten(text: string, hint: string | null): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(CITATION_LINE_PREFIX));
  const body = at < 0 ? text : lines.slice(0, at).join('\n');
  const replyEnd = at < 0 ? -1 : lines.indexOf('', at);
  const tail = at < 0 ? [] : lines.slice(at, replyEnd < 0 ? undefined : replyEnd);
  if (hint && !tail.includes(hint)) tail.push(hint);
  const suffix = tail.map((line) => `\n${line}`).join('');
  const budget = WECHAT_TEXT_MAX_BYTES - byteLength(CUT_MARK) - byteLength(suffix);
  if (budget <= 0) return truncateUtf8(text, WECHAT_TEXT_MAX_BYTES);
  const head = truncateUtf8(body, budget);
  return `${head === body ? head : `${head.trimEnd()}${CUT_MARK}`}${suffix}`;
}

/**
 * The text a user sees for `replies`, at most WECHAT_TEXT_MAX_BYTES long; '' when there is
 * nothing to say (the route then answers `success`).
 */
export function renderReplies(replies: readonly Reply[]): string {
  const full = replies.map(renderReply).filter((text) => text !== '').join(REPLY_SEPARATOR);
  if (byteLength(full) <= WECHAT_TEXT_MAX_BYTES) return full;
  // A “全文” reply already is the whole clause: pointing to “全文” again would go round in circles.
  const quotesPart = replies.some((reply) => reply.kind !== 'fulltext' && reply.citations.length > 0);
  return shorten(full, quotesPart ? PHRASES.fullTextHint : null);
}
