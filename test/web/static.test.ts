import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../adapters/web/static';
import { startRealServer, type RealServer } from '../http/realServer';

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

describe('the static pages', () => {
  it('serves the chat page at / with a policy that lets any site frame it', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>医保政策问答</title>');
  });

  it('serves the widget script to any site', async () => {
    const res = await get('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(await res.text()).toContain('医保问答');
  });

  it('redirects /console to /console/ so the console’s relative links work', async () => {
    const res = await get('/console');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('console/');
  });

  it('keeps the search through that redirect: /console?q=异地就医&region=甘肃', async () => {
    const query = `?q=${encodeURIComponent('异地就医')}&region=${encodeURIComponent('甘肃')}`;
    const res = await get(`/console${query}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`console/${query}`);
  });

  it('serves the console and the whole-document view only to frames of its own origin', async () => {
    for (const path of ['/console/', '/console/doc.html']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
    expect(await (await get('/console/')).text()).toContain('医保政策条款检索');
  });

  it.each(['/console/console.js', '/console/console.css', '/console/cite.js', '/console/doc.js', '/chat.js', '/chat.css'])('serves %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it.each(['/index.html', '/console.html', '/package.json', '/web/chat.js', '/console/..%2fpackage.json'])('serves nothing else: %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
  });
});

describe('the pages’ lists', () => {
  it('come from GET /api/meta: no file in web/ has an option or a label table of region, topic or kind codes', async () => {
    const meta = (await (await get('/api/meta')).json()) as { regions: Array<{ code: string }>; topics: Array<{ code: string }>; kinds: Array<{ code: string; name: string }> };
    const codes = [...meta.regions, ...meta.topics, ...meta.kinds].map((entry) => entry.code);
    // An <option> per code, or a code → label table (`plan: '规划'`, `'local-regulation': '地方性法规'`).
    const listed = codes.flatMap((code) => [`value="${code}"`, `${code}: '`, `'${code}': '`]);
    const repeated = readdirSync(WEB_DIR).flatMap((file) => {
      const text = readFileSync(path.join(WEB_DIR, file), 'utf8');
      return listed.filter((word) => text.includes(word)).map((word) => `${file}: ${word}`);
    });
    expect(repeated).toEqual([]);
  });
});
