/**
 * `npm run screenshots`: the chat page (phone and desktop: before asking, an answer, a decline) and
 * the console (desktop, phone, the whole-document view) in Debian's Chromium, saved as PNG files in
 * docs/screenshots/. The server runs in this process on a free loopback port with the shipped corpus
 * and in-memory state. Chinese needs a CJK font (Debian: `apt-get install fonts-noto-cjk`).
 */
import { mkdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createServer } from '../server/app';
import { parseConfig } from '../server/config';
import { loadServices } from '../server/services';
import { createTelemetry } from '../server/telemetry';
import { MemoryStore } from '../state/memory';
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from './chromium';

const MODULE = 'screenshots';
const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CORPUS_DIR = fileURLToPath(new URL('../knowledge/corpus/', import.meta.url));
/** How long to wait for the page to react before giving up. */
const WAIT_MS = 15_000;
/** Screenshots larger than this are a sign of a wrong viewport or a full-page shot. */
const MAX_BYTES = 300 * 1024;

/** What the pictures show: a question the corpus answers, one it declines, an operator's search. */
const QUESTION = '灵活就业人员能参加职工医保吗';
const DECLINED = '宠物医院看病能用医保吗';
const CONSOLE_SEARCH = { q: '异地就医 备案', region: '甘肃' };

async function main(): Promise<void> {
  if (!hasChromium()) throw new Error(`${MODULE}: ${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)`);
  const config = parseConfig({ LOG_LEVEL: 'silent', CORPUS_DIR, HOST: '127.0.0.1', PORT: '0' });
  const store = new MemoryStore();
  const services = await loadServices(config, store, createTelemetry(config));
  const { app } = createServer(config, services, store);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  mkdirSync(OUT_DIR, { recursive: true });
  const saved: string[] = [];

  async function open(url: string, viewport: typeof PHONE): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    return page;
  }

  async function shoot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(OUT_DIR, `${name}.png`);
    await page.screenshot({ path: file });
    const bytes = statSync(file).size;
    if (bytes > MAX_BYTES) throw new Error(`${MODULE}: ${name}.png is ${bytes} bytes, more than ${MAX_BYTES}`);
    saved.push(`${name}.png (${Math.round(bytes / 1024)} KB)`);
  }

  /** Types a question into the chat page and waits until its reply has been shown. */
  async function ask(page: Page, question: string): Promise<void> {
    await page.getByLabel('输入您的问题').fill(question);
    const replied = page.waitForResponse((r) => r.url().includes('/messages') && r.request().method() === 'POST', { timeout: WAIT_MS });
    await page.getByRole('button', { name: '发送' }).click();
    await replied;
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  try {
    for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      const chat = await open(`${base}/`, viewport);
      await shoot(chat, `chat-${device}-start`);
      await ask(chat, QUESTION);
      await shoot(chat, `chat-${device}-answer`);
      await chat.close();
      const declined = await open(`${base}/`, viewport);
      await ask(declined, DECLINED);
      await shoot(declined, `chat-${device}-decline`);
      await declined.close();

      const search = new URLSearchParams(CONSOLE_SEARCH);
      const console_ = await open(`${base}/console?${search}`, viewport);
      await console_.locator('.result').first().waitFor({ timeout: WAIT_MS });
      await shoot(console_, `console-${device}`);
      const link = (await console_.locator('.result .open').first().getAttribute('href')) as string;
      await console_.close();
      const doc = await open(new URL(link, `${base}/console/`).href, viewport);
      await doc.locator('.target').waitFor({ timeout: WAIT_MS });
      await shoot(doc, `document-${device}`);
      await doc.close();
    }
  } finally {
    await browser.close();
    services.questions.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  console.log(`${MODULE}: wrote ${saved.length} files to docs/screenshots/:\n  ${saved.join('\n  ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
