/**
 * WeChat / WeCom message XML: parse what the platform pushes, render passive replies.
 *
 * Parsing is XXE-safe: a DOCTYPE is refused outright (the platform never sends one), entity
 * processing is off, and every value stays a string (`parseTagValue: false`), so a message `007`
 * is not turned into the number 7 and a 64-bit MsgId keeps its digits. Elements nest at most
 * MAX_XML_DEPTH levels.
 *
 * An encrypted push is not parsed at all before its signature is checked: `extractEncrypt` finds
 * the `<Encrypt>` value with a linear scan, and only the decrypted (signed) message is parsed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EncryptedMessage } from './crypto';
import { WeChatXmlError } from './errors';

/** A pushed message or event. Fields the platform did not send are undefined. */
export interface WeChatMessage {
  /** The account (gh_ id) or CorpID the message was sent to. */
  toUserName: string;
  /** The sender's openid (公众号) or userid (企业微信). */
  fromUserName: string;
  /** Seconds since the epoch, as sent. */
  createTime: string;
  /** `text`, `voice`, `image`, `video`, `shortvideo`, `location`, `link`, `event` … */
  msgType: string;
  msgId?: string;
  content?: string;
  /** Speech-to-text of a voice message; often missing or empty. */
  recognition?: string;
  /** For `event`: `subscribe`, `unsubscribe`, `CLICK`, `SCAN` … */
  event?: string;
  eventKey?: string;
  /** Every top-level text field as sent, for anything not mapped above. */
  fields: Readonly<Record<string, string>>;
}

/**
 * Deepest element nesting accepted. WeChat's deepest push (扫码/发图 events: `xml` ›
 * `SendPicsInfo` › `PicList` › `item` › `PicMd5Sum`) has five levels; anything far deeper is not
 * from the platform.
 */
export const MAX_XML_DEPTH = 16;

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  // fast-xml-parser lets elements nest one level more than `maxNestedTags`.
  maxNestedTags: MAX_XML_DEPTH - 1,
});

/** What fast-xml-parser throws when `maxNestedTags` is exceeded. */
const TOO_DEEP = 'Maximum nested tags exceeded';

function parseDocument(body: string): Record<string, unknown> {
  try {
    return parser.parse(body) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WeChatXmlError(reason === TOO_DEEP ? `malformed XML: elements nested deeper than ${MAX_XML_DEPTH} levels` : `malformed XML: ${reason}`);
  }
}

const DOCTYPE = /<!DOCTYPE/i;
const ROOT = 'xml';

/** Parses `<xml>…</xml>` into its top-level text fields (nested elements are skipped). */
export function parseXmlFields(body: string): Record<string, string> {
  if (DOCTYPE.test(body)) throw new WeChatXmlError('malformed XML: DOCTYPE is not allowed');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new WeChatXmlError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const root: unknown = parseDocument(body)[ROOT];
  if (root === '') return {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new WeChatXmlError(`malformed XML: root element must be <${ROOT}>`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

function required(fields: Record<string, string>, name: string): string {
  const value = fields[name];
  if (value === undefined || value === '') throw new WeChatXmlError(`message has no ${name}`);
  return value;
}

/** Parses a plaintext message push. */
export function parseMessage(body: string): WeChatMessage {
  return toMessage(parseXmlFields(body));
}

/** Maps already-parsed fields to a message; throws when a common field is missing. */
export function toMessage(fields: Record<string, string>): WeChatMessage {
  return {
    toUserName: required(fields, 'ToUserName'),
    fromUserName: required(fields, 'FromUserName'),
    createTime: required(fields, 'CreateTime'),
    msgType: required(fields, 'MsgType'),
    msgId: fields.MsgId,
    content: fields.Content,
    recognition: fields.Recognition,
    event: fields.Event,
    eventKey: fields.EventKey,
    fields,
  };
}

const ENCRYPT_OPEN = '<Encrypt>';
const ENCRYPT_CLOSE = '</Encrypt>';
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';

/** `value` without one CDATA wrapper, trimmed as the parser trims values. */
function unwrapCdata(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith(CDATA_OPEN) && trimmed.endsWith(CDATA_CLOSE) ? trimmed.slice(CDATA_OPEN.length, -CDATA_CLOSE.length).trim() : trimmed;
}

/**
 * The `<Encrypt>` value of an encrypted push, found without parsing the XML: one pass that skips
 * CDATA sections and comments (so an `<Encrypt>` a user typed into a 兼容模式 Content is not
 * taken), O(body length). The value is only trusted once `msg_signature` has been checked over it.
 */
export function extractEncrypt(body: string): string {
  let at = 0;
  for (;;) {
    const tag = body.indexOf('<', at);
    if (tag < 0) break;
    if (body.startsWith(CDATA_OPEN, tag) || body.startsWith(COMMENT_OPEN, tag)) {
      const close = body.startsWith(CDATA_OPEN, tag) ? CDATA_CLOSE : COMMENT_CLOSE;
      const end = body.indexOf(close, tag);
      if (end < 0) break;
      at = end + close.length;
    } else if (body.startsWith(ENCRYPT_OPEN, tag)) {
      const start = tag + ENCRYPT_OPEN.length;
      const end = body.indexOf(ENCRYPT_CLOSE, start);
      if (end < 0) break;
      const value = unwrapCdata(body.slice(start, end));
      if (value === '') break;
      return value;
    } else {
      at = tag + 1;
    }
  }
  throw new WeChatXmlError('message has no Encrypt');
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export interface TextReply {
  /** The user (openid / userid) the reply goes to. */
  toUser: string;
  /** The account (gh_ id / CorpID) replying. */
  fromUser: string;
  /** Seconds since the epoch. */
  createTime: number;
  content: string;
}

/** Passive text reply. */
export function renderTextReply({ toUser, fromUser, createTime, content }: TextReply): string {
  return (
    `<xml><ToUserName>${cdata(toUser)}</ToUserName><FromUserName>${cdata(fromUser)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`
  );
}

/** Encrypted passive reply envelope. */
export function renderEncryptedReply({ encrypt, signature, timestamp, nonce }: EncryptedMessage): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
