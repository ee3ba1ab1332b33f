import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { observeConversation, type AnswerEvent } from '../../bot/observe';
import type { ConversationHandler, Turn } from '../../bot/types';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');
const message = (text: string, channel = 'wechat'): Turn => ({ channel, conversationId: 'o-1', userId: 'o-1', kind: 'message', text });

let conversation: ConversationHandler;
beforeAll(async () => {
  ({ conversation } = await loadServices(parseConfig({ CORPUS_DIR, LOG_LEVEL: 'silent' })));
});

/** The conversation, observed, on a clock that moves 25 ms per reading. */
function observed(handler: ConversationHandler = conversation) {
  const events: AnswerEvent[] = [];
  let clock = 0;
  const wrapped = observeConversation(handler, (e) => events.push(e), () => (clock += 25));
  return { wrapped, events };
}

describe('observing the conversation', () => {
  it('tells of an answer: channel, outcome, no reason, and the time it took', () => {
    const { wrapped, events } = observed();
    const { reply } = wrapped.respond(message('灵活就业人员能参加职工医保吗'), undefined);
    expect(reply.answered).toBe(true);
    expect(events).toEqual([{ channel: 'wechat', outcome: 'answered', reason: 'none', seconds: 0.025 }]);
  });

  it('tells of a decline with the reason the reply carries', () => {
    const { wrapped, events } = observed();
    const { reply } = wrapped.respond(message('明天兰州会下雨吗', 'web'), undefined);
    expect(events).toEqual([{ channel: 'web', outcome: 'declined', reason: reply.reason, seconds: 0.025 }]);
    expect(reply.reason).toBe('out_of_domain');
  });

  it('tells of greetings and invalid input by their kind', () => {
    const { wrapped, events } = observed();
    wrapped.respond(message('你好'), undefined);
    wrapped.respond(message('   '), undefined);
    expect(events.map((e) => e.outcome)).toEqual(['smalltalk', 'invalid']);
  });

  it('tells of a turn that threw as an error, and lets the error through', () => {
    const broken: ConversationHandler = {
      respond() {
        throw new Error('bot/engine: index not loaded');
      },
    };
    const { wrapped, events } = observed(broken);
    expect(() => wrapped.respond(message('异地就医怎么备案'), undefined)).toThrow('bot/engine: index not loaded');
    expect(events).toEqual([{ channel: 'wechat', outcome: 'error', reason: 'none', seconds: 0.025 }]);
  });
});
