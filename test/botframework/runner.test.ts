import { ActivityTypes, MemoryStorage, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Turn } from '../../bot/types';
import { createBotApp } from '../../adapters/botframework/app';
import type { TurnErrorEvent } from '../../adapters/botframework/errors';
import { createConversationRunner, InProcessAdapter } from '../../adapters/botframework/runner';
import { FAILING_TEXT, FLEXIBLE_CITATION, NATIONAL_CITATION, fakeConversation } from './fakeConversation';

function setup() {
  const conversation = fakeConversation();
  const storage = new MemoryStorage();
  const app = createBotApp({ conversation, storage });
  const logged: TurnErrorEvent[] = [];
  const run = createConversationRunner({ app, logger: { error: (e) => logged.push(e) } });
  return { conversation, storage, run, logged };
}

function message(conversationId: string, text: string, extra: Partial<Turn> = {}): Turn {
  return { channel: 'wechat', conversationId, userId: conversationId, kind: 'message', text, ...extra };
}

describe('conversation runner', () => {
  it('greets a user who subscribes', async () => {
    const { run } = setup();
    const replies = await run({ channel: 'wechat', conversationId: 'o-1', userId: 'o-1', kind: 'welcome' });
    expect(replies).toEqual([{ kind: 'smalltalk', answered: false, text: PHRASES.welcome, citations: [], followUps: [] }]);
  });

  it('returns the Reply object with its citations and follow-ups', async () => {
    const { run } = setup();
    const [reply] = await run(message('o-2', '灵活就业人员能参加职工医保吗'));
    expect(reply?.kind).toBe('answer');
    expect(reply?.citations).toEqual([NATIONAL_CITATION]);
    expect(reply?.followUps).toEqual(['那青海呢', '全文']);
  });

  it('remembers the question when the user follows up with 那青海呢', async () => {
    const { run } = setup();
    await run(message('o-3', '灵活就业人员能参加职工医保吗'));
    const [reply] = await run(message('o-3', '那青海呢'));
    expect(reply?.citations[0]).toEqual(FLEXIBLE_CITATION);
  });

  it('keeps conversations apart', async () => {
    const { run } = setup();
    await run(message('o-4', '灵活就业人员能参加职工医保吗'));
    const [reply] = await run(message('o-5', '那青海呢'));
    expect(reply?.kind).toBe('refusal');
  });

  it('hands the adapter’s Turn to the conversation handler unchanged', async () => {
    const { run, conversation } = setup();
    const turn = message('o-6', '  ', { channel: 'web', messageId: 'm-42' });
    await run(turn);
    expect(conversation.turns).toEqual([turn]);
  });

  it('answers an image with the not-text phrase', async () => {
    const { run } = setup();
    const [reply] = await run({ channel: 'wechat', conversationId: 'o-7', userId: 'o-7', kind: 'unsupported' });
    expect(reply?.text).toBe(PHRASES.notText);
  });

  it('runs a burst of messages in one conversation one after another, without an eTag conflict', async () => {
    const { run, logged } = setup();
    const burst = ['甘肃', '上海', '浙江', '鄂州', '青海'].map((region) => run(message('o-8', `${region}天气怎么样`)));
    const replies = (await Promise.all(burst)).flat();
    expect(logged).toEqual([]);
    expect(replies.map((r) => r.text)).toEqual(
      ['甘肃', '上海', '浙江', '鄂州', '青海'].map((region, i) => `${PHRASES.refusal}（第${i + 1}轮，地区：${region}）`),
    );
  });

  it('answers with the error phrase and logs the failure without the message text', async () => {
    const { run, logged } = setup();
    const replies = await run(message('o-9', FAILING_TEXT));
    expect(replies).toEqual([{ kind: 'refusal', answered: false, text: PHRASES.error, citations: [], followUps: [] }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      module: 'adapters/botframework/runner',
      channel: 'wechat',
      kind: 'message',
      textChars: FAILING_TEXT.length,
      error: 'Error: fake conversation: failing on purpose',
    });
    expect(JSON.stringify(logged)).not.toContain(FAILING_TEXT);
    expect(JSON.stringify(logged)).not.toContain('o-9');
  });

  it('keeps serving a conversation after a failed turn', async () => {
    const { run } = setup();
    await run(message('o-10', FAILING_TEXT));
    const [reply] = await run(message('o-10', '灵活就业人员能参加职工医保吗'));
    expect(reply?.kind).toBe('answer');
  });
});

describe('in-process adapter', () => {
  it('keeps message activities and drops typing and trace', async () => {
    const adapter = new InProcessAdapter();
    const sent = await adapter.process(
      { type: ActivityTypes.Message, text: 'hi', channelId: 'web', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: 'c' }, from: { id: 'u', name: 'u' }, recipient: { id: 'b', name: 'b' } },
      () => undefined,
      async (context: TurnContext) => {
        await context.sendActivity({ type: ActivityTypes.Typing });
        await context.sendActivity({ type: ActivityTypes.Trace, name: 'debug' });
        await context.sendActivity('您好');
      },
    );
    expect(sent.map((a) => [a.type, a.text])).toEqual([[ActivityTypes.Message, '您好']]);
  });

  it('refuses to update activities, naming the module', async () => {
    await expect(new InProcessAdapter().updateActivity()).rejects.toThrow(
      'adapters/botframework/runner: updateActivity is not supported (replies are returned, not sent)',
    );
  });
});
