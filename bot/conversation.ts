import type { Retriever } from '../knowledge/knowledgeBase';
import { localRegionNames } from '../knowledge/catalog';
import { clauseLeaves } from '../knowledge/references';
import { TOPIC_FOUND_REASONS } from './answerability';
import { citationLine, toCitation } from './citation';
import type { AnswerEngine } from './engine';
import { checkQuestion, DEFAULT_MAX_QUESTION_CHARS } from './input';
import { PHRASES } from './phrases';
import { withoutPersonalNumbers } from './redact';
import { smalltalk } from './smalltalk';
import type { ConversationHandler, ConversationState, Reply, ReplyKind, Turn } from './types';

/** Longest remembered question chain for follow-ups (characters). */
export const MAX_REMEMBERED_QUESTION_CHARS = 120;

/** Messages that ask to see the whole clause of the last answer. */
const FULL_TEXT = /^(全文|查看全文|完整条款|看全文|原文|全部)[。.!！]?$/;

function plain(kind: ReplyKind, text: string, followUps: string[] = []): Reply {
  return { kind, answered: false, text, citations: [], followUps };
}

export interface ConversationOptions {
  engine: AnswerEngine;
  kb: Retriever;
  maxQuestionChars?: number;
}

/**
 * The remembered question after this turn: a pure ellipsis ("甘肃呢") keeps the old one. It is
 * stored, so `question` comes without personal numbers (bot/retention.ts says what is kept).
 */
function rememberQuestion(previous: string | undefined, question: string, followsUp: boolean, ownConcepts: number): string {
  if (!followsUp || !previous) return question;
  if (ownConcepts === 0) return previous;
  return `${previous} ${question}`.slice(-MAX_REMEMBERED_QUESTION_CHARS);
}

export function createConversation({ engine, kb, maxQuestionChars = DEFAULT_MAX_QUESTION_CHARS }: ConversationOptions): ConversationHandler {
  const fullText = (state: ConversationState): Reply => {
    const view = state.lastClauseId ? kb.clause(state.lastClauseId) : null;
    if (!view) return plain('fulltext', PHRASES.noClauseYet);
    // An article of several paragraphs has no text of its own: its paragraphs are its full text.
    const leaves = clauseLeaves(view.clause, kb.documentClauses(view.doc.id) ?? []);
    const citation = toCitation(view.clause, view.doc);
    const quote = leaves.map((c) => c.text.trim()).join('\n');
    const source = citationLine(citation);
    return { kind: 'fulltext', answered: true, text: `${quote}\n${source}`, citations: leaves.map((c) => toCitation(c, view.doc, kb)), followUps: [], notes: [], quote, source, related: [] };
  };

  return {
    respond(turn: Turn, stored: ConversationState | undefined) {
      const state: ConversationState = { ...(stored ?? {}), turns: (stored?.turns ?? 0) + 1 };
      if (turn.kind === 'welcome') return { reply: plain('smalltalk', PHRASES.welcome), state };
      if (turn.kind === 'unsupported') return { reply: plain('invalid', PHRASES.notText), state };

      const checked = checkQuestion(turn.text, maxQuestionChars);
      if (!checked.ok) return { reply: plain('invalid', checked.message), state };
      const talk = smalltalk(checked.text, localRegionNames(kb.catalog));
      if (talk) return { reply: plain('smalltalk', talk), state };
      if (FULL_TEXT.test(checked.text)) return { reply: fullText(state), state };

      // Personal numbers (身份证号, 手机号 …) answer nothing: neither the engine nor the memory sees them.
      const question = withoutPersonalNumbers(checked.text);
      const result = engine.answer(question, stored);
      const { turn: tq } = result;
      const next: ConversationState = {
        ...state,
        ...(tq.region ? { region: tq.region } : {}),
        ...(tq.group ? { group: tq.group } : {}),
        ...(tq.insuranceType ? { insuranceType: tq.insuranceType } : {}),
      };
      // A question is remembered for follow-ups when it was answered, or declined only because no
      // clause about its topic states what it asked (鄂州个人账户每月进多少 → 退休了呢).
      if (result.answer.answered || (result.reason && TOPIC_FOUND_REASONS.has(result.reason))) {
        const own = tq.query.concepts.filter((c) => !c.context).length;
        next.lastQuestion = rememberQuestion(stored?.lastQuestion, question, tq.followsUp, own);
        next.lastTopic = (tq.query.topic as ConversationState['lastTopic']) ?? next.lastTopic;
      }
      if (result.answer.answered) next.lastClauseId = result.clauseId ?? undefined;
      const reply: Reply = { kind: result.answer.answered ? 'answer' : 'refusal', ...result.answer };
      return { reply, state: next };
    },
  };
}
