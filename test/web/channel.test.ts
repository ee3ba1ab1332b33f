import { describeValue } from '../../adapters/http/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { redact } from '../../bot/redact';
import type { Reply, Turn } from '../../bot/types';
import { WEB_BODY_LIMIT_BYTES } from '../../adapters/web/channel';
import { startRealServer, type RealServer } from '../http/realServer';
import { startTestServer, type TestServer } from '../http/testServer';

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server?.close();
});

async function post(path: string, body?: unknown, raw?: string, base = server.url) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

async function say(conversationId: string, text: string): Promise<Reply[]> {
  const { status, body } = await post(`/web/conversations/${conversationId}/messages`, { text });
  expect(status).toBe(200);
  return body.replies;
}

function webError(code: string, message: string) {
  return { error: { code, message } };
}

describe('POST /web/conversations', () => {
  it('starts a conversation with a fresh random id each time', async () => {
    const first = await post('/web/conversations');
    const second = await post('/web/conversations');
    expect(first.status).toBe(201);
    expect(first.body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.body.conversationId).not.toBe(first.body.conversationId);
  });
});

describe('GET /web/limits', () => {
  it('tells the chat page the longest question the bot answers (MAX_QUESTION_CHARS)', async () => {
    const res = await fetch(`${server.url}/web/limits`);
    expect(await res.json()).toEqual({ maxQuestionChars: server.config.maxQuestionChars });
  });
});

describe('POST /web/conversations/:id/messages', () => {
  it('answers 灵活就业人员能参加职工医保吗 with a cited reply', async () => {
    const { body } = await post('/web/conversations');
    const replies = await say(body.conversationId, '灵活就业人员能参加职工医保吗');
    expect(replies).toHaveLength(1);
    const [reply] = replies as [Reply];
    expect(reply.kind).toBe('answer');
    expect(reply.text).toContain('灵活就业人员');
    expect(reply.citations[0]?.quote).toBeTruthy();
    expect(reply.text).toContain(`——《${reply.citations[0]?.title}》`);
  });

  describe('the turn it hands the runner', () => {
    const turns: Turn[] = [];
    let watched: TestServer;
    beforeAll(async () => {
      // The same routes around the real server's runner, watching the turns that reach it.
      watched = await startTestServer({
        kb: server.services.kb,
        ask: server.services.ask,
        maxQuestionChars: server.config.maxQuestionChars,
        runner: (turn) => {
          turns.push(turn);
          return server.runner(turn);
        },
      });
    });
    afterAll(async () => {
      await watched?.close();
    });

    it('is a web message with the conversation, user and text', async () => {
      const { status } = await post('/web/conversations/web-turn/messages', { text: '异地就医备案', userId: 'visitor-7' }, undefined, watched.url);
      expect(status).toBe(200);
      expect(turns.at(-1)).toEqual({ channel: 'web', conversationId: 'web-turn', userId: 'visitor-7', kind: 'message', text: '异地就医备案' });
    });

    it('uses the conversation id as the user id when none is given', async () => {
      await post('/web/conversations/web-anonymous/messages', { text: '异地就医备案' }, undefined, watched.url);
      expect(turns.at(-1)).toMatchObject({ conversationId: 'web-anonymous', userId: 'web-anonymous' });
    });
  });

  it('keeps the topic when the user follows up with 那青海呢', async () => {
    await say('web-follow-up', '灵活就业人员能参加职工医保吗');
    const [reply] = (await say('web-follow-up', '那青海呢')) as [Reply];
    expect(reply.text).toContain('青海');
    expect(reply.text).toContain('灵活就业');
  });

  it('lets the bot ask for a question when the text is empty', async () => {
    const [reply] = (await say('web-empty', '')) as [Reply];
    expect(reply.text).toBe(PHRASES.empty);
  });

  it('refuses a message without text', async () => {
    const { status, body } = await post('/web/conversations/web-bad/messages', { userId: 'u1' });
    expect(status).toBe(400);
    expect(body).toEqual(webError('missing_text', '缺少消息内容 text。 / web: "text" is required'));
  });

  it('refuses text that is not a string', async () => {
    const { status, body } = await post('/web/conversations/web-bad/messages', { text: ['异地就医'] });
    expect(status).toBe(400);
    expect(body).toEqual(webError('invalid_type', '参数 text 的类型不对。 / web: "text" must be a string, got an array'));
  });

  it('refuses a conversation id that is too long', async () => {
    const id = 'a'.repeat(65);
    const { status, body } = await post(`/web/conversations/${id}/messages`, { text: '异地就医' });
    expect(status).toBe(400);
    expect(body).toEqual(
      webError('invalid_conversation_id', `参数 conversationId 的格式不对。 / web: "conversationId" must match /^[A-Za-z0-9_-]{1,64}$/, got "${'a'.repeat(40)}…"`),
    );
  });

  it('refuses a user id with spaces', async () => {
    const { status, body } = await post('/web/conversations/web-bad/messages', { text: '异地就医', userId: 'a b' });
    expect(status).toBe(400);
    expect(body).toEqual(webError('invalid_user_id', '参数 userId 的格式不对。 / web: "userId" must match /^[A-Za-z0-9_-]{1,64}$/, got "a b"'));
  });

  it('refuses malformed JSON', async () => {
    const { status, body } = await post('/web/conversations/web-bad/messages', undefined, '{"text": "门诊');
    expect(status).toBe(400);
    expect(body).toEqual(webError('invalid_json', '请求内容不是合法的 JSON。 / web: request body is not valid JSON'));
  });

  it('refuses a body over the size limit', async () => {
    const { status, body } = await post('/web/conversations/web-bad/messages', { text: '医'.repeat(WEB_BODY_LIMIT_BYTES) });
    expect(status).toBe(413);
    expect(body).toEqual(webError('body_too_large', `请求内容太大了，请精简后再试。 / web: request body is larger than the limit of ${WEB_BODY_LIMIT_BYTES} bytes`));
  });

  it('answers unknown web paths with 404 JSON', async () => {
    const { status, body } = await post('/web/conversations/web-bad/stream');
    expect(status).toBe(404);
    expect(body).toEqual(webError('unknown_route', '没有找到该接口地址。 / web: unknown route "POST /web/conversations/web-bad/stream"'));
  });
});

describe('POST /web/feedback', () => {
  async function counts(clauseId: string) {
    const res = await fetch(`${server.url}/web/feedback/${encodeURIComponent(clauseId)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { clauseId: string; useful: number; notUseful: number };
  }

  /** Asks in a fresh conversation; its id and the clause the answer rests on. */
  async function answered(text: string) {
    const { body } = await post('/web/conversations');
    const [reply] = (await say(body.conversationId, text)) as [Reply];
    return { conversationId: body.conversationId as string, clauseId: reply.citations[0]?.clauseId as string };
  }

  it('counts 有用 and 没用 per clause, one vote from each conversation', async () => {
    const first = await answered('灵活就业人员能参加职工医保吗');
    const second = await answered('灵活就业人员能参加职工医保吗');
    expect(second.clauseId).toBe(first.clauseId);
    const before = await counts(first.clauseId);
    const useful = await post('/web/feedback', { conversationId: first.conversationId, clauseId: first.clauseId, useful: true });
    const notUseful = await post('/web/feedback', { conversationId: second.conversationId, clauseId: first.clauseId, useful: false });
    expect(useful).toEqual({ status: 204, body: null });
    expect(notUseful.status).toBe(204);
    expect(await counts(first.clauseId)).toEqual({ clauseId: first.clauseId, useful: before.useful + 1, notUseful: before.notUseful + 1 });
  });

  it('counts one vote per clause per conversation', async () => {
    const { conversationId, clauseId } = await answered('异地就医备案怎么办');
    const before = await counts(clauseId);
    expect((await post('/web/feedback', { conversationId, clauseId, useful: false })).status).toBe(204);
    const again = await post('/web/feedback', { conversationId, clauseId, useful: true });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(webError('already_voted', `您已经对这条回答反馈过了。 / web: conversation ${describeValue(conversationId)} already voted on clause "${clauseId}"`));
    expect(await counts(clauseId)).toEqual({ clauseId, useful: before.useful, notUseful: before.notUseful + 1 });
  });

  it('keeps a vote with the masked question and the clause, never the conversation id', async () => {
    const question = '我手机13912345678，灵活就业人员能参加职工医保吗';
    const { conversationId, clauseId } = await answered(question);
    expect((await post('/web/feedback', { conversationId, clauseId, useful: false })).status).toBe(204);
    const [vote] = (await server.services.review.recent(1)).votes;
    expect(vote).toMatchObject({ clauseId, useful: false, question: redact(question), channel: 'web' });
    expect(JSON.stringify(vote)).not.toContain('13912345678');
    expect(JSON.stringify(vote)).not.toContain(conversationId);
  });

  it('keeps the reason a 没用 vote gives', async () => {
    const { conversationId, clauseId } = await answered('异地就医怎么备案');
    expect((await post('/web/feedback', { conversationId, clauseId, useful: false, reason: '条款过时' })).status).toBe(204);
    const [vote] = (await server.services.review.recent(1)).votes;
    expect(vote).toMatchObject({ clauseId, useful: false, reason: '条款过时' });
  });

  it('refuses a reason that is not one of the four, or one on a 有用 vote', async () => {
    const { conversationId, clauseId } = await answered('退休人员还要交医保吗');
    const odd = await post('/web/feedback', { conversationId, clauseId, useful: false, reason: '太慢了' });
    expect(odd).toEqual({ status: 400, body: webError('invalid_reason', '参数 reason 只能是答非所问、条款过时、看不懂、其他之一，且只用于“没用”。 / web: "reason" must be one of 答非所问, 条款过时, 看不懂, 其他 on a vote that is not useful, got "太慢了"') });
    const onUseful = await post('/web/feedback', { conversationId, clauseId, useful: true, reason: '看不懂' });
    expect(onUseful.status).toBe(400);
  });

  it('refuses a vote for a clause the conversation was never shown', async () => {
    const { body } = await post('/web/conversations');
    const { status, body: error } = await post('/web/feedback', { conversationId: body.conversationId, clauseId: 'cn-social-insurance-law:a23.p2', useful: true });
    expect(status).toBe(409);
    expect(error).toEqual(webError('not_answered', `只能对本次对话中的回答进行反馈。 / web: clause "cn-social-insurance-law:a23.p2" was not cited in conversation "${body.conversationId}"`));
  });

  it('reports zero votes for a clause nobody voted on', async () => {
    expect(await counts('cn-plan-2021:p1')).toEqual({ clauseId: 'cn-plan-2021:p1', useful: 0, notUseful: 0 });
  });

  it('refuses a vote that is not true or false', async () => {
    const { status, body } = await post('/web/feedback', { conversationId: 'web-feedback', clauseId: 'cn-plan-2021:s3.c4.p1', useful: '有用' });
    expect(status).toBe(400);
    expect(body).toEqual(webError('invalid_type', '参数 useful 必须是 true 或 false。 / web: "useful" must be a boolean, got "有用"'));
  });

  it('refuses a vote without a clause', async () => {
    const { status, body } = await post('/web/feedback', { conversationId: 'web-feedback', useful: true });
    expect(status).toBe(400);
    expect(body).toEqual(webError('missing_clause_id', '缺少参数 clauseId。 / web: "clauseId" is required'));
  });

  it('refuses a vote without a conversation', async () => {
    const { status, body } = await post('/web/feedback', { clauseId: 'cn-plan-2021:s3.c4.p1', useful: true });
    expect(status).toBe(400);
    expect(body).toEqual(webError('missing_conversation_id', '缺少参数 conversationId。 / web: "conversationId" is required'));
  });
});
