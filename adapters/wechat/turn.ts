/**
 * WeChat message → channel-neutral `Turn`.
 *
 * text → message; voice → message with its `Recognition` text (unsupported when there is none);
 * subscribe → welcome; unsubscribe → no turn (nothing to answer); everything else (image,
 * location, link, video, menu and scan events …) → unsupported, which the bot answers by asking
 * the user to type the question.
 */
import type { Turn } from '../../bot/types';
import type { WeChatMessage } from './xml';

/** Channel names as the bot sees them. */
export const CHANNEL = { mp: 'wechat', wecom: 'wecom' } as const;
export type WeChatMode = keyof typeof CHANNEL;

/** The key that identifies a push and its retries: MsgId, or FromUserName + CreateTime for events. */
export function messageKey(message: WeChatMessage): string {
  return message.msgId ?? `${message.fromUserName}:${message.createTime}`;
}

/** The turn for `message`, or null when the push needs no answer (unsubscribe). */
export function toTurn(message: WeChatMessage, mode: WeChatMode): Turn | null {
  const base = {
    channel: CHANNEL[mode],
    conversationId: message.fromUserName,
    userId: message.fromUserName,
    messageId: message.msgId,
  };
  switch (message.msgType) {
    case 'text':
      return { ...base, kind: 'message', text: message.content ?? '' };
    case 'voice': {
      const text = message.recognition?.trim();
      return text ? { ...base, kind: 'message', text } : { ...base, kind: 'unsupported' };
    }
    case 'event':
      if (message.event === 'subscribe') return { ...base, kind: 'welcome' };
      if (message.event === 'unsubscribe') return null;
      return { ...base, kind: 'unsupported' };
    default:
      return { ...base, kind: 'unsupported' };
  }
}
