import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Reply } from '../../bot/types';
import type { QueueGroup } from '../../review/desk';
import { createServer } from '../../server/app';
import { parseConfig } from '../../server/config';
import { createReviewStore } from '../../state/index';
import type { ReviewStore } from '../../state/reviewStore';
import { CORPUS_DIR, startRealServer, type RealServer } from '../http/realServer';

/** A staff token as CONSOLE_TOKEN would hold it. */
const TOKEN = 'staff-token-0123456789abcdef';
const STAFF = { authorization: `Bearer ${TOKEN}` };

const dataDir = mkdtempSync(join(tmpdir(), 'review-data-'));
let review: ReviewStore;
let server: RealServer;
/** The clause voted 没用 below. */
let votedClause = '';

/** A server as `npm start` runs it with CONSOLE_TOKEN set and DATA_DIR pointing at `dataDir`. */
async function start(): Promise<void> {
  review = await createReviewStore(null, dataDir);
  server = await startRealServer({ env: { CONSOLE_TOKEN: TOKEN, DATA_DIR: dataDir }, review });
}

async function stop(): Promise<void> {
  await server?.close();
  await review?.close();
}

beforeAll(start);
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = STAFF) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('application/json');
  return { status: res.status, headers: res.headers, body: json && text ? (JSON.parse(text) as any) : text };
}

async function ask(question: string): Promise<Answer> {
  const { status, body } = await call('POST', '/api/ask', { question }, {});
  expect(status).toBe(200);
  return body as Answer;
}

/** Asks on the web chat in a fresh conversation: the conversation and the reply. */
async function askOnWeb(text: string): Promise<{ conversationId: string; reply: Reply }> {
  const { body: created } = await call('POST', '/web/conversations', undefined, {});
  const { body } = await call('POST', `/web/conversations/${created.conversationId}/messages`, { text }, {});
  return { conversationId: created.conversationId, reply: body.replies[0] as Reply };
}

async function queue(): Promise<QueueGroup[]> {
  const { status, body } = await call('GET', '/api/review/queue');
  expect(status).toBe(200);
  return body.groups as QueueGroup[];
}

const groupOf = (groups: QueueGroup[], question: string) => groups.find((g) => g.variants.some((v) => v.question === question));

describe('the review routes need the staff token', () => {
  const unauthorized = { error: { code: 'unauthorized', message: '需要热线工作人员口令。 / review: send the staff token as "Authorization: Bearer <CONSOLE_TOKEN>"' } };

  it.each([
    ['GET', '/api/review/queue'],
    ['POST', '/api/review/attach'],
    ['POST', '/api/review/dismiss'],
    ['GET', '/api/review/attached'],
    ['GET', '/api/review/export'],
  ])('answers %s %s without the token with 401 and a Bearer challenge', async (method, path) => {
    const { status, headers, body } = await call(method, path, undefined, {});
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer realm="review"');
    expect(body).toEqual(unauthorized);
  });

  it('answers a wrong token, or the token sent another way, with 401', async () => {
    expect((await call('GET', '/api/review/queue', undefined, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await call('GET', '/api/review/queue', undefined, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await call('GET', `/api/review/queue?token=${TOKEN}`, undefined, {})).status).toBe(401);
  });

  it('serves the review page with the token, and without it a 401 carrying only the sign-in page', async () => {
    const withToken = await call('GET', '/console/review');
    const without = await call('GET', '/console/review', undefined, {});
    expect(withToken.status).toBe(200);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="review"');
    expect(without.body).toBe(withToken.body);
    expect(without.body).toContain('工作人员口令');
    expect(without.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('says in the start-up lines that the review console is mounted, and where the log is kept', () => {
    const { channels } = createServer(server.config, server.services, server.services.store);
    expect(channels).toContain('Review console: /console/review, /api/review/* (Authorization: Bearer CONSOLE_TOKEN)');
    expect(channels).toContain(`Feedback and unanswered log: SQLite ${join(dataDir, 'review.db')}`);
  });
});

describe('the review queue', () => {
  it('groups near-duplicate declined questions, most asked first, with their reasons and candidate clauses', async () => {
    for (const q of ['宠物看病能报销吗', '宠物看病能报销吗？', '宠物看病能不能报销', '胰岛素能报销吗']) {
      expect((await ask(q)).reason).toBe('unfamiliar_thing');
    }
    const groups = await queue();
    const pets = groupOf(groups, '宠物看病能报销吗') as QueueGroup;
    const insulin = groupOf(groups, '胰岛素能报销吗') as QueueGroup;
    expect(pets).toMatchObject({
      question: '宠物看病能报销吗',
      count: 3,
      variants: [{ question: '宠物看病能报销吗', count: 2 }, { question: '宠物看病能不能报销', count: 1 }],
      sources: { declined: 3, not_useful: 0, suggested: 0 },
      reasons: { unfamiliar_thing: 3 },
      channels: { api: 3 },
    });
    expect(insulin.count).toBe(1);
    expect(groups.indexOf(pets)).toBeLessThan(groups.indexOf(insulin));
    expect(pets.candidates.length).toBeGreaterThan(0);
    expect(pets.candidates[0]).toMatchObject({ clauseId: expect.stringMatching(/^[a-z0-9-]+:/), title: expect.any(String), score: expect.any(Number) });
  });

  it('records declined questions from the web chat with their region, and masks personal data in them', async () => {
    const question = '我身份证110101199003077777，青海查下我的医保余额';
    const { reply } = await askOnWeb(question);
    expect(reply.reason).toBe('personal_case');
    const groups = await queue();
    expect(JSON.stringify(groups)).not.toContain('110101199003077777');
    const group = groups.find((g) => g.reasons.personal_case) as QueueGroup;
    expect(group).toMatchObject({ regions: { 青海: 1 }, channels: { web: 1 } });
  });

  it('lists a 没用 answer with the question and the clause that did not help', async () => {
    // Answered from the clause on 门诊共济, which a person may still find no help.
    const { conversationId, reply } = await askOnWeb('门诊共济是啥意思');
    expect(reply.answered).toBe(true);
    const clauseId = reply.citations[0]?.clauseId as string;
    votedClause = clauseId;
    expect((await call('POST', '/web/feedback', { conversationId, clauseId, useful: false }, {})).status).toBe(204);
    const group = groupOf(await queue(), '门诊共济是啥意思') as QueueGroup;
    expect(group).toMatchObject({ count: 1, sources: { not_useful: 1 }, notUsefulClauses: { [clauseId]: 1 } });
    expect(group.candidates.find((c) => c.clauseId === clauseId)?.notUseful).toBe(1);
  });

  it('refuses a limit outside 1–200', async () => {
    const { status, body } = await call('GET', '/api/review/queue?limit=0');
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_limit', message: '参数 limit 须为 1 到 200 之间的整数。 / review: "limit" must be a whole number from 1 to 200, got "0"' } });
  });
});

describe('attaching a question to a clause', () => {
  /** The clause that answers 辞职了医保怎么弄: 失业人员 take part in 职工基本医疗保险. */
  const CLAUSE = 'cn-social-insurance-law:a48.p1';

  it('answers the question from that clause at once, and takes its group off the queue', async () => {
    expect((await ask('辞职了医保怎么弄')).citations[0]?.clauseId).not.toBe(CLAUSE);
    const { status, body } = await call('POST', '/api/review/attach', { clauseId: CLAUSE, question: '辞职了医保怎么弄', variants: ['辞职了医保怎么弄'] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'attached', attached: { seq: 1, clauseId: CLAUSE, question: '辞职了医保怎么弄' } });
    const answer = await ask('辞职了，医保怎么弄？');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.clauseId).toBe(CLAUSE);
    expect(groupOf(await queue(), '辞职了医保怎么弄')).toBeUndefined();
  });

  it('says so when the clause already has the question', async () => {
    const { status, body } = await call('POST', '/api/review/attach', { clauseId: CLAUSE, question: '辞职了医保怎么弄？' });
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'already_attached' });
  });

  it('masks personal data in an attached question', async () => {
    const { body } = await call('POST', '/api/review/attach', { clauseId: CLAUSE, question: '我手机13912345678，辞职以后\t医保咋办' });
    expect(body.attached.question).not.toContain('13912345678');
    expect(body.attached.question).not.toContain('\t');
  });

  it('refuses an unknown clause and a heading without text', async () => {
    const unknown = await call('POST', '/api/review/attach', { clauseId: 'cn-social-insurance-law:a999', question: '辞职了医保怎么弄' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'unknown_clause', message: '没有找到该条款。 / review: unknown clause "cn-social-insurance-law:a999"' } });
    const heading = server.services.kb.documentClauses('cn-plan-2021')?.find((c) => !c.text.trim());
    const refused = await call('POST', '/api/review/attach', { clauseId: heading?.id, question: '辞职了医保怎么弄' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: { code: 'clause_without_text', message: `这个条款只是标题，没有可引用的正文，请选择它下面的条款。 / review: clause "${heading?.id}" is a heading without text of its own` } });
  });

  it('refuses variants that are not a list of questions', async () => {
    const { status, body } = await call('POST', '/api/review/attach', { clauseId: CLAUSE, question: '辞职了医保怎么弄', variants: '辞职' });
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_type', message: '参数 variants 必须是问题列表。 / review: "variants" must be a non-empty array of strings, got "辞职"' } });
  });

  it('lists and exports attached questions as questions-file lines per document', async () => {
    const { body } = await call('GET', '/api/review/attached');
    expect(body.questions.map((q: { clauseId: string }) => q.clauseId)).toEqual([CLAUSE, CLAUSE]);
    const exported = await call('GET', '/api/review/export');
    expect(exported.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(exported.body).toBe(`# cn-social-insurance-law.tsv\n${CLAUSE}\t辞职了医保怎么弄\n${CLAUSE}\t${body.questions[1].question}\n`);
  });
});

describe('dismissing questions', () => {
  it('takes their group off the queue until they are asked again', async () => {
    expect(groupOf(await queue(), '胰岛素能报销吗')).toBeDefined();
    expect((await call('POST', '/api/review/dismiss', { questions: ['胰岛素能报销吗'] })).status).toBe(204);
    expect(groupOf(await queue(), '胰岛素能报销吗')).toBeUndefined();
    await ask('胰岛素能报销吗');
    expect(groupOf(await queue(), '胰岛素能报销吗')?.count).toBe(1);
  });

  it('refuses an empty list', async () => {
    const { status, body } = await call('POST', '/api/review/dismiss', { questions: [] });
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_type', message: '参数 questions 必须是问题列表。 / review: "questions" must be a non-empty array of strings, got an array' } });
  });
});

describe('a restart on the same DATA_DIR', () => {
  it('keeps every vote, declined question and attached question', async () => {
    const recent = await review.recent(1000);
    const before = await queue();
    const counts = (await call('GET', `/web/feedback/${votedClause}`, undefined, {})).body;
    expect(counts.notUseful).toBe(1);
    await stop();
    await start();
    expect(await review.recent(1000)).toEqual(recent);
    expect(await queue()).toEqual(before);
    expect((await call('GET', `/web/feedback/${votedClause}`, undefined, {})).body).toEqual(counts);
    expect((await ask('辞职了医保怎么弄')).citations[0]?.clauseId).toBe('cn-social-insurance-law:a48.p1');
  });
});

describe('without CONSOLE_TOKEN', () => {
  let plain: RealServer;
  beforeAll(async () => {
    plain = await startRealServer();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('mounts no review route, and says so at start', async () => {
    const api = await fetch(`${plain.url}/api/review/queue`, { headers: STAFF });
    expect(api.status).toBe(404);
    expect((await fetch(`${plain.url}/console/review`, { headers: STAFF })).status).toBe(404);
    const { channels } = createServer(parseConfig({ CORPUS_DIR }), plain.services, plain.services.store);
    expect(channels).toContain('Review console: not mounted (CONSOLE_TOKEN unset)');
  });
});
