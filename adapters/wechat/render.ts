/**
 * Reply[] → the content of one WeChat text message.
 *
 * A passive reply carries a single message, so the replies of a turn are joined. Each reply is
 * its text followed by one source line per citation (`——《标题》（文号） 条款`). A text message
 * holds at most WECHAT_TEXT_MAX_BYTES, so a longer answer is cut: the beginning of the text is
 * kept, then the source line of the clause the answer rests on and the hint that “全文” shows the
 * whole clause (the bot answers “全文” itself).
 */
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply } from '../../bot/types';

/**
 * Longest text message content WeChat accepts, in UTF-8 bytes: “文本消息内容最长不超过2048个字节”
 * (passive replies and 客服消息 alike). About 680 Chinese characters.
 */
export const WECHAT_TEXT_MAX_BYTES = 2048;

/** Marks where a shortened answer was cut. */
export const CUT_MARK = '……';

/** Between the replies of one turn. */
const REPLY_SEPARATOR = '\n\n';

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * One source line: `——《标题》（文号） 条款`. Same format as the other channels show, so users
 * and 12345 staff see one citation style everywhere.
 */
export function citationLine(citation: Citation): string {
  const docNumber = citation.docNumber ? `（${citation.docNumber}）` : '';
  const path = citation.path ? ` ${citation.path}` : '';
  return `——《${citation.title}》${docNumber}${path}`;
}

function renderReply(reply: Reply): string {
  return [reply.text, ...reply.citations.map(citationLine)].filter((part) => part !== '').join('\n');
}

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

/**
 * The text a user sees for `replies`, at most WECHAT_TEXT_MAX_BYTES long; '' when there is
 * nothing to say (the route then answers `success`).
 */
export function renderReplies(replies: readonly Reply[]): string {
  const full = replies.map(renderReply).filter((text) => text !== '').join(REPLY_SEPARATOR);
  if (byteLength(full) <= WECHAT_TEXT_MAX_BYTES) return full;

  const cited = replies.find((reply) => reply.citations.length > 0);
  const source = cited?.citations[0];
  // A “全文” reply already is the whole clause: pointing to “全文” again would go round in circles.
  const hint = cited && cited.kind !== 'fulltext' ? PHRASES.fullTextHint : null;
  const tail = [source && citationLine(source), hint].filter((line): line is string => Boolean(line)).join('\n');
  const text = replies.map((reply) => reply.text).filter((t) => t !== '').join(REPLY_SEPARATOR);
  const suffix = tail === '' ? '' : `\n${tail}`;
  const budget = WECHAT_TEXT_MAX_BYTES - byteLength(CUT_MARK) - byteLength(suffix);
  if (budget <= 0) return truncateUtf8(full, WECHAT_TEXT_MAX_BYTES);
  const head = truncateUtf8(text, budget);
  return `${head === text ? head : `${head.trimEnd()}${CUT_MARK}`}${suffix}`;
}
