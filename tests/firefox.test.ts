// The built site in Firefox ESR (Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core;
// no browser download): opened from a folder, where Firefox holds file: pages to their CSP more
// strictly than Chromium (form-action blocks the search form there), and served.
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../src/serve/serveSite.ts';
import { fileUrl, PAGE_KINDS } from './browser.ts';
import { listenLoopback, tempDir, yaoxun } from './helpers.ts';

let browser: Browser;
let out: string;

beforeAll(async () => {
  out = path.join(tempDir('firefox'), 'dist');
  const built = yaoxun(['build', '--out', out]);
  expect(built.code, built.stderr).toBe(0);
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
});
afterAll(async () => {
  await browser?.close();
});

/** A new tab that keeps every console error and script error, and every request that left the site. */
async function watchedPage(site: (url: string) => boolean) {
  const page = await browser.newPage();
  const errors: string[] = [];
  const elsewhere: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${(e as Error).message}`));
  page.on('request', (r) => site(r.url()) || r.url().startsWith('data:') || elsewhere.push(r.url()));
  return { page, errors, elsewhere };
}

const styled = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).display === 'flex');

describe('Firefox ESR', () => {
  it('from a folder: every kind of page is styled without a console error, and the header search box leads to the page saying search needs a server', async () => {
    const { page, errors, elsewhere } = await watchedPage((url) => url.startsWith('file:'));
    // Only a server shows the 404 page (it links from --base): folder.test.ts says the same for Chromium.
    for (const sitePath of PAGE_KINDS.filter((p) => p !== '/404.html')) {
      await page.goto(fileUrl(out, sitePath));
      expect(await styled(page), sitePath).toBe(true);
    }
    await page.goto(fileUrl(out, '/issues/2022/11/'));
    await page.type('#site-q', '电商');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(fileUrl(out, `/search/?q=${encodeURIComponent('电商')}`));
    expect(await page.$eval('.search-offline', (e) => (e as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('.search-offline', (e) => e.textContent)).toContain('npx yaoxun serve');
    // Firefox reports a refused load (CSP, CORS) to its web console only, which BiDi does not pass on
    // (Chromium's test sees them): so, that nothing is loaded that could be refused — no module script.
    expect(await page.$$eval('script', (ss) => ss.map((s) => s.getAttribute('type') ?? 'classic'))).toEqual(['classic']);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it('served: every kind of page without a console error, and search shows results', async () => {
    const server = serveSite(out);
    const origin = await listenLoopback(server);
    const { page, errors, elsewhere } = await watchedPage((url) => url.startsWith(origin));
    for (const sitePath of PAGE_KINDS) {
      await page.goto(origin + sitePath);
      expect(await styled(page), sitePath).toBe(true);
      // Leaving the search page while it still loads the index aborts those fetches, and Pagefind
      // logs each as an error: wait until it has shown its results, as a reader would.
      if (sitePath.startsWith('/search/')) await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    }
    await page.goto(origin + '/');
    await page.type('#site-q', '青年之家');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    // Which result comes first is the search page's own business (search.test.ts); here, that it ran.
    expect((await page.$$eval('.result', (rs) => rs.map((r) => r.textContent))).join()).toContain('青年之家');
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
    await new Promise((resolve) => server.close(resolve));
  });
});
