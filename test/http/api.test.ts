import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { apiBodyLimitBytes } from '../../adapters/http/api';
import { startRealServer, type RealServer } from './realServer';
import { startTestServer, type TestServer } from './testServer';
import { captureLog, capturingLogger } from '../support/logCapture';

const MAX = 500; // MAX_QUESTION_CHARS default, which the real server uses
const CITATION_KEYS = ['clauseId', 'date', 'docId', 'docNumber', 'issuer', 'kind', 'label', 'path', 'quote', 'region', 'title'];
const HIT_KEYS = ['clauseId', 'date', 'docId', 'docNumber', 'headings', 'issuer', 'kind', 'label', 'matches', 'path', 'quote', 'region', 'relevant', 'score', 'title'];

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server?.close();
});

async function post(path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as any };
}

const ask = (body: unknown) => post('/api/ask', JSON.stringify(body));

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

function apiError(code: string, message: string) {
  return { error: { code, message } };
}

describe('GET /healthz', () => {
  it('says the server is up and how many documents it loaded', async () => {
    const { status, body } = await get('/healthz');
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, documents: server.services.kb.documents.length });
    expect(body.documents).toBe(11);
  });
});

describe('POST /api/ask', () => {
  it('answers 灵活就业人员能参加职工医保吗 with the clause it rests on', async () => {
    const { status, body } = await ask({ question: '灵活就业人员能参加职工医保吗' });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['answered', 'text', 'citations', 'followUps']);
    expect(body.answered).toBe(true);
    expect(body.text).toContain('灵活就业人员');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(Object.keys(body.citations[0]).sort()).toEqual(CITATION_KEYS);
    expect(body.text).toContain(body.citations[0].quote);
    expect(Array.isArray(body.followUps)).toBe(true);
  });

  it('sends the answer as UTF-8 JSON with its length, and no ETag (an answer is never revalidated)', async () => {
    const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '异地就医备案怎么办理' }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('etag')).toBeNull();
    expect(JSON.parse(bytes.toString('utf8')).answered).toBe(true);
  });

  it('keeps the topic of a conversation when the follow-up is 那青海呢', async () => {
    await ask({ question: '灵活就业人员能参加职工医保吗', conversationId: 'api-follow-up' });
    const { status, body } = await ask({ question: '那青海呢', conversationId: 'api-follow-up' });
    expect(status).toBe(200);
    expect(body.answered).toBe(true);
    expect(body.text).toContain('青海');
    expect(body.text).toContain('灵活就业');
  });

  it('declines 明天西宁下雨不 and points to 12345', async () => {
    const { status, body } = await ask({ question: '明天西宁下雨不' });
    expect(status).toBe(200);
    expect(body.answered).toBe(false);
    expect(body.citations).toEqual([]);
    expect(body.text).toContain('12345');
    expect(body.reason).toBe('out_of_domain');
  });

  it('says why it declines a balance enquiry, and gives no reason when it answers', async () => {
    const declined = await ask({ question: '我的医保卡余额还有多少' });
    expect(declined.body).toMatchObject({ answered: false, reason: 'personal_case' });
    const answered = await ask({ question: '灵活就业人员能参加职工医保吗' });
    expect(answered.body.reason).toBeUndefined();
  });

  it('trims the question before answering', async () => {
    const { status, body } = await ask({ question: '  灵活就业人员能参加职工医保吗 \n' });
    expect(status).toBe(200);
    expect(body.answered).toBe(true);
  });

  it('refuses malformed JSON with 400 and without echoing the body', async () => {
    const { status, body } = await post('/api/ask', '{"question": "我的身份证号110101199003071234", ');
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_json', '请求内容不是合法的 JSON。 / api: request body is not valid JSON'));
  });

  it('refuses a request without a question', async () => {
    const { status, body } = await ask({});
    expect(status).toBe(400);
    expect(body).toEqual(apiError('missing_question', `${PHRASES.empty} / api: "question" is required`));
  });

  it('refuses an empty body', async () => {
    const res = await fetch(`${server.url}/api/ask`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      apiError('invalid_body', '请求内容必须是 JSON 对象。 / api: request body is missing (send a JSON object with Content-Type: application/json)'),
    );
  });

  it.each([
    ['empty', ''],
    ['whitespace-only', ' \n\t　'],
  ])('refuses an %s question', async (_name, question) => {
    const { status, body } = await ask({ question });
    expect(status).toBe(400);
    expect(body).toEqual(apiError('missing_question', `${PHRASES.empty} / api: "question" is empty`));
  });

  it('refuses a question that is not a string', async () => {
    const { status, body } = await ask({ question: 42 });
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_type', '参数 question 的类型不对。 / api: "question" must be a string, got number 42'));
  });

  it('refuses a body that is a JSON array', async () => {
    const { status, body } = await post('/api/ask', '["灵活就业人员能参加职工医保吗"]');
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_body', '请求内容必须是 JSON 对象。 / api: request body must be a JSON object, got an array'));
  });

  it(`refuses a question longer than ${MAX} characters with 413`, async () => {
    const { status, body } = await ask({ question: '医'.repeat(MAX + 1) });
    expect(status).toBe(413);
    expect(body).toEqual(
      apiError('question_too_long', `${PHRASES.tooLong(MAX + 1, MAX)} / api: "question" has ${MAX + 1} characters, more than the maximum of ${MAX}`),
    );
  });

  it(`accepts a question of exactly ${MAX} characters, counting an emoji as one`, async () => {
    const { status } = await ask({ question: `${'😀'.repeat(10)}${'医'.repeat(MAX - 10)}` });
    expect(status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const limit = apiBodyLimitBytes(MAX);
    const { status, body } = await ask({ question: '灵活就业', padding: 'x'.repeat(limit) });
    expect(status).toBe(413);
    expect(body).toEqual(apiError('body_too_large', `请求内容太大了，请精简后再试。 / api: request body is larger than the limit of ${limit} bytes`));
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { status, body } = await post('/api/ask', 'question=灵活就业', 'application/x-www-form-urlencoded');
    expect(status).toBe(415);
    expect(body).toEqual(
      apiError('unsupported_media_type', '请求须为 JSON 格式（Content-Type: application/json）。 / api: Content-Type must be application/json, got "application/x-www-form-urlencoded"'),
    );
  });

  it('refuses a conversationId that is not a string', async () => {
    const { status, body } = await ask({ question: '异地就医备案', conversationId: { id: 1 } });
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_type', '参数 conversationId 的类型不对。 / api: "conversationId" must be a string, got an object'));
  });

  it('refuses a conversationId with characters that do not belong in an id', async () => {
    const { status, body } = await ask({ question: '异地就医备案', conversationId: '../etc' });
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_conversation_id', '参数 conversationId 的格式不对。 / api: "conversationId" must match /^[A-Za-z0-9_-]{1,64}$/, got "../etc"'));
  });

  it('refuses a region it does not cover', async () => {
    const { status, body } = await ask({ question: '异地就医备案', region: '北京' });
    expect(status).toBe(400);
    expect(body).toEqual(
      apiError('invalid_region', '不支持这个地区，可选：全国、甘肃、青海、鄂州、上海、浙江。 / api: unknown region "北京" (use national, 甘肃, 青海, 鄂州, 上海 or 浙江)'),
    );
  });

  it('answers for the region the caller names when the question names none', async () => {
    const plain = await ask({ question: '灵活就业人员能参加职工医保吗' });
    const { status, body } = await ask({ question: '灵活就业人员能参加职工医保吗', region: '青海' });
    expect(status).toBe(200);
    expect(plain.body.text).not.toContain('青海');
    expect(body.text).toContain('青海');
  });

  it('keeps serving after every bad request above', async () => {
    const { status } = await get('/healthz');
    expect(status).toBe(200);
  });
});

describe('GET /api/search', () => {
  it('ranks clauses for 异地就医备案 with highlight ranges inside each quote', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('异地就医备案')}`);
    expect(status).toBe(200);
    expect(body.query).toBe('异地就医备案');
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.length).toBeLessThanOrEqual(10);
    for (const hit of body.hits) {
      expect(Object.keys(hit).sort()).toEqual(HIT_KEYS);
      for (const [start, end] of hit.matches) {
        expect(0 <= start && start < end && end <= hit.quote.length).toBe(true);
      }
    }
    const marked = body.hits.flatMap((h: any) => h.matches.map(([s, e]: [number, number]) => h.quote.slice(s, e)));
    expect(marked.join('')).toMatch(/异地|就医|备案/);
    const scores = body.hits.map((h: any) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('shows only 青海 documents when the region filter is 青海', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('灵活就业')}&region=${encodeURIComponent('青海')}`);
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(new Set(body.hits.map((h: any) => h.region))).toEqual(new Set(['青海省']));
  });

  it('accepts 全国 as the national region', async () => {
    const { body } = await get(`/api/search?q=${encodeURIComponent('参保')}&region=${encodeURIComponent('全国')}`);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(new Set(body.hits.map((h: any) => h.region))).toEqual(new Set(['全国']));
  });

  it('shows only laws when the kind filter is law', async () => {
    const { body } = await get(`/api/search?q=${encodeURIComponent('基本医疗保险')}&kind=law`);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(new Set(body.hits.map((h: any) => h.kind))).toEqual(new Set(['law']));
  });

  it('filters by topic and honours the limit', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('结算')}&topic=cross_province&limit=3`);
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.length).toBeLessThanOrEqual(3);
  });

  it('refuses a search without a query', async () => {
    const { status, body } = await get('/api/search?q=%20');
    expect(status).toBe(400);
    expect(body).toEqual(apiError('missing_query', '请输入要检索的关键词。 / api: "q" is required'));
  });

  it('refuses a query given twice', async () => {
    const { status, body } = await get('/api/search?q=a&q=b');
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_type', '参数 q 的类型不对。 / api: "q" must be a single string, got an array'));
  });

  it(`refuses a query longer than ${MAX} characters`, async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('医'.repeat(MAX + 1))}`);
    expect(status).toBe(413);
    expect(body).toEqual(apiError('query_too_long', `检索词太长了（${MAX + 1}字），请精简到${MAX}字以内。 / api: "q" has ${MAX + 1} characters, more than the maximum of ${MAX}`));
  });

  it.each(['0', '51', 'ten', '2.5'])('refuses limit=%s', async (limit) => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('门诊')}&limit=${limit}`);
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_limit', `参数 limit 须为 1 到 50 之间的整数。 / api: "limit" must be a whole number from 1 to 50, got "${limit}"`));
  });

  it('refuses an unknown kind', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('门诊')}&kind=blog`);
    expect(status).toBe(400);
    expect(body).toEqual(
      apiError('invalid_kind', '不支持这种文件类型，可选：规划、法律、行政法规、地方性法规、新闻。 / api: unknown kind "blog" (use plan, law, administrative-regulation, local-regulation, news)'),
    );
  });

  it('refuses an unknown topic', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('门诊')}&topic=dental`);
    expect(status).toBe(400);
    expect(body).toEqual(apiError('invalid_topic', '不支持这个主题，可选：参保、异地就医、门诊。 / api: unknown topic "dental" (use enrolment, cross_province, outpatient)'));
  });
});

describe('GET /api/clauses/:id', () => {
  it('returns the clause with its document and neighbours', async () => {
    const search = await get(`/api/search?q=${encodeURIComponent('灵活就业人员 职工基本医疗保险')}&kind=law&limit=1`);
    const id: string = search.body.hits[0].clauseId;
    const { status, body } = await get(`/api/clauses/${encodeURIComponent(id)}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['children', 'clause', 'doc', 'next', 'parent', 'previous']);
    expect(body.clause.id).toBe(id);
    expect(body.doc.title).toBe('中华人民共和国社会保险法');
    expect(body.clause.text).toBe(search.body.hits[0].quote);
  });

  it('answers 404 for a clause that does not exist', async () => {
    const { status, body } = await get('/api/clauses/cn-social-insurance-law:a999');
    expect(status).toBe(404);
    expect(body).toEqual(apiError('unknown_clause', '没有找到该条款。 / api: unknown clause "cn-social-insurance-law:a999"'));
  });
});

describe('GET /api/documents/:docId', () => {
  it('returns the 社会保险法 metadata and all its clauses in order', async () => {
    const { status, body } = await get('/api/documents/cn-social-insurance-law');
    expect(status).toBe(200);
    expect(body.document).toMatchObject({ id: 'cn-social-insurance-law', title: '中华人民共和国社会保险法', kind: 'law', region: '全国' });
    expect(body.clauses.length).toBe(server.services.kb.documentClauses('cn-social-insurance-law')?.length);
    const orders = body.clauses.map((c: any) => c.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(body.clauses.every((c: any) => c.docId === 'cn-social-insurance-law')).toBe(true);
  });

  it('answers 404 for a document that does not exist', async () => {
    const { status, body } = await get('/api/documents/bj-plan-2021');
    expect(status).toBe(404);
    expect(body).toEqual(apiError('unknown_document', '没有找到该文件。 / api: unknown document "bj-plan-2021"'));
  });
});

describe('unknown API paths', () => {
  it('answer 404 JSON naming the method and path', async () => {
    const { status, body } = await get('/api/answers');
    expect(status).toBe(404);
    expect(body).toEqual(apiError('unknown_route', '没有找到该接口地址。 / api: unknown route "GET /api/answers"'));
  });
});

describe('when the answer engine fails', () => {
  const QUESTION = '我的身份证号110101199003071234，手机13812345678，能报销吗';
  const logs = captureLog();
  let failing: TestServer;
  beforeAll(async () => {
    // The real knowledge base and runner, with an engine that throws an error quoting the question.
    failing = await startTestServer({
      kb: server.services.kb,
      ask: async (question) => {
        throw new Error(`engine exploded on "${question}"`);
      },
      runner: server.runner,
      maxQuestionChars: MAX,
      log: capturingLogger(logs),
    });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it('answers 500 with the fixed apology and logs the error without the question', async () => {
    const res = await fetch(`${failing.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: QUESTION }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(apiError('internal_error', `${PHRASES.error} / api: the answer engine failed (see the server log)`));
    const [line] = logs.records();
    expect(line).toMatchObject({ level: 'error', module: 'api', msg: 'answering failed', questionChars: Array.from(QUESTION).length });
    expect(line?.error).toContain('Error: engine exploded on "[text]"');
    const text = logs.lines.join('\n');
    for (const piece of ['身份证号', '能报销吗', '110101199003071234', '13812345678', '1101011990']) expect(text).not.toContain(piece);
  });
});
