import { describeValue } from '../../adapters/http/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../bot/types';
import { startRealServer, type RealServer } from '../http/realServer';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server?.close();
});

/** The national plan and the reform opinion on 异地就医直接结算 score within 10 % of each other for this question. */
const CLOSE_CALL = '异地就医直接结算怎么推进的';

async function post(path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

async function askOnWeb(text: string): Promise<{ conversationId: string; reply: Reply }> {
  const { body: created } = await post('/web/conversations', {});
  const { body } = await post(`/web/conversations/${created.conversationId}/messages`, { text });
  return { conversationId: created.conversationId, reply: body.replies[0] as Reply };
}

describe('您想问的是: close candidates offered as choices in the web chat', () => {
  it('offers the answered clause and the runner-up, each labelled with a question it answers', async () => {
    const { reply } = await askOnWeb(CLOSE_CALL);
    expect(reply.kind).toBe('answer');
    expect(reply.choices).toHaveLength(2);
    const [answered, other] = reply.choices as [NonNullable<Reply['choices']>[number], NonNullable<Reply['choices']>[number]];
    expect(answered.clauseId).toBe(reply.citations[0]?.clauseId);
    expect(other.clauseId).not.toBe(answered.clauseId);
    for (const choice of [answered, other]) {
      const entry = server.services.kb.entries.find((e) => e.clause.id === choice.clauseId);
      expect(entry?.alternates).toContain(choice.label);
    }
  });

  it('offers no choices when one clause clearly answers best', async () => {
    const { reply } = await askOnWeb('灵活就业人员能参加职工医保吗');
    expect(reply.kind).toBe('answer');
    expect(reply.choices).toBeUndefined();
  });

  it('shows the picked clause and records the pick, with the question, for review', async () => {
    const { conversationId, reply } = await askOnWeb(CLOSE_CALL);
    const other = reply.choices?.[1]?.clauseId as string;
    const { status, body } = await post(`/web/conversations/${conversationId}/choices`, { clauseId: other });
    expect(status).toBe(200);
    const [shown] = body.replies as [Reply];
    expect(shown).toMatchObject({ kind: 'answer', answered: true });
    expect(shown.citations.map((c) => c.clauseId)).toEqual([other]);
    expect(shown.text).toContain(shown.citations[0]?.quote);
    const [pick] = (await server.services.review.recent(1)).suggestions;
    expect(pick).toMatchObject({ question: CLOSE_CALL, clauseId: other, channel: 'web' });
    // The picked clause's answer can be voted on like any other.
    expect((await post('/web/feedback', { conversationId, clauseId: other, useful: true })).status).toBe(204);
  });

  it('records a pick once per clause per conversation', async () => {
    const { conversationId, reply } = await askOnWeb(CLOSE_CALL);
    const first = reply.choices?.[0]?.clauseId as string;
    const before = (await server.services.review.recent(1000)).suggestions.length;
    expect((await post(`/web/conversations/${conversationId}/choices`, { clauseId: first })).status).toBe(200);
    expect((await post(`/web/conversations/${conversationId}/choices`, { clauseId: first })).status).toBe(200);
    expect((await server.services.review.recent(1000)).suggestions.length).toBe(before + 1);
  });

  it('refuses a clause the conversation was not offered', async () => {
    const { conversationId, reply } = await askOnWeb('灵活就业人员能参加职工医保吗');
    const cited = reply.citations[0]?.clauseId as string;
    const { status, body } = await post(`/web/conversations/${conversationId}/choices`, { clauseId: cited });
    expect(status).toBe(409);
    expect(body).toEqual({ error: { code: 'not_offered', message: `这个选项已失效，请重新提问。 / web: clause "${cited}" was not offered as a choice in conversation ${describeValue(conversationId)}` } });
  });

  it('leaves the choices out of the JSON API, whose answer fields are fixed', async () => {
    const { body } = await post('/api/ask', { question: CLOSE_CALL });
    expect(Object.keys(body)).toEqual(['answered', 'text', 'citations', 'followUps']);
  });
});
