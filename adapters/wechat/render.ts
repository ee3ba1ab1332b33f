/**
 * Reply[] → the content of one WeChat text message.
 *
 * A passive reply carries a single message, so the replies of a turn are joined. A quoting reply
 * carries its parts typed (bot/answerParts.ts): the quote, then the source line `——《标题》（文号）条款`. WeChat has no buttons, so
 * where another channel offers follow-ups, the text says how to ask for the whole clause (“全文”)
 * and lists the other questions one could send (“您还可以问：那甘肃呢／那青海呢”).
 * A text message holds at most WECHAT_TEXT_MAX_BYTES, so a longer answer is cut: the beginning is
 * kept, then the source line and the hint that “全文” shows the whole clause (the bot answers
 * “全文” itself).
 */
import { PHRASES } from '../../bot/phrases';
import { quotedLines, type QuotedLines } from '../../bot/answerParts';
import type { Reply } from '../../bot/types';

/**
 * Longest text message content WeChat accepts, in UTF-8 bytes: “文本消息内容最长不超过2048个字节”
 * (passive replies and 客服消息 alike). About 680 Chinese characters.
 */
export const WECHAT_TEXT_MAX_BYTES = 2048;

/** Marks where a shortened answer was cut. */
export const CUT_MARK = '……';

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

/** One reply as lines: what it quotes (or all of its text) and, when it quotes, its source and hints. */
function renderReply(reply: Reply): QuotedLines {
  const others = reply.followUps.filter((f) => f !== FULL_TEXT_FOLLOW_UP);
  const hints = [
    ...(reply.followUps.includes(FULL_TEXT_FOLLOW_UP) ? [PHRASES.fullTextHint] : []),
    ...(others.length ? [PHRASES.askAlso(others)] : []),
  ];
  const parts = quotedLines(reply);
  return parts ? { head: parts.head, tail: [...parts.tail, ...hints] } : { head: [reply.text, ...hints], tail: [] };
}

const joined = (lines: QuotedLines): string => [...lines.head, ...lines.tail].join('\n');

/**
 * The replies cut to WECHAT_TEXT_MAX_BYTES: everything up to the first source line (cut further
 * if needed), then that source line with the notes that follow it in the same reply (规划目标
 * caveat, related clauses), and `hint`.
 */
function shorten(rendered: readonly QuotedLines[], hint: string | null): string {
  const full = rendered.map(joined).filter((text) => text !== '').join(REPLY_SEPARATOR);
  const at = rendered.findIndex((r) => r.tail.length > 0);
  const quoting = rendered[at];
  const before = rendered.slice(0, at).map(joined).filter((text) => text !== '');
  const body = quoting ? [...before, quoting.head.join('\n')].join(REPLY_SEPARATOR) : full;
  const tail = quoting ? [...quoting.tail] : [];
  if (hint && !tail.includes(hint)) tail.push(hint);
  const suffix = tail.map((line) => `\n${line}`).join('');
  const budget = WECHAT_TEXT_MAX_BYTES - byteLength(CUT_MARK) - byteLength(suffix);
  if (budget <= 0) return truncateUtf8(full, WECHAT_TEXT_MAX_BYTES);
  const head = truncateUtf8(body, budget);
  return `${head === body ? head : `${head.trimEnd()}${CUT_MARK}`}${suffix}`;
}

/**
 * The text a user sees for `replies`, at most WECHAT_TEXT_MAX_BYTES long; '' when there is
 * nothing to say (the route then answers `success`).
 */
export function renderReplies(replies: readonly Reply[]): string {
  const rendered = replies.map(renderReply);
  const full = rendered.map(joined).filter((text) => text !== '').join(REPLY_SEPARATOR);
  if (byteLength(full) <= WECHAT_TEXT_MAX_BYTES) return full;
  // A “全文” reply already is the whole clause: pointing to “全文” again would go round in circles.
  const quotesPart = replies.some((reply) => reply.kind !== 'fulltext' && reply.citations.length > 0);
  return shorten(rendered, quotesPart ? PHRASES.fullTextHint : null);
}
