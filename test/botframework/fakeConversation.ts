import { PHRASES } from '../../bot/phrases';
import type { Citation, ConversationHandler, ConversationState, Reply, Turn } from '../../bot/types';

/** A clause the fake handler cites, shaped like the real corpus. */
export const FLEXIBLE_CITATION: Citation = {
  docId: 'qh-plan-2022',
  title: '青海省“十四五”全民医疗保障规划',
  docNumber: '青政办〔2022〕1号',
  clauseId: 'qh-plan-2022:3:2',
  path: '三、（二）',
  quote: '灵活就业人员可以参加职工基本医疗保险。',
  region: '青海省',
  kind: 'plan',
  issuer: '青海省人民政府办公厅',
  date: '2021-12-22',
};

export const NATIONAL_CITATION: Citation = {
  docId: 'nhsa-2020',
  title: '关于做好灵活就业人员参加职工医保的通知',
  docNumber: null,
  clauseId: 'nhsa-2020:1',
  path: '第一条',
  quote: '灵活就业人员可自愿参加职工医保。',
  region: '全国',
  kind: 'notice',
  issuer: '国家医疗保障局',
  date: null,
};

/** Message text that makes the fake handler throw, to exercise error handling. */
export const FAILING_TEXT = '触发错误';

const REGIONS = ['青海', '甘肃', '上海', '浙江', '鄂州'];

function reply(kind: Reply['kind'], text: string, citations: Citation[] = [], followUps: string[] = []): Reply {
  return { kind, answered: citations.length > 0, text, citations, followUps };
}

/**
 * A small stand-in for the real conversation handler: greets, remembers the region and the last
 * question, answers questions about 灵活就业 with a citation, and refuses everything else.
 */
export function fakeConversation(): ConversationHandler & { turns: Turn[] } {
  const turns: Turn[] = [];
  return {
    turns,
    respond(turn: Turn, previous: ConversationState | undefined) {
      turns.push(turn);
      const state: ConversationState = { ...(previous ?? { turns: 0 }), turns: (previous?.turns ?? 0) + 1 };
      if (turn.kind === 'welcome') return { reply: reply('smalltalk', PHRASES.welcome), state };
      if (turn.kind === 'unsupported') return { reply: reply('invalid', PHRASES.notText), state };
      const text = turn.text ?? '';
      if (text === FAILING_TEXT) throw new Error('fake conversation: failing on purpose');
      const region = REGIONS.find((r) => text.includes(r));
      if (region) state.region = region;
      const question = text.includes('灵活就业') ? text : region ? state.lastQuestion : undefined;
      if (!question) return { reply: reply('refusal', `${PHRASES.refusal}（第${state.turns}轮，地区：${state.region ?? '未知'}）`), state };
      state.lastQuestion = question;
      const citations = state.region === '青海' ? [FLEXIBLE_CITATION, NATIONAL_CITATION] : [NATIONAL_CITATION];
      return { reply: reply('answer', citations[0]?.quote ?? '', citations, ['那青海呢', '全文']), state };
    },
  };
}
