import { ActivityTypes, MemoryStorage, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { createBotApp } from '../../adapters/botframework/app';
import { fakeConversation } from './fakeConversation';

function testAdapter() {
  const conversation = fakeConversation();
  const app = createBotApp({ conversation, storage: new MemoryStorage() });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  return { adapter, conversation };
}

describe('the Bot Framework application', () => {
  it('refuses to start without storage, since teams-ai would silently forget every turn', () => {
    expect(() => createBotApp({ conversation: fakeConversation(), storage: undefined as unknown as Storage })).toThrow(
      'adapters/botframework/app: storage is required (teams-ai keeps no state without it)',
    );
  });

  it('greets once when several users join together', async () => {
    const { adapter, conversation } = testAdapter();
    await adapter
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'bot' }, { id: 'user-a' }, { id: 'user-b' }] } as Partial<Activity>)
      .assertReply(PHRASES.welcome)
      .assertNoReply('one welcome only', 50)
      .startTest();
    expect(conversation.turns.map((t) => t.userId)).toEqual(['user-a']);
  });

  it('stays silent when a member leaves', async () => {
    const { adapter, conversation } = testAdapter();
    await adapter
      .send({ type: ActivityTypes.ConversationUpdate, membersRemoved: [{ id: 'user-a' }] } as Partial<Activity>)
      .assertNoReply('nothing to say', 50)
      .startTest();
    expect(conversation.turns).toEqual([]);
  });

  it('sends no typing indicator before the answer', async () => {
    const { adapter } = testAdapter();
    await adapter
      .send('灵活就业人员能参加职工医保吗')
      .assertReply((activity) => expect(activity.type).toBe(ActivityTypes.Message))
      .assertNoReply('no typing afterwards', 50)
      .startTest();
  });

  it('gives the conversation handler a botframework Turn built from the activity', async () => {
    const { adapter, conversation } = testAdapter();
    await adapter.send('那青海呢').startTest();
    expect(conversation.turns[0]).toMatchObject({ channel: 'botframework', kind: 'message', text: '那青海呢', userId: 'user1' });
    expect(conversation.turns[0]?.messageId).toEqual(expect.any(String));
  });
});
