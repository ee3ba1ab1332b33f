/**
 * The chat page and the embeddable widget in a real headless Chromium (the console: consoleBrowser.test.ts),
 * against the real server (corpus, engine, runner) on a free port.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply } from '../../bot/types';
import { CHROMIUM, DESKTOP, PHONE, hasChromium, launchChromium, type Browser } from '../../scripts/chromium';
import { startRealServer, type RealServer } from '../http/realServer';

/** How long to wait for the page to react (an answer takes a few milliseconds; CI machines are slow). */
const WAIT_MS = 10_000;

const QUESTION = '灵活就业人员能参加职工医保吗';
if (!hasChromium()) console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!hasChromium())(`web pages in headless Chromium (skipped when ${CHROMIUM} is absent)`, () => {
  let server: RealServer;
  let browser: Browser;
  let context: BrowserContext;
  let shotsDir: string;

  beforeAll(async () => {
    server = await startRealServer();
    shotsDir = mkdtempSync(path.join(tmpdir(), 'yibao-screenshots-'));
    browser = await launchChromium(PHONE);
    ({ context } = browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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

  /** What the bot replies to `questions` asked in order in one fresh conversation, through the REST API. */
  async function repliesInOneConversation(questions: string[]): Promise<Reply[]> {
    const start = await fetch(`${server.url}/web/conversations`, { method: 'POST' });
    const { conversationId } = (await start.json()) as { conversationId: string };
    let last: Reply[] = [];
    for (const text of questions) {
      const res = await fetch(`${server.url}/web/conversations/${conversationId}/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
      });
      last = ((await res.json()) as { replies: Reply[] }).replies;
    }
    return last;
  }

  async function askOnPage(page: Page, question: string): Promise<void> {
    // An answer still on its way (the previous test's) would be counted as this one's.
    await expect.poll(() => page.locator('.msg.bot.pending').count(), { timeout: WAIT_MS }).toBe(0);
    const before = await page.locator('.msg.bot:not(.pending)').count();
    await page.getByLabel('输入您的问题').fill(question);
    await page.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => page.locator('.msg.bot:not(.pending)').count(), { timeout: WAIT_MS }).toBe(before + 1);
  }

  /** Whether `locator`'s top edge is inside the page's viewport. */
  async function topInView(page: Page, selector: string): Promise<boolean> {
    return page.locator(selector).last().evaluate((el) => {
      const { top, bottom } = el.getBoundingClientRect();
      return top >= 0 && top < window.innerHeight && bottom > 0;
    });
  }

  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    describe(`the chat page on a ${name} (${viewport.width}×${viewport.height})`, () => {
      let page: Page;
      beforeAll(async () => {
        page = await openPage(`${server.url}/`, viewport);
      });
      afterAll(async () => {
        await page?.close();
      });

      it(`answers ${QUESTION} with the quote, one short source line and one folded sources section`, async () => {
        await askOnPage(page, QUESTION);
        const answer = page.locator('.msg.bot').last();
        const [expected] = await repliesInOneConversation([QUESTION]) as [Reply];
        await expect(answer.locator('.quote').textContent()).resolves.toBe(expected.quote);
        const main = expected.citations[0] as Citation;
        await expect(answer.locator('.source').textContent()).resolves.toBe(`——《${main.title}》${main.label ?? main.path}`);
        expect(await answer.locator('.sources').count()).toBe(1);
        expect(await answer.locator('.sources').getAttribute('open')).toBeNull();
        expect(await answer.locator('.source-card').count()).toBe(expected.citations.length);
        expect(await answer.textContent()).not.toContain(PHRASES.related);
        await expect(page.locator('.msg.user .text').last().textContent()).resolves.toBe(QUESTION);
        await shoot(page, `chat-${name}`);
      });

      it('links every source card to the whole document at its clause', async () => {
        const answer = page.locator('.msg.bot').last();
        await answer.locator('.sources summary').click();
        const card = answer.locator('.source-card').first();
        await card.locator('.source-quote').waitFor({ state: 'visible', timeout: WAIT_MS });
        const clauseId = (await card.getAttribute('data-clause-id')) as string;
        const href = new URL((await card.getByRole('link', { name: '查看全文' }).getAttribute('href')) as string, server.url);
        expect(href.pathname).toBe('/console/doc.html');
        expect(href.searchParams.get('doc')).toBe(clauseId.split(':')[0]);
        expect(decodeURIComponent(href.hash.slice(1))).toBe(clauseId);
      });

      it('shows the first line of the newest answer, its question just above, after asking again', async () => {
        await askOnPage(page, '异地就医怎么备案');
        await askOnPage(page, '退休人员还要交医保吗');
        expect(await topInView(page, '.msg.bot .text')).toBe(true);
        expect(await topInView(page, '.msg.user')).toBe(true);
        await shoot(page, `chat-${name}-third-answer`);
      });

      it('copies the answer with its full citation', async () => {
        const answer = page.locator('.msg.bot').last();
        const quote = (await answer.locator('.quote').textContent()) as string;
        const [title] = await answer.locator('.source-title').first().allTextContents();
        await answer.getByRole('button', { name: '复制回答和出处' }).click();
        await answer.getByText('已复制回答和出处').waitFor({ timeout: WAIT_MS });
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied.startsWith(`“${quote}”——${title}`)).toBe(true);
      });

      it('keeps the transcript and its context through a reload', async () => {
        await askOnPage(page, QUESTION);
        const shown = await page.locator('#messages .msg .text').allTextContents();
        const id = await page.evaluate(() => sessionStorage.getItem('yibao.conversationId'));
        await page.reload();
        await expect.poll(() => page.locator('#messages .msg .text').allTextContents(), { timeout: WAIT_MS }).toEqual(shown);
        expect(await page.evaluate(() => sessionStorage.getItem('yibao.conversationId'))).toBe(id);
        expect(await topInView(page, '.msg.bot .text')).toBe(true);
        await askOnPage(page, '那青海呢');
        const [expected] = await repliesInOneConversation([QUESTION, '那青海呢']) as [Reply];
        await expect(page.locator('.msg.bot').last().locator('.quote, .text').first().textContent()).resolves.toBe(expected.quote ?? expected.text);
      });

      it('starts afresh with 新对话: an empty transcript and no context', async () => {
        const id = await page.evaluate(() => sessionStorage.getItem('yibao.conversationId'));
        await page.getByRole('button', { name: '新对话' }).click();
        expect(await page.locator('#messages .msg').count()).toBe(0);
        expect(await page.locator('#hint').isVisible()).toBe(true);
        await askOnPage(page, '那青海呢');
        expect(await page.evaluate(() => sessionStorage.getItem('yibao.conversationId'))).not.toBe(id);
        const [fresh] = await repliesInOneConversation(['那青海呢']) as [Reply];
        await expect(page.locator('.msg.bot').last().locator('.quote, .text').first().textContent()).resolves.toBe(fresh.quote ?? fresh.text);
        await page.reload();
        expect(await page.locator('#messages .msg.user').count()).toBe(1);
      });

      it('keeps a question over the limit in the box, with the count and the limit', async () => {
        const max = server.config.maxQuestionChars;
        const long = '我想问一下灵活就业人员参加职工医保的事情'.repeat(Math.ceil((max + 1) / 20)).slice(0, max + 1);
        const before = await page.locator('#messages .msg').count();
        await page.getByLabel('输入您的问题').fill(long);
        await page.getByRole('button', { name: '发送' }).click();
        expect(await page.getByLabel('输入您的问题').inputValue()).toBe(long);
        await expect(page.locator('#counter').textContent()).resolves.toBe(`已超出字数限制：${max + 1}/${max}字，请精简后再发送`);
        expect(await page.locator('#messages .msg').count()).toBe(before);
        await page.getByLabel('输入您的问题').fill('');
      });

      it('offers suggested questions and the 12345 hotline when it declines', async () => {
        const declined = '职工医保住院起付线是多少钱';
        const [expected] = await repliesInOneConversation([declined]) as [Reply];
        expect(expected.kind).toBe('refusal');
        await page.getByRole('button', { name: '新对话' }).click(); // the region asked before would change the answer
        await askOnPage(page, declined);
        const answer = page.locator('.msg.bot').last();
        expect(await answer.locator('.suggestions .chip').allTextContents()).toEqual(expected.suggestions);
        expect(expected.suggestions?.length).toBeGreaterThan(0);
        expect(expected.suggestions?.length).toBeLessThanOrEqual(3);
        expect(await answer.getByRole('link', { name: /12345/ }).getAttribute('href')).toBe('tel:12345');
        await shoot(page, `chat-${name}-decline`);
        await answer.locator('.suggestions .chip').first().click();
        await expect.poll(() => page.locator('.msg.user .text').last().textContent(), { timeout: WAIT_MS }).toBe(expected.suggestions?.[0]);
      });

      it('asks why when an answer was of no use, and sends the reason with the vote', async () => {
        await askOnPage(page, '异地就医怎么备案');
        const answer = page.locator('.msg.bot').last();
        await answer.getByRole('button', { name: '没用' }).click();
        await page.getByRole('group', { name: '哪里没帮上忙（可不选）' }).last().getByRole('button', { name: '看不懂' }).click();
        await answer.getByText('谢谢您的反馈！').waitFor({ timeout: WAIT_MS });
        const [vote] = (await server.services.review.recent(1)).votes;
        expect(vote).toMatchObject({ useful: false, reason: '看不懂', clauseId: await answer.locator('.source-card').first().getAttribute('data-clause-id') });
        expect(problemsOf(page)).toEqual([]);
      });
    });
  }

  describe('the chat page', () => {
    let page: Page;
    beforeAll(async () => {
      page = await openPage(`${server.url}/`);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('counts a 有用 vote for the clause the answer rests on', async () => {
      await askOnPage(page, QUESTION);
      const clauseId = (await page.locator('.msg.bot .source-card').first().getAttribute('data-clause-id')) as string;
      const before = await usefulVotes(clauseId);
      const bar = page.locator('.msg.bot .actions').first();
      await bar.getByRole('button', { name: '有用' }).click();
      await bar.getByText('谢谢您的反馈！').waitFor({ timeout: WAIT_MS });
      expect(await usefulVotes(clauseId)).toBe(before + 1);
      expect(await bar.getByRole('button', { name: '没用' }).isDisabled()).toBe(true);
    });

    it('says 您问的是 above the quote when the answer came through an alternate question, as the engine understood it', async () => {
      const question = '灵活就业的能交职工医保不';
      const [expected] = (await repliesInOneConversation([question])) as [Reply];
      expect(expected.understoodAs).toBeTruthy();
      const fresh = await openPage(`${server.url}/`);
      try {
        await askOnPage(fresh, question);
        const answer = fresh.locator('.msg.bot').last();
        await expect(answer.locator('.understood').textContent()).resolves.toBe(`您问的是：${expected.understoodAs}`);
        // Above the quote, in the bubble's order.
        const order = await answer.evaluate((el) => [...el.querySelectorAll('.understood, .quote')].map((n) => n.className));
        expect(order[0]).toBe('understood');
      } finally {
        await fresh.close();
      }
    });

    it('sends a follow-up chip as the next question', async () => {
      const chip = page.locator('.follow-ups .chip').first();
      const text = (await chip.textContent()) as string;
      await chip.click();
      await expect.poll(() => page.locator('.msg.bot').count(), { timeout: WAIT_MS }).toBe(2);
      await expect(page.locator('.msg.user .text').last().textContent()).resolves.toBe(text);
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
  });

  describe('the embeddable widget', () => {
    let site: Server;
    let siteUrl: string;
    beforeAll(async () => {
      // Another site (another origin) that includes the widget with one script tag.
      site = createServer((req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        const attributes = req.url?.includes('named') ? ' data-title="某市医保问答" data-welcome="您好，这里是某市医保问答"' : '';
        res.end(`<!doctype html><html lang="zh-CN"><body><h1>某市人民医院</h1><p>门诊时间：周一至周五</p><script src="${server.url}/embed.js"${attributes} defer></script></body></html>`);
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
      await chat.locator('.msg.bot .source-card').first().waitFor({ state: 'attached', timeout: WAIT_MS });
      await shoot(page, 'embed-desktop');
      await page.getByRole('button', { name: '关闭医保问答' }).click();
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(problemsOf(page)).toEqual([]);
      await page.close();
    });

    it('closes with Esc pressed inside the chat, and gives the focus back to its button', async () => {
      const page = await openPage(siteUrl, DESKTOP);
      const button = page.getByRole('button', { name: '医保问答', exact: true });
      await button.click();
      const chat = page.frameLocator('iframe[title="医保政策问答"]');
      await chat.getByLabel('输入您的问题').click();
      await page.keyboard.press('Escape');
      await expect.poll(() => button.getAttribute('aria-expanded'), { timeout: WAIT_MS }).toBe('false');
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await button.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
      await page.close();
    });

    it('fills a phone screen, and takes its title and welcome text from data- attributes', async () => {
      const page = await openPage(`${siteUrl}named`, PHONE);
      await page.getByRole('button', { name: '医保问答', exact: true }).click();
      const panel = page.getByRole('dialog', { name: '某市医保问答' });
      const box = await panel.boundingBox();
      expect(box).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
      const chat = page.frameLocator('iframe[title="某市医保问答"]');
      await expect(chat.locator('#hint-title').textContent()).resolves.toBe('您好，这里是某市医保问答');
      await shoot(page, 'embed-phone');
      await page.close();
    });
  });
});
