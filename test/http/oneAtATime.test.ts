/**
 * A client's questions are answered one after another, through real HTTP: the real middleware in
 * front of a route whose answer takes a while (a timer, so the test does not depend on CPU speed).
 */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneAtATimeByAddress } from '../../adapters/http/rateLimit';
import { httpRequest } from '../support/httpRequest';
import { listenOnFreePort, type Listening } from '../support/listen';

const ANSWER_MS = 30;

describe('one question at a time per client', () => {
  const events: string[] = [];
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    app.post('/api/ask', express.json(), oneAtATimeByAddress(), async (req, res) => {
      const who = `${req.socket.remoteAddress} ${String((req.body as { question: string }).question)}`;
      events.push(`start ${who}`);
      await new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
      events.push(`end ${who}`);
      res.json({ answered: true });
    });
    server = await listenOnFreePort(app);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a client’s burst one question after another, and another client’s question meanwhile', async () => {
    const ask = (from: string, question: string) =>
      httpRequest(`${server.url}/api/ask`, { body: { question }, from });
    const burst = ['灵活就业', '异地就医', '门诊共济'].map((q) => ask('127.0.0.2', q));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([...burst, ask('127.0.0.3', '退休')]);
    const ofBurst = events.filter((e) => e.includes('127.0.0.2'));
    expect(ofBurst.map((e) => e.split(' ')[0])).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
    expect(events.indexOf('end 127.0.0.3 退休')).toBeLessThan(events.indexOf(ofBurst.at(-1) as string));
  });
});
