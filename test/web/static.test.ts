import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
