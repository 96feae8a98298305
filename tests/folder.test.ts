// One build, placed anywhere: at a server's root, under any sub-path without --base, and opened
// from a folder (file://) for browsing, where search says it needs a web server.
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../src/serve/serveSite.ts';
import { fileUrl, launchChromium, PAGE_KINDS } from './browser.ts';
import { listenLoopback, tempDir, yaoxun } from './helpers.ts';

let browser: Browser;
let out: string;

beforeAll(async () => {
  out = path.join(tempDir('folder'), 'dist');
  const built = yaoxun(['build', '--out', out]);
  expect(built.code, built.stderr).toBe(0);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Whether the site's stylesheet applies: site.css lays the header out as a flex row (a browser's default is block). */
const styled = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).display === 'flex');

describe('a built site opened from a folder (file://)', () => {
  it('is styled and navigable: links open pages, not folder listings', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    expect(await styled(page)).toBe(true);
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '县区' }).click();
    await page.waitForURL(/\/counties\/index\.html$/);
    expect(await styled(page)).toBe(true);
    await page.getByRole('link', { name: '晋中市' }).first().click();
    await page.waitForURL(/\/counties\/jinzhong\/index\.html$/);
    await page.locator('main a[href*="issues/2022/09"]').first().click();
    await page.waitForURL(/\/issues\/2022\/09\/index\.html#a\d+$/);
    expect(await page.locator('.masthead-title').textContent()).toBe('晋团要讯');
    // Printing from the folder uses the print styles too.
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).display)).toBe('none');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: '晋团要讯档案' }).click();
    await page.waitForURL(/\/dist\/index\.html$/);
    expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
    await page.close();
  });

  it('says on the search page that search needs a web server, and how to start one', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await page.fill('#site-q', '青年之家');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/\/search\/index\.html\?q=/);
    const offline = page.locator('.search-offline');
    await offline.waitFor();
    expect(await offline.textContent()).toContain('npx yaoxun serve');
    expect(await page.locator('.search-page').isVisible()).toBe(false);
    await page.close();
  });
});

describe('every kind of page, opened from the folder and served', () => {
  it('logs no console error, loads nothing it cannot (no module script from file:) and nothing from another host', async () => {
    const server = serveSite(out);
    const origin = await listenLoopback(server);
    const page = await browser.newPage();
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on('request', (r) => /^(file:|data:)/.test(r.url()) || r.url().startsWith(origin) || elsewhere.push(r.url()));
    for (const sitePath of PAGE_KINDS) {
      // Only a server shows the 404 page, at any missing address, so it links from --base, not from the folder.
      const ways = sitePath === '/404.html' ? [origin + sitePath] : [fileUrl(out, sitePath), origin + sitePath];
      for (const url of ways) {
        await page.goto(url);
        expect(await styled(page), url).toBe(true);
        // Served, the search page has run its script to the end: results for the query are shown.
        if (sitePath.startsWith('/search/') && url.startsWith(origin)) await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
      }
    }
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('the same build served under a sub-path it was not built for', () => {
  it('browses and searches under /any/deep/path/', async () => {
    const root = tempDir('anypath');
    const placed = path.join(root, 'any', 'deep', 'path');
    mkdirSync(placed, { recursive: true });
    cpSync(out, placed, { recursive: true });
    const server = serveSite(root);
    const origin = await listenLoopback(server);
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(r.url()));
    await page.goto(`${origin}/any/deep/path/`);
    expect(await styled(page)).toBe(true);
    await page.fill('#site-q', '电商');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(`${origin}/any/deep/path/search/?q=%E7%94%B5%E5%95%86`);
    await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('aria-busy') === 'false' && document.querySelectorAll('.result').length > 0);
    await page.locator('.result h3 a').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/any/deep/path/') && !u.pathname.includes('/search/'));
    expect(await page.locator('main').textContent()).toContain('电商');
    expect(failed).toEqual([]);
    await page.close();
    await new Promise((resolve) => server.close(resolve));
  });
});
