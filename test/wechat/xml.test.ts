import { describe, expect, it } from 'vitest';
import { cdata, extractEncrypt, MAX_XML_DEPTH, parseMessage, parseXmlFields, renderEncryptedReply, renderTextReply } from '../../adapters/wechat/xml';

const text = (content: string) =>
  `<xml><ToUserName><![CDATA[gh_yibao]]></ToUserName><FromUserName><![CDATA[o-user-1]]></FromUserName>` +
  `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
  `<MsgId>23456789012345678901</MsgId></xml>`;

describe('WeChat XML parsing', () => {
  it('reads a text message with every value kept as a string', () => {
    expect(parseMessage(text('灵活就业人员能参加职工医保吗'))).toMatchObject({
      toUserName: 'gh_yibao',
      fromUserName: 'o-user-1',
      createTime: '1700000000',
      msgType: 'text',
      content: '灵活就业人员能参加职工医保吗',
      msgId: '23456789012345678901',
    });
  });

  it('keeps 007 a string and a 64-bit MsgId exact', () => {
    const message = parseMessage(text('007'));
    expect(message.content).toBe('007');
    expect(message.msgId).toBe('23456789012345678901');
  });

  it('keeps an EventKey of 1e3 as written', () => {
    const event =
      '<xml><ToUserName>gh_yibao</ToUserName><FromUserName>o-user-1</FromUserName><CreateTime>1700000000</CreateTime>' +
      '<MsgType>event</MsgType><Event>CLICK</Event><EventKey>1e3</EventKey></xml>';
    expect(parseMessage(event)).toMatchObject({ event: 'CLICK', eventKey: '1e3' });
  });

  it('accepts an XML declaration before the root', () => {
    expect(parseMessage(`<?xml version="1.0" encoding="UTF-8"?>${text('异地就医怎么备案')}`).content).toBe('异地就医怎么备案');
  });

  it('does not expand entities', () => {
    expect(parseMessage(text('x').replace('<![CDATA[x]]>', '&amp;lt;')).content).toBe('&amp;lt;');
  });

  it('refuses a DOCTYPE, so no entity or DTD is ever expanded', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${text('&xxe;')}`;
    expect(() => parseMessage(xxe)).toThrow('wechat: malformed XML: DOCTYPE is not allowed');
  });

  it('reports malformed XML with its line', () => {
    expect(() => parseXmlFields('<xml><Content>门诊</xml>')).toThrow(
      "wechat: malformed XML at line 1: Expected closing tag 'Content' (opened in line 1, col 6) instead of closing tag 'xml'.",
    );
  });

  it('refuses JSON sent instead of XML', () => {
    expect(() => parseXmlFields('{"Content":"门诊"}')).toThrow("wechat: malformed XML at line 1: char '{' is not expected.");
  });

  it('refuses a root other than <xml>', () => {
    expect(() => parseXmlFields('<msg><Content>门诊</Content></msg>')).toThrow('wechat: malformed XML: root element must be <xml>');
  });

  it('names the missing field of an incomplete message', () => {
    expect(() => parseMessage('<xml><ToUserName>gh_yibao</ToUserName></xml>')).toThrow('wechat: message has no FromUserName');
  });

  it('reads a scan event five levels deep', () => {
    const event =
      '<xml><ToUserName>gh_yibao</ToUserName><FromUserName>o-user-1</FromUserName><CreateTime>1700000000</CreateTime>' +
      '<MsgType>event</MsgType><Event>pic_sysphoto</Event><SendPicsInfo><Count>1</Count><PicList><item>' +
      '<PicMd5Sum>1b5f7c23b5bf75682a53e7b6d163e185</PicMd5Sum></item></PicList></SendPicsInfo></xml>';
    expect(parseMessage(event)).toMatchObject({ msgType: 'event', event: 'pic_sysphoto' });
  });

  it(`reads elements nested ${MAX_XML_DEPTH} levels deep and refuses one level more, or a hundred`, () => {
    const nested = (levels: number) => `<xml>${'<a>'.repeat(levels - 1)}门诊${'</a>'.repeat(levels - 1)}</xml>`;
    expect(parseXmlFields(nested(MAX_XML_DEPTH))).toEqual({});
    for (const levels of [MAX_XML_DEPTH + 1, 102]) {
      expect(() => parseXmlFields(nested(levels))).toThrow(`wechat: malformed XML: elements nested deeper than ${MAX_XML_DEPTH} levels`);
    }
  });
});

describe('the Encrypt value of an encrypted push, found without parsing', () => {
  it('reads it from CDATA', () => {
    expect(extractEncrypt('<xml><ToUserName><![CDATA[gh_yibao]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>')).toBe('abc+/=');
  });

  it('reads it without CDATA and with the whitespace of a pretty-printed body', () => {
    expect(extractEncrypt('<xml>\n  <Encrypt>\n    abc+/=\n  </Encrypt>\n</xml>')).toBe('abc+/=');
  });

  it('skips an <Encrypt> a user typed into the Content of a 兼容模式 push', () => {
    const body = '<xml><Content><![CDATA[请问<Encrypt>伪造</Encrypt>门诊怎么报销]]></Content><!-- <Encrypt>x</Encrypt> --><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>';
    expect(extractEncrypt(body)).toBe('abc+/=');
  });

  it('names the missing field when there is none, or it is empty or unclosed', () => {
    for (const body of ['<xml><ToUserName>gh_yibao</ToUserName></xml>', '<xml><Encrypt></Encrypt></xml>', '<xml><Encrypt>abc', '{"Encrypt":"abc"}']) {
      expect(() => extractEncrypt(body)).toThrow('wechat: message has no Encrypt');
    }
  });
});

describe('WeChat XML rendering', () => {
  it('renders a passive text reply that parses back to the same content', () => {
    const xml = renderTextReply({ toUser: 'o-user-1', fromUser: 'gh_yibao', createTime: 1700000001, content: '可以参加。' });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o-user-1]]></ToUserName><FromUserName><![CDATA[gh_yibao]]></FromUserName>' +
        '<CreateTime>1700000001</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[可以参加。]]></Content></xml>',
    );
  });

  it('splits ]]> inside content across two CDATA sections', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    const xml = renderTextReply({ toUser: 'o', fromUser: 'gh', createTime: 1, content: '见《条例》]]>第三条' });
    expect(parseXmlFields(xml).Content).toBe('见《条例》]]>第三条');
  });

  it('renders the encrypted reply envelope', () => {
    expect(renderEncryptedReply({ encrypt: 'E', signature: 'S', timestamp: '1411525903', nonce: '461056294' })).toBe(
      '<xml><Encrypt><![CDATA[E]]></Encrypt><MsgSignature><![CDATA[S]]></MsgSignature>' +
        '<TimeStamp>1411525903</TimeStamp><Nonce><![CDATA[461056294]]></Nonce></xml>',
    );
  });
});
