/**
 * Listening early: the server composed as server/main.ts composes it answers the JSON API before
 * botbuilder and teams-ai are loaded, and the channels that run through the teams-ai Application
 * wait for it instead of failing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from '../../server/app';
import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { createTelemetry } from '../../server/telemetry';
import { MemoryStore } from '../../state/memory';
import { CORPUS_DIR } from '../http/realServer';
import { listenOnFreePort } from '../support/listen';

const QUESTION = '灵活就业人员能参加职工医保吗';
const LAW_QUOTE = '其他灵活就业人员可以参加职工基本医疗保险';

let server: Server;
let url: string;
let close: () => Promise<void>;
let stopSync: () => void;

beforeAll(async () => {
  const config = parseConfig({ LOG_LEVEL: 'silent', CORPUS_DIR, HOST: '127.0.0.1', PORT: '0' });
  const store = new MemoryStore();
  const services = await loadServices(config, store, createTelemetry(config));
  stopSync = () => services.questions.stop();
  server = createServer(config, services, store);
  const listening = await listenOnFreePort(server.app);
  url = listening.url;
  close = listening.close;
});

afterAll(async () => {
  stopSync();
  await close();
});

const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a server whose conversation app is not loaded yet', () => {
  it('answers the JSON API and says on /readyz that the conversation app is not loaded', async () => {
    const answer = (await (await post('/api/ask', { question: QUESTION })).json()) as { answered: boolean; text: string };
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain(LAW_QUOTE);
    expect(server.conversationApp.state).toBe('not loaded');
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ ready: true, shuttingDown: false, documents: 11, store: 'reachable', parts: { conversationApp: 'not loaded' } });
  });

  it('answers a web chat message once the conversation app has loaded, instead of refusing it', async () => {
    const sent = post('/web/conversations/listen-early/messages', { text: QUESTION });
    expect(server.conversationApp.state).not.toBe('loaded');
    const response = await sent;
    expect(response.status).toBe(200);
    const { replies } = (await response.json()) as { replies: Array<{ text: string }> };
    expect(replies[0]?.text).toContain(LAW_QUOTE);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ ready: true, parts: { conversationApp: 'loaded' } });
  });

  it('reports how long botbuilder, teams-ai and the Bot Framework channel took to load', () => {
    expect(Object.keys(server.conversationApp.timings ?? {})).toEqual(['botbuilder', 'teamsAi', 'botChannel']);
  });
});
