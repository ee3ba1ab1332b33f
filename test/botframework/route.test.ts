import { MemoryStorage, type Activity, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { TurnErrorEvent } from '../../adapters/botframework/errors';
import { KeyValueBotStorage } from '../../adapters/botframework/storage';
import { MemoryStore } from '../../state/memory';
import { FAILING_TEXT, FLEXIBLE_CITATION, NATIONAL_CITATION, fakeConversation } from './fakeConversation';
import { BOT_ID, UNREACHABLE_SERVICE_URL, startHttpBot, userMessage, type HttpBot } from './httpBot';

const QUESTION = '灵活就业人员能参加职工医保吗';
const NOT_AN_ACTIVITY = '请求内容不是 Bot Framework 活动（activity）。 / adapters/botframework/route: the body is not a Bot Framework activity';

describe('POST /api/messages without an app id (Emulator, local tests)', () => {
  let bot: HttpBot;
  const conversation = fakeConversation();
  const logged: TurnErrorEvent[] = [];
  beforeAll(async () => {
    // MemoryStorage checks eTags, so overlapping turns in one conversation would fail here.
    bot = await startHttpBot({ conversation, storage: new MemoryStorage(), logger: { error: (e) => logged.push(e) } });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('welcomes a user who joins the conversation', async () => {
    const { status, activities } = await bot.post({
      ...userMessage('c-welcome', ''),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: BOT_ID, name: '医保助手' }, { id: 'user-1', name: '用户' }],
    });
    expect(status).toBe(200);
    expect(activities.map((a) => a.text)).toEqual([PHRASES.welcome]);
    expect(conversation.turns.at(-1)).toMatchObject({ channel: 'botframework', conversationId: 'c-welcome', userId: 'user-1', kind: 'welcome' });
  });

  it('says nothing when only the bot itself joins', async () => {
    const { status, activities } = await bot.post({
      ...userMessage('c-bot-added', ''),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: BOT_ID, name: '医保助手' }],
    });
    expect(status).toBe(200);
    expect(activities).toEqual([]);
  });

  it('answers 灵活就业人员能参加职工医保吗 with the cited clause as a numbered Markdown source list', async () => {
    const { activities } = await bot.post(userMessage('c-answer', QUESTION));
    expect(activities).toHaveLength(1);
    const [reply] = activities as [Partial<Activity>];
    expect(reply.textFormat).toBe('markdown');
    expect(reply.text).toBe(`${NATIONAL_CITATION.quote}\n\n1. ——《关于做好灵活就业人员参加职工医保的通知》第一条`);
    expect(reply.entities).toBeUndefined();
    expect(reply.channelData?.yibao).toMatchObject({ kind: 'answer', citations: [NATIONAL_CITATION] });
  });

  it('offers the follow-ups as suggested actions', async () => {
    const { activities } = await bot.post(userMessage('c-actions', QUESTION));
    expect(activities[0]?.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: '那青海呢', value: '那青海呢' },
      { type: 'imBack', title: '全文', value: '全文' },
    ]);
  });

  it('remembers the question when the user follows up with 那青海呢', async () => {
    await bot.post(userMessage('c-follow-up', QUESTION));
    const { activities } = await bot.post(userMessage('c-follow-up', '那青海呢'));
    expect(activities[0]?.text).toContain('1. ——《青海省“十四五”全民医疗保障规划》（青政办〔2022〕1号）三、（二）');
  });

  it('answers a picture with the not-text phrase', async () => {
    const { activities } = await bot.post({
      ...userMessage('c-picture', ''),
      text: undefined,
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/a.png' }],
    });
    expect(activities.map((a) => a.text)).toEqual([PHRASES.notText]);
    expect(conversation.turns.at(-1)?.kind).toBe('unsupported');
  });

  it('removes the @mention of the bot before the question reaches the conversation', async () => {
    const mention = `<at>医保助手</at>`;
    await bot.post({
      ...userMessage('c-mention', `${mention} ${QUESTION}`),
      entities: [{ type: 'mention', text: mention, mentioned: { id: BOT_ID, name: '医保助手' } }],
    });
    expect(conversation.turns.at(-1)?.text).toBe(QUESTION);
  });

  it('treats a message that merely contains a keyword like any other question', async () => {
    await bot.post(userMessage('c-keyword', 'helpful 全文 帮助'));
    expect(conversation.turns.at(-1)).toMatchObject({ kind: 'message', text: 'helpful 全文 帮助' });
  });

  it('answers with the error phrase when a turn fails, and logs it without the message text', async () => {
    const { status, activities } = await bot.post(userMessage('c-failing', FAILING_TEXT));
    expect(status).toBe(200);
    expect(activities.map((a) => a.text)).toEqual([PHRASES.error]);
    expect(logged.at(-1)).toMatchObject({
      module: 'adapters/botframework/route',
      channel: 'emulator',
      kind: 'message',
      textChars: FAILING_TEXT.length,
      error: 'Error: fake conversation: failing on purpose',
    });
    expect(JSON.stringify(logged)).not.toContain(FAILING_TEXT);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const response = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": 灵活' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_json', message: '请求内容不是合法的 JSON。 / adapters/botframework/route: request body is not valid JSON' },
    });
  });

  it('rejects a body that is JSON but not an activity with 400', async () => {
    const response = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": 42}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_activity', message: NOT_AN_ACTIVITY } });
  });

  it('rejects a body without a JSON content type with 400', async () => {
    const response = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_activity', message: NOT_AN_ACTIVITY } });
  });

  it('rejects an activity larger than the limit with 413', async () => {
    const response = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(userMessage('c-large', '医'.repeat(100_000))),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'body_too_large', message: '请求内容太大了，请精简后再试。 / adapters/botframework/route: request body is larger than the limit of 262144 bytes' },
    });
  });
});

/** MemoryStorage (which checks eTags) with slow reads, so that overlapping turns both read before either writes. */
class SlowStorage extends MemoryStorage {
  override async read(keys: string[]): Promise<StoreItems> {
    const items = await super.read(keys);
    await new Promise((resolve) => setTimeout(resolve, READ_DELAY_MS));
    return items;
  }
}
const READ_DELAY_MS = 50;

describe('POST /api/messages with two messages of one conversation at once', () => {
  it('runs them one after the other, without an eTag conflict', async () => {
    const logged: TurnErrorEvent[] = [];
    const bot = await startHttpBot({ conversation: fakeConversation(), storage: new SlowStorage(), logger: { error: (e) => logged.push(e) } });
    const [first, second] = await Promise.all([
      bot.post(userMessage('c-concurrent', '甘肃天气怎么样')),
      bot.post(userMessage('c-concurrent', '青海天气怎么样')),
    ]);
    expect(logged).toEqual([]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const texts = [...first.activities, ...second.activities].map((a) => a.text ?? '');
    expect(texts.filter((t) => t.includes('第1轮'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('第2轮'))).toHaveLength(1);
    await bot.close();
  });
});

describe('POST /api/messages from Teams', () => {
  let bot: HttpBot;
  beforeAll(async () => {
    bot = await startHttpBot({ conversation: fakeConversation(), storage: new MemoryStorage() });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('adds citation entities whose positions match the [n] markers in the text', async () => {
    await bot.post(userMessage('t-1', QUESTION, 'msteams'));
    const { activities } = await bot.post(userMessage('t-1', '那青海呢', 'msteams'));
    const [reply] = activities as [Partial<Activity>];
    expect(reply.text).toBe(
      `${FLEXIBLE_CITATION.quote}\n\n` +
        '1. ——《青海省“十四五”全民医疗保障规划》（青政办〔2022〕1号）三、（二） [1]\n' +
        '2. ——《关于做好灵活就业人员参加职工医保的通知》第一条 [2]',
    );
    expect(reply.entities).toEqual([
      {
        type: 'https://schema.org/Message',
        '@type': 'Message',
        '@context': 'https://schema.org',
        '@id': '',
        citation: [
          {
            '@type': 'Claim',
            position: 1,
            appearance: {
              '@type': 'DigitalDocument',
              name: '《青海省“十四五”全民医疗保障规划》',
              abstract: FLEXIBLE_CITATION.quote,
              keywords: ['青政办〔2022〕1号', '三、（二）', '青海省'],
            },
          },
          {
            '@type': 'Claim',
            position: 2,
            appearance: {
              '@type': 'DigitalDocument',
              name: '《关于做好灵活就业人员参加职工医保的通知》',
              abstract: NATIONAL_CITATION.quote,
              keywords: ['第一条', '全国'],
            },
          },
        ],
      },
    ]);
  });
});

describe('POST /api/messages with state in the key-value store', () => {
  it('remembers the region across turns', async () => {
    const bot = await startHttpBot({ conversation: fakeConversation(), storage: new KeyValueBotStorage(new MemoryStore()) });
    await bot.post(userMessage('kv-1', '我在青海'));
    const { activities } = await bot.post(userMessage('kv-1', '明天下雨吗'));
    expect(activities[0]?.text).toContain('地区：青海');
    await bot.close();
  });
});

describe('POST /api/messages with an app id', () => {
  let bot: HttpBot;
  const conversation = fakeConversation();
  const lines: string[] = [];
  beforeAll(async () => {
    bot = await startHttpBot({
      conversation,
      storage: new MemoryStorage(),
      config: {
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      },
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('refuses an unsigned request with 401, never runs the turn and logs one line', async () => {
    lines.length = 0;
    const response = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(userMessage('auth-1', QUESTION)) });
    expect(response.status).toBe(401);
    const reason = 'adapters/botframework/route: Unauthorized Access. Request is not authorized';
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: `请求未通过 Bot Framework 身份验证。 / ${reason}` } });
    expect(conversation.turns).toEqual([]);
    expect(lines).toEqual([`${reason} (answered 401 unauthorized)`]);
  });

  it('refuses a request with a forged bearer token with 401', async () => {
    lines.length = 0;
    const response = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
      body: JSON.stringify({ ...userMessage('auth-2', QUESTION), serviceUrl: UNREACHABLE_SERVICE_URL }),
    });
    expect(response.status).toBe(401);
    expect(conversation.turns).toEqual([]);
    expect(lines).toEqual(['adapters/botframework/route: Unauthorized. No valid identity. (answered 401 unauthorized)']);
  });
});
