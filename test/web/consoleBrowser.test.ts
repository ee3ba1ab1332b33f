/**
 * The hotline console and the whole-document view in a real headless Chromium (Debian's), against
 * the real server on a free port, at desktop and phone sizes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../adapters/http/searchResult';
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE, type Browser } from '../../scripts/chromium';
import { startRealServer, type RealServer } from '../http/realServer';

/** How long to wait for the page to react (a search takes milliseconds; CI machines are slow). */
const WAIT_MS = 10_000;

if (!hasChromium()) console.warn(`console browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

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

/** Hits in the order the console lists them: relevant ones first, then those under 相关度较低. */
const inPageOrder = (hits: SearchResult[]) => [...hits.filter((h) => h.relevant), ...hits.filter((h) => !h.relevant)];

describe.skipIf(!hasChromium())('the hotline console in headless Chromium', () => {
  let server: RealServer;
  let browser: Browser;
  let page: Page;
  let shotsDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startRealServer();
    shotsDir = mkdtempSync(path.join(tmpdir(), 'yibao-console-screenshots-'));
    browser = await launchChromium(DESKTOP);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await openPage(`${server.url}/console`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (shotsDir) console.info(`console screenshots: ${shotsDir}`);
  });

  async function openPage(url: string): Promise<Page> {
    const opened = await browser.context.newPage();
    opened.on('pageerror', (e) => problems.push(e.message));
    opened.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text());
    });
    await opened.goto(url);
    return opened;
  }

  async function apiHits(query: string, params: Record<string, string> = {}): Promise<SearchResult[]> {
    const search = new URLSearchParams({ q: query, limit: '20', ...params });
    const res = await fetch(`${server.url}/api/search?${search}`);
    return ((await res.json()) as { hits: SearchResult[] }).hits;
  }

  const regions = () => page.locator('.badge.region').allTextContents().then((r) => [...new Set(r)].sort());
  const shoot = (p: Page, name: string) => p.screenshot({ path: path.join(shotsDir, `${name}.png`) });

  it('searches as the user types and highlights the matched words', async () => {
    expect(new URL(page.url()).pathname).toBe('/console/');
    await page.getByLabel('检索政策条款').pressSequentially('灵活就业', { delay: 30 });
    await page.locator('.result mark').first().waitFor({ timeout: WAIT_MS });
    const hits = inPageOrder(await apiHits('灵活就业'));
    await expect.poll(() => page.locator('.result').count(), { timeout: WAIT_MS }).toBe(hits.length);
    const [first] = hits as [SearchResult];
    const marks = await page.locator('.result').first().locator('mark').allTextContents();
    expect(marks).toEqual(first.matches.map(([s, e]) => first.quote.slice(s, e)));
    await expect(page.locator('.result-title').first().textContent()).resolves.toBe(`《${first.title}》`);
    expect(new URL(page.url()).searchParams.get('q')).toBe('灵活就业');
  });

  it('shows 甘肃 + 全国 for the region 甘肃, and only 甘肃 with 只看甘肃', async () => {
    await page.getByLabel('地区').selectOption('甘肃');
    await expect.poll(regions, { timeout: WAIT_MS }).toEqual(['全国', '甘肃省'].sort());
    await expect(page.getByLabel('地区').locator('option:checked').textContent()).resolves.toBe('甘肃 + 全国');
    expect(new URL(page.url()).searchParams.get('region')).toBe('甘肃');
    await page.getByLabel('只看甘肃').check();
    await expect.poll(regions, { timeout: WAIT_MS }).toEqual(['甘肃省']);
    expect(new URL(page.url()).searchParams.get('only')).toBe('1');
    await page.getByLabel('只看甘肃').uncheck();
    await expect.poll(regions, { timeout: WAIT_MS }).toEqual(['全国', '甘肃省'].sort());
    await shoot(page, 'console-desktop');
  });

  it('moves through the results with the keyboard, expands one and copies its citation', async () => {
    const hits = inPageOrder(await apiHits('灵活就业', { region: '甘肃', includeNational: 'true' }));
    expect(hits.length).toBeGreaterThan(1);
    await page.locator('#status').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = page.locator('.result').nth(1);
    expect(await second.evaluate((el) => el === document.activeElement && el.classList.contains('selected'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await second.getAttribute('class')).toContain('expanded');
    await page.keyboard.press('c');
    await page.locator('#toast.show').waitFor({ timeout: WAIT_MS });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedCitation(hits[1] as SearchResult));
  });

  it('keeps the search of a shared link /console?q=…&region=… through the redirect to /console/', async () => {
    const shared = await openPage(`${server.url}/console?q=${encodeURIComponent('异地就医 备案')}&region=${encodeURIComponent('甘肃')}`);
    expect(new URL(shared.url()).pathname).toBe('/console/');
    await expect(shared.getByLabel('检索政策条款').inputValue()).resolves.toBe('异地就医 备案');
    await expect(shared.getByLabel('地区').inputValue()).resolves.toBe('甘肃');
    const hits = inPageOrder(await apiHits('异地就医 备案', { region: '甘肃', includeNational: 'true' }));
    await expect.poll(() => shared.locator('.result').count(), { timeout: WAIT_MS }).toBe(hits.length);
    await expect(shared.locator('.result-title').first().textContent()).resolves.toBe(`《${hits[0]?.title}》`);
    await shared.close();
  });

  it('puts the clauses of 医保卡余额 under 相关度较低 and says no relevant clause was found', async () => {
    const hits = await apiHits('医保卡余额', { region: '甘肃', includeNational: 'true' });
    expect(hits.length).toBeGreaterThan(0);
    await page.getByLabel('检索政策条款').fill('医保卡余额');
    const weak = page.getByRole('region', { name: '相关度较低' });
    await weak.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => weak.locator('.result').count(), { timeout: WAIT_MS }).toBe(hits.length);
    expect(await page.locator('#results .result').count()).toBe(0);
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^没有找到相关条款。/);
    await shoot(page, 'console-weak');
  });

  it('opens the whole document at the clause, under a header that stays in view', async () => {
    await page.getByLabel('检索政策条款').fill('灵活就业');
    await page.locator('#results .result').nth(1).waitFor({ timeout: WAIT_MS });
    const second = page.locator('#results .result').nth(1);
    const clauseId = (await second.getAttribute('data-clause-id')) as string;
    await second.focus();
    const [doc] = await Promise.all([browser.context.waitForEvent('page'), page.keyboard.press('o')]);
    await doc.waitForLoadState();
    expect(decodeURIComponent(new URL(doc.url()).hash.slice(1))).toBe(clauseId);
    const target = doc.locator('.target');
    await target.waitFor({ timeout: WAIT_MS });
    expect(await target.getAttribute('id')).toBe(clauseId);
    await doc.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => doc.evaluate(() => window.scrollY), { timeout: WAIT_MS }).toBeGreaterThan(0);
    const header = await doc.locator('.doc-header').boundingBox();
    expect(header?.y).toBe(0);
    await expect(doc.locator('#title').textContent()).resolves.toMatch(/^《.+》$/);
    await doc.close();
  });

  it('fits a phone screen, without script errors', async () => {
    await page.setViewportSize(PHONE);
    await shoot(page, 'console-phone');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(problems).toEqual([]);
  });
});
