import { redact } from '../bot/redact';
import type { ConversationHandler } from '../bot/types';
import type { ReviewStore } from '../state/reviewStore';

const MODULE = 'review/recorder';

/**
 * The conversation logic, recording every question it declines (masked, with the refusal
 * reason, the region the turn was about and the channel) in the review store, on every channel.
 * Recording never holds up or fails the reply: a store error is reported through `onError`,
 * without the question.
 */
export function recordingDeclines(
  handler: ConversationHandler,
  store: ReviewStore,
  onError: (message: string) => void = (message) => console.error(message),
  now: () => number = Date.now,
): ConversationHandler {
  return {
    respond(turn, stored) {
      const result = handler.respond(turn, stored);
      const { reply, state } = result;
      if (reply.kind === 'refusal' && reply.reason && turn.text) {
        const record = { question: redact(turn.text.trim()), reason: reply.reason, region: state.region ?? null, channel: turn.channel, at: now() };
        store.recordDeclined(record).catch((error: unknown) => {
          onError(`${MODULE}: recording a declined question (${reply.reason}, ${turn.channel}) failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      return result;
    },
  };
}
