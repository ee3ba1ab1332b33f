/**
 * WeChat / WeCom message XML: parse what the platform pushes, render passive replies.
 *
 * Parsing is XXE-safe: a DOCTYPE is refused outright (the platform never sends one), entity
 * processing is off, and every value stays a string (`parseTagValue: false`), so a message `007`
 * is not turned into the number 7 and a 64-bit MsgId keeps its digits.
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

/** The body of a safe-mode (or WeCom) push: the encrypted message and its addressee. */
export interface EncryptedEnvelope {
  toUserName?: string;
  encrypt: string;
}

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
});

const DOCTYPE = /<!DOCTYPE/i;
const ROOT = 'xml';

/** Parses `<xml>…</xml>` into its top-level text fields (nested elements are skipped). */
export function parseXmlFields(body: string): Record<string, string> {
  if (DOCTYPE.test(body)) throw new WeChatXmlError('malformed XML: DOCTYPE is not allowed');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new WeChatXmlError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const root: unknown = (parser.parse(body) as Record<string, unknown>)[ROOT];
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

/** Parses the body of an encrypted push. */
export function parseEnvelope(body: string): EncryptedEnvelope {
  const fields = parseXmlFields(body);
  return { toUserName: fields.ToUserName, encrypt: required(fields, 'Encrypt') };
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
