import { createHash } from 'node:crypto';

/** Hex characters of the hash kept: enough that two conversations never share a voter. */
const VOTER_HEX_CHARS = 32;

/**
 * The one-way stand-in for a conversation in the review store: enough to allow one vote per
 * clause per conversation, nothing that leads back to the conversation (or a WeChat openid).
 */
export function voterOf(channel: string, conversationId: string): string {
  return createHash('sha256').update(`${channel}\n${conversationId}`).digest('hex').slice(0, VOTER_HEX_CHARS);
}
