import { PHRASES } from './phrases';
import type { Answer } from './types';

/**
 * `answer` as given when the conversation state could not be read (the store is down): the
 * answer itself is unchanged, and its first line says that earlier turns were not taken into
 * account, so "那青海呢" answered on its own is not mistaken for an answer about the last topic.
 */
export function withoutMemory<T extends Answer>(answer: T): T {
  const notes = answer.quote !== undefined ? { notes: [PHRASES.memoryUnavailable, ...(answer.notes ?? [])] } : {};
  return { ...answer, text: `${PHRASES.memoryUnavailable}\n${answer.text}`, ...notes };
}
