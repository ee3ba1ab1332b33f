/**
 * The chat page and the embeddable widget in a real headless Chromium (the console: consoleBrowser.test.ts),
 * against the real server (corpus, engine, runner) on a free port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { SearchResult } from '../../adapters/http/searchResult';
import { startRealServer, type RealServer } from '../http/realServer';

/** Debian's Chromium, which CI installs too. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** How long to wait for the page to react (an answer takes a few milliseconds; CI machines are slow). */
const WAIT_MS = 10_000;

const QUESTION = '灵活就业人员能参加职工医保吗';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

/** `2021-09-23` → `2021年9月23日`, as the console writes dates in citations. */
function chineseDate(iso: string | null): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** The citation the console copies: `“quote”——《title》（文号）path，issuer，date`. */
function expectedCitation(hit: SearchResult): string {
  const source = `《${hit.title}》${hit.docNumber ? `（${hit.docNumber}）` : ''}${hit.path}`;
  return `“${hit.quote}”——${[source, hit.issuer, chineseDate(hit.date)].filter(Boolean).join('，')}`;
}

describe.skipIf(!hasChromium)(`web pages in headless Chromium (skipped when ${CHROMIUM} is absent)`, () => {
  let server: RealServer;
  let context: BrowserContext;
  let profileDir: string;
  let shotsDir: string;

  beforeAll(async () => {
    server = await startRealServer();
    profileDir = mkdtempSync(path.join(tmpdir(), 'yibao-chromium-'));
    shotsDir = mkdtempSync(path.join(tmpdir(), 'yibao-screenshots-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: PHONE,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (shotsDir) console.info(`browser test screenshots: ${shotsDir}`);
  });

  async function openPage(url: string, viewport = PHONE): Promise<Page> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text());
    });
    (page as Page & { problems?: string[] }).problems = problems;
    await page.setViewportSize(viewport);
    await page.goto(url);
    return page;
  }

  async function usefulVotes(clauseId: string): Promise<number> {
    const res = await fetch(`${server.url}/web/feedback/${encodeURIComponent(clauseId)}`);
    return ((await res.json()) as { useful: number }).useful;
  }

  const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];

  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
  }

  describe('the chat page', () => {
    let page: Page;
    beforeAll(async () => {
      page = await openPage(`${server.url}/`);
    });
    afterAll(async () => {
      await page?.close();
    });

    it(`answers ${QUESTION} typed into the box with a citation card`, async () => {
      await page.getByLabel('输入您的问题').fill(QUESTION);
      await page.getByRole('button', { name: '发送' }).click();
      const answer = page.locator('.msg.bot').first();
      await answer.locator('.citation').first().waitFor({ timeout: WAIT_MS });
      await expect(answer.locator('.text').textContent()).resolves.toContain('灵活就业人员');
      const title = await answer.locator('.citation-title').first().textContent();
      expect(title).toMatch(/^《.+》$/);
      await expect(answer.locator('.text').textContent()).resolves.toContain(`——${title}`);
      await expect(page.locator('.msg.user .text').first().textContent()).resolves.toBe(QUESTION);
      await shoot(page, 'chat-phone');
    });

    it('shows the whole clause when its card is tapped', async () => {
      const card = page.locator('.msg.bot .citation').first();
      const quote = card.locator('.citation-quote');
      expect(await quote.isVisible()).toBe(false);
      await card.locator('summary').click();
      await quote.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect((await quote.textContent())?.length).toBeGreaterThan(10);
      await expect(card.locator('.citation-toggle').textContent()).resolves.toBe('收起原文');
      await shoot(page, 'chat-phone-expanded');
    });

    it('counts a 有用 vote for the clause the answer rests on', async () => {
      const card = page.locator('.msg.bot .citation').first();
      const clauseId = (await card.getAttribute('data-clause-id')) as string;
      const before = await usefulVotes(clauseId);
      const bar = page.locator('.msg.bot .feedback').first();
      await bar.getByRole('button', { name: '有用' }).click();
      await bar.getByText('谢谢您的反馈！').waitFor({ timeout: WAIT_MS });
      expect(await usefulVotes(clauseId)).toBe(before + 1);
      expect(await bar.getByRole('button', { name: '没用' }).isDisabled()).toBe(true);
    });

    it('sends a follow-up chip as the next question', async () => {
      const chip = page.locator('.follow-ups .chip').first();
      const text = (await chip.textContent()) as string;
      expect(text).toMatch(/^那.+呢$/);
      await chip.click();
      await expect.poll(() => page.locator('.msg.bot').count(), { timeout: WAIT_MS }).toBe(2);
      await expect(page.locator('.msg.user .text').last().textContent()).resolves.toBe(text);
      const second = page.locator('.msg.bot .text').last();
      await expect(second.textContent()).resolves.toContain(text.slice(1, -1)); // 那上海呢 → the answer names 上海
    });

    it('shows the user’s own text as text, never as markup', async () => {
      await page.getByLabel('输入您的问题').fill('<img src=x onerror="document.title=1">异地就医');
      await page.getByLabel('输入您的问题').press('Enter');
      await expect.poll(() => page.locator('.msg.bot').count(), { timeout: WAIT_MS }).toBe(3);
      expect(await page.locator('#messages img').count()).toBe(0);
      await expect(page.locator('.msg.user .text').last().textContent()).resolves.toContain('<img src=x');
      expect(await page.title()).toBe('医保政策问答');
    });

    it('explains a server failure and answers after 重试', async () => {
      await page.route('**/web/conversations/*/messages', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: `${PHRASES.error} / web: internal error` } }) }),
      );
      await page.getByLabel('输入您的问题').fill('异地就医怎么备案');
      await page.getByRole('button', { name: '发送' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: WAIT_MS });
      await expect(alert.locator('.text').textContent()).resolves.toBe(PHRASES.error);
      await page.unroute('**/web/conversations/*/messages');
      await alert.getByRole('button', { name: '重试' }).click();
      await expect.poll(() => page.locator('.msg.bot:not(.error)').count(), { timeout: WAIT_MS }).toBe(4);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(problemsOf(page).filter((p) => !p.includes('500'))).toEqual([]);
    });

    it('looks right on a desktop screen', async () => {
      await page.setViewportSize(DESKTOP);
      await shoot(page, 'chat-desktop');
    });
  });

  describe('the embeddable widget', () => {
    let site: Server;
    let siteUrl: string;
    beforeAll(async () => {
      // Another site (another origin) that includes the widget with one script tag.
      site = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="zh-CN"><body><h1>某市人民医院</h1><p>门诊时间：周一至周五</p><script src="${server.url}/embed.js" defer></script></body></html>`);
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      site?.closeAllConnections();
      await new Promise((resolve) => site?.close(resolve));
    });

    it('adds a 医保问答 button to another site that opens the chat in a panel', async () => {
      const page = await openPage(siteUrl, DESKTOP);
      const button = page.getByRole('button', { name: '医保问答', exact: true });
      await button.click();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const chat = page.frameLocator('iframe[title="医保政策问答"]');
      await chat.getByLabel('输入您的问题').fill(QUESTION);
      await chat.getByRole('button', { name: '发送' }).click();
      await chat.locator('.msg.bot .citation').first().waitFor({ timeout: WAIT_MS });
      await shoot(page, 'embed-desktop');
      await page.getByRole('button', { name: '关闭医保问答' }).click();
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await page.setViewportSize(PHONE);
      await button.click();
      await shoot(page, 'embed-phone'); // the panel fills a phone screen
      await page.getByRole('button', { name: '关闭医保问答' }).click();
      expect(problemsOf(page)).toEqual([]);
      await page.close();
    });
  });
});
