import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import { parseConfig } from '../../server/config';
import { CONVERSATION_TTL_MS, loadServices, type Services } from '../../server/services';
import { MemoryStore } from '../../state/memory';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let now = 0;
let services: Services;

beforeAll(async () => {
  services = await loadServices(parseConfig({ CORPUS_DIR }), new MemoryStore(() => now));
});

describe('ask', () => {
  it('returns only the public Answer fields', async () => {
    const answer = await services.ask('异地就医备案以后能直接结算吗');
    expect(Object.keys(answer).sort()).toEqual(['answered', 'citations', 'followUps', 'text']);
    expect(answer.answered).toBe(true);
  });

  it('remembers a conversation by its id, as JSON in the store', async () => {
    await services.ask('灵活就业人员能参加职工医保吗', { conversationId: 'svc-1' });
    const followUp = await services.ask('那甘肃呢', { conversationId: 'svc-1' });
    expect(followUp.citations[0]?.docId).toBe('gs-plan-2021');
    const stored = JSON.parse((await services.store.get('api:conversation:svc-1')) as string);
    expect(stored).toMatchObject({ region: '甘肃', turns: 2 });
  });

  it('keeps conversations apart', async () => {
    await services.ask('灵活就业人员能参加职工医保吗', { conversationId: 'svc-2' });
    const alone = await services.ask('那甘肃呢', { conversationId: 'svc-3' });
    expect(alone.answered).toBe(false);
  });

  it('remembers nothing without a conversation id', async () => {
    await services.ask('灵活就业人员能参加职工医保吗');
    expect((await services.ask('那甘肃呢')).answered).toBe(false);
  });

  it('forgets a conversation after a day of silence', async () => {
    now = 1_000;
    await services.ask('灵活就业人员能参加职工医保吗', { conversationId: 'svc-4' });
    now += CONVERSATION_TTL_MS;
    expect(await services.store.get('api:conversation:svc-4')).toBeNull();
    expect((await services.ask('那甘肃呢', { conversationId: 'svc-4' })).answered).toBe(false);
  });

  it('uses the region chosen by the caller when the question names none', async () => {
    const answer = await services.ask('异地就医直接结算现在怎么样', { region: '青海' });
    expect(answer.citations[0]?.docId).toBe('qh-plan-2021');
  });

  it('lets the place the question names win over the region chosen by the caller', async () => {
    const answer = await services.ask('兰州参保的去上海住院怎么结算', { region: '青海' });
    expect(answer.citations[0]?.docId).toBe('gs-plan-2021');
  });

  it('answers invalid input with fixed wording', async () => {
    expect(await services.ask('   ')).toEqual({ answered: false, text: PHRASES.empty, citations: [], followUps: [] });
  });
});
