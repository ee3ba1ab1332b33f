import { describe, expect, it } from 'vitest';
import { messageKey, toTurn } from '../../adapters/wechat/turn';
import { toMessage, type WeChatMessage } from '../../adapters/wechat/xml';

function message(fields: Record<string, string>): WeChatMessage {
  return toMessage({ ToUserName: 'gh_yibao', FromUserName: 'o-user-1', CreateTime: '1700000000', ...fields });
}

const base = { channel: 'wechat', conversationId: 'o-user-1', userId: 'o-user-1' };

describe('WeChat message to Turn', () => {
  it('turns a text message into a message turn with its MsgId', () => {
    expect(toTurn(message({ MsgType: 'text', Content: '门诊费用能报销吗', MsgId: '101' }), 'mp')).toEqual({
      ...base,
      kind: 'message',
      text: '门诊费用能报销吗',
      messageId: '101',
    });
  });

  it('reads a voice message through its Recognition text', () => {
    const voice = message({ MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: '异地就医怎么备案', MsgId: '102' });
    expect(toTurn(voice, 'mp')).toEqual({ ...base, kind: 'message', text: '异地就医怎么备案', messageId: '102' });
  });

  it('treats a voice message without Recognition as unsupported', () => {
    expect(toTurn(message({ MsgType: 'voice', MediaId: 'm1', Format: 'amr', MsgId: '103' }), 'mp')).toEqual({
      ...base,
      kind: 'unsupported',
      messageId: '103',
    });
    expect(toTurn(message({ MsgType: 'voice', Recognition: '  ', MsgId: '104' }), 'mp')?.kind).toBe('unsupported');
  });

  it('welcomes a user who subscribes', () => {
    expect(toTurn(message({ MsgType: 'event', Event: 'subscribe' }), 'mp')).toEqual({ ...base, kind: 'welcome', messageId: undefined });
  });

  it('gives no turn for unsubscribe', () => {
    expect(toTurn(message({ MsgType: 'event', Event: 'unsubscribe' }), 'mp')).toBeNull();
  });

  it('stays silent on events WeChat sends by itself: location reports, menu links, job results', () => {
    for (const event of ['LOCATION', 'VIEW', 'MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH']) {
      expect(toTurn(message({ MsgType: 'event', Event: event }), 'mp')).toBeNull();
    }
  });

  it('treats images, locations, links, videos and other events as unsupported', () => {
    const pushes: Array<Record<string, string>> = [
      { MsgType: 'image', PicUrl: 'http://example.com/a.jpg', MediaId: 'm', MsgId: '1' },
      { MsgType: 'location', Location_X: '36.6', Location_Y: '101.7', Scale: '15', Label: '西宁', MsgId: '2' },
      { MsgType: 'link', Title: '医保', Description: 'd', Url: 'http://example.com', MsgId: '3' },
      { MsgType: 'video', MediaId: 'm', ThumbMediaId: 't', MsgId: '4' },
      { MsgType: 'event', Event: 'CLICK', EventKey: 'menu_1' },
    ];
    for (const fields of pushes) {
      expect(toTurn(message(fields), 'mp')?.kind).toBe('unsupported');
    }
  });

  it('names the channel wecom for a WeCom app', () => {
    expect(toTurn(message({ MsgType: 'text', Content: '你好', MsgId: '1' }), 'wecom')?.channel).toBe('wecom');
  });

  it('keys retries by MsgId, and events by FromUserName and CreateTime', () => {
    expect(messageKey(message({ MsgType: 'text', Content: '你好', MsgId: '6054768590064713728' }))).toBe('6054768590064713728');
    expect(messageKey(message({ MsgType: 'event', Event: 'subscribe' }))).toBe('o-user-1:1700000000');
  });
});
