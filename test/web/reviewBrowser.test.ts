/**
 * The "您想问的是" choices of the chat page and the staff review page in a real headless Chromium,
 * against the real server with a staff token.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../bot/types';
import { startRealServer, type RealServer } from '../http/realServer';

/** Debian's Chromium, which CI installs too. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DESKTOP = { width: 1280, height: 900 };
/** How long to wait for the page to react (CI machines are slow). */
const WAIT_MS = 10_000;
const TOKEN = 'staff-token-0123456789abcdef';
/** The national plan and the reform opinion on 异地就医直接结算 score within 10 % of each other for this question. */
const CLOSE_CALL = '异地就医直接结算怎么推进的';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!hasChromium)('review loop pages in headless Chromium', () => {
  let server: RealServer;
  let context: BrowserContext;
  let profileDir: string;
  let shotsDir: string;

  beforeAll(async () => {
    server = await startRealServer({ env: { CONSOLE_TOKEN: TOKEN } });
    profileDir = mkdtempSync(path.join(tmpdir(), 'yibao-chromium-'));
    shotsDir = mkdtempSync(path.join(tmpdir(), 'yibao-screenshots-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: DESKTOP });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (shotsDir) console.info(`review page screenshots: ${shotsDir}`);
  });

  /** Opens a page, collecting script errors (a refused 401 document load is expected, not a problem). */
  async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon') && !m.text().includes('401')) problems.push(m.text());
    });
    await page.goto(url);
    return { page, problems };
  }

  async function ask(question: string): Promise<Answer> {
    const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    return (await res.json()) as Answer;
  }

  it('offers 您想问的是 choices under a close call and shows the clause the user picks', async () => {
    const { page, problems } = await openPage(`${server.url}/`);
    await page.getByLabel('输入您的问题').fill(CLOSE_CALL);
    await page.getByLabel('输入您的问题').press('Enter');
    const choices = page.getByRole('group', { name: '您想问的是' });
    await choices.waitFor({ timeout: WAIT_MS });
    const buttons = choices.getByRole('button');
    expect(await buttons.count()).toBe(2);
    const picked = (await buttons.nth(1).getAttribute('data-clause-id')) as string;
    await buttons.nth(1).click();
    await choices.getByText('谢谢，已记录您的选择。').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.locator('.msg.bot').count(), { timeout: WAIT_MS }).toBe(2);
    expect(await page.locator('.msg.bot').last().locator('.source-card').first().getAttribute('data-clause-id')).toBe(picked);
    expect(await buttons.nth(0).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(shotsDir, 'chat-choices.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks for the staff token, then lists the questions to review and attaches one to a clause in one click', async () => {
    for (const q of ['宠物看病能报销吗', '宠物看病能不能报销', '宠物看病能报销吗？']) await ask(q);
    const { page, problems } = await openPage(`${server.url}/console/review`);
    await page.getByLabel('工作人员口令').fill(TOKEN);
    await page.getByRole('button', { name: '进入' }).click();
    const card = page.locator('.group[data-key="宠物看病能报销吗"]');
    await card.waitFor({ timeout: WAIT_MS });
    expect(await card.locator('.count').textContent()).toBe('×3');
    await page.screenshot({ path: path.join(shotsDir, 'review-queue.png'), fullPage: true });
    const candidate = card.locator('.candidate').first();
    const clauseId = (await candidate.getAttribute('data-clause-id')) as string;
    await candidate.getByRole('button', { name: '归入此条款' }).click();
    await card.waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.locator('#toast').getByText('已归入').waitFor({ timeout: WAIT_MS });
    const answer = await ask('宠物看病能报销吗');
    expect(answer.citations[0]?.clauseId).toBe(clauseId);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks for the token again after a wrong one', async () => {
    const { page } = await openPage(`${server.url}/console/review`);
    await page.getByLabel('工作人员口令').fill('not-the-staff-token-at-all');
    await page.getByRole('button', { name: '进入' }).click();
    await page.getByText('口令不对或已失效，请重新输入。').waitFor({ timeout: WAIT_MS });
    expect(await page.getByLabel('工作人员口令').isVisible()).toBe(true);
    await page.close();
  });
});
