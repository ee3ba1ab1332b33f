import type { DeclineReason } from './answerability';
import type { ConversationHandler, ReplyKind } from './types';

/**
 * What every turn's reply was, for metrics and logs: the channel, the outcome, the decline reason
 * and how long the conversation logic took. Never the text.
 */
export type AnswerOutcome = 'answered' | 'declined' | 'smalltalk' | 'clarify' | 'fulltext' | 'invalid' | 'error';

export interface AnswerEvent {
  channel: string;
  outcome: AnswerOutcome;
  /** The decline reason (answerability.ts) of a declined answer, `none` otherwise. */
  reason: DeclineReason | 'none';
  seconds: number;
}

export type AnswerListener = (event: AnswerEvent) => void;

const OUTCOMES: Record<ReplyKind, AnswerOutcome> = {
  answer: 'answered',
  refusal: 'declined',
  smalltalk: 'smalltalk',
  clarify: 'clarify',
  fulltext: 'fulltext',
  invalid: 'invalid',
};

const MS_PER_SECOND = 1000;

/** `handler`, telling `listener` about every reply (and every turn that threw) as it happens. */
export function observeConversation(
  handler: ConversationHandler,
  listener: AnswerListener,
  now: () => number = () => performance.now(),
): ConversationHandler {
  return {
    respond(turn, state) {
      const started = now();
      const seconds = () => (now() - started) / MS_PER_SECOND;
      try {
        const result = handler.respond(turn, state);
        const { kind, reason } = result.reply;
        listener({ channel: turn.channel, outcome: OUTCOMES[kind], reason: reason ?? 'none', seconds: seconds() });
        return result;
      } catch (error) {
        listener({ channel: turn.channel, outcome: 'error', reason: 'none', seconds: seconds() });
        throw error;
      }
    },
  };
}
