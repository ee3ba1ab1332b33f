/**
 * WeChat message → channel-neutral `Turn`.
 *
 * text → message; voice → message with its `Recognition` text (unsupported when there is none);
 * subscribe → welcome; unsubscribe and the events WeChat sends on its own (location reports,
 * menu links, mass-send and template job results) → no turn (nothing to answer); everything else
 * (image, location message, link, video, menu clicks, scans …) → unsupported, which the bot answers
 * by asking the user to type the question.
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

/**
 * Events that need no answer: the user left, or WeChat reports something by itself (a location
 * the account asked to receive, a menu link opened, a mass or template message delivered).
 */
export const SILENT_EVENTS: ReadonlySet<string> = new Set([
  'unsubscribe', 'LOCATION', 'VIEW', 'MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH',
]);

/** The turn for `message`, or null when the push needs no answer (see SILENT_EVENTS). */
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
      if (message.event && SILENT_EVENTS.has(message.event)) return null;
      return { ...base, kind: 'unsupported' };
    default:
      return { ...base, kind: 'unsupported' };
  }
}
