import type { DeclineReason } from './answerability';

/**
 * The contract between the answer engine and everything that shows its answers.
 * Field names of `Answer` and `Citation` are public: other tools read them.
 */

/** One cited clause. `quote` is the clause's verbatim text. */
export interface Citation {
  docId: string;
  title: string;
  docNumber: string | null;
  clauseId: string;
  /** Human clause path, e.g. `三、（四）` or `第二十三条第二款`. */
  path: string;
  /** The path as a reader says it, knowing the clause's siblings (`三、（四）` for `三、（四）第1段` alone), knowledge/pathLabel.ts. */
  label?: string;
  quote: string;
  /** Region as in the manifest (`全国`, `甘肃省` …). */
  region: string;
  /** Document kind (`plan`, `law`, …). */
  kind: string;
  /** Issuing body (`国务院办公厅`), for the full citation a hotline operator reads out. */
  issuer: string;
  /** ISO date of issue (or amendment), null when unknown. */
  date: string | null;
}

/** What the engine says about one question. `citations[0]` is the clause the answer rests on. */
export interface Answer {
  answered: boolean;
  text: string;
  citations: Citation[];
  followUps: string[];
  /** Why the bot declined (answerability.ts); absent when it answered. */
  reason?: DeclineReason;
  /**
   * "您想问的是": present when the two best candidates score close together (choices.ts): both
   * clauses, the answered one first, for the user to say which one was meant. The web chat shows them.
   */
  choices?: Choice[];
  /**
   * The parts `text` is made of, typed, so that no renderer re-parses the text. Present on an
   * answer that quotes a clause; `text` is `notes`, `quote`, `source`, `caveat` and the related line.
   */
  /** Lines before the quote (a region note such as 已收录的甘肃文件没有直接回答…). */
  notes?: string[];
  /** "您问的是": the alternate question of the answering clause the user's question matched. */
  understoodAs?: string;
  /** The quoted sentences, verbatim (with …… where shortened). */
  quote?: string;
  /** The source line after the quote: `——《标题》（文号）条款`. */
  source?: string;
  /** The short note after the source line (规划目标 / 新闻报道 caveat). */
  caveat?: string;
  /** Clauses cited besides the one the answer rests on (the `相关条款：` line of `text`). */
  related?: Citation[];
  /** On a decline: questions the knowledge base can answer that come closest to the user's. */
  suggestions?: string[];
}

/** One "您想问的是" option: a clause and what the option says (one of its alternate questions, or its source). */
export interface Choice {
  clauseId: string;
  label: string;
}

/** The three core topics the bot knows, plus everything else. */
export type Topic = 'enrolment' | 'cross_province' | 'outpatient' | 'other';

/** Insurance schemes a user may be on. */
export type InsuranceType = 'employee' | 'resident';

/** What the bot remembers about a conversation between turns. Plain JSON (it is stored). */
export interface ConversationState {
  /** Region code the user named (`甘肃`, `青海`, `鄂州`, `上海`, `浙江`, `national`). */
  region?: string;
  insuranceType?: InsuranceType;
  /** A population group the user named (`灵活就业人员`, `退休人员` …). */
  group?: string;
  /** The last substantive question, so that "那青海呢" can reuse its topic. */
  lastQuestion?: string;
  lastTopic?: Topic;
  /** Clause the last answer rested on, for "全文" (show the whole clause). */
  lastClauseId?: string;
  turns: number;
}

/** One incoming turn, whatever channel it came from. Adapters build it from their wire format. */
export interface Turn {
  /** Channel name: `botframework`, `wechat`, `wecom`, `web`, `api`, `cli`. */
  channel: string;
  /** Stable per conversation (WeChat: the openid; Bot Framework: conversation.id). */
  conversationId: string;
  userId: string;
  /**
   * `message`: the user typed (or said) `text`.
   * `welcome`: the user joined / subscribed.
   * `unsupported`: an image, location, sticker … the bot cannot read.
   */
  kind: 'message' | 'welcome' | 'unsupported';
  text?: string;
  /** Channel message id, when the channel has one (used for de-duplication). */
  messageId?: string;
}

/** What kind of reply the bot gives. */
export type ReplyKind = 'answer' | 'refusal' | 'smalltalk' | 'clarify' | 'fulltext' | 'invalid';

/** One reply, rendered by each adapter into its wire format. */
export interface Reply extends Answer {
  kind: ReplyKind;
}

/**
 * Runs one turn through the conversation app and returns its replies. Implemented in
 * `adapters/botframework/` (the teams-ai Application); WeChat and web adapters receive it injected,
 * so they never import botbuilder themselves.
 */
export type ConversationRunner = (turn: Turn) => Promise<Reply[]>;

/**
 * The conversation logic, free of any channel: one turn and the stored state in, one reply and
 * the new state out. Implemented in `bot/conversation.ts`.
 */
export interface ConversationHandler {
  respond(turn: Turn, state: ConversationState | undefined): { reply: Reply; state: ConversationState };
}
