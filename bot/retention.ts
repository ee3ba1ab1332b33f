/**
 * How long the bot remembers a conversation, and what it remembers.
 *
 * Kept between turns (`ConversationState`): the region, scheme and population group the user
 * named, the last answered question without its personal numbers (bot/redact.ts; at most
 * `MAX_REMEMBERED_QUESTION_CHARS`, so that "那青海呢" can reuse its topic), its topic, the clause
 * it rested on (for "全文") and a turn count. Nothing else of what the user wrote.
 *
 * The state expires after a silence of `CONVERSATION_TTL_HOURS` (default a day, at most a week):
 * a follow-up leans on a question asked minutes ago, not on one from last month.
 */
export const DEFAULT_CONVERSATION_TTL_HOURS = 24;
export const MAX_CONVERSATION_TTL_HOURS = 7 * 24;

export const MS_PER_HOUR = 60 * 60 * 1000;
export const DEFAULT_CONVERSATION_TTL_MS = DEFAULT_CONVERSATION_TTL_HOURS * MS_PER_HOUR;
export const MAX_CONVERSATION_TTL_MS = MAX_CONVERSATION_TTL_HOURS * MS_PER_HOUR;
