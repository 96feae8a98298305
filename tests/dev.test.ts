// The editor's loop in real Chromium: edit → the open page updates by itself; break → an overlay
// names the file and line while the last good page stays; fix → it recovers.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, type DevServer } from '../src/dev/devServer.ts';
import { serveSite } from '../src/serve/serveSite.ts';
import { launchChromium } from './browser.ts';
import { root, tempDir } from './helpers.ts';

let dev: DevServer;
let origin: string;
let browser: Browser;
let content: string;

beforeAll(async () => {
  content = path.join(tempDir('dev'), 'content');
  cpSync(path.join(root, 'content'), content, { recursive: true });
  dev = startDev({ content, templates: path.join(root, 'templates'), publicDir: path.join(root, 'public'), searchDelay: 50, log: () => {} });
  await new Promise<void>((resolve) => dev.server.listen(0, '127.0.0.1', resolve));
  await dev.ready;
  origin = `http://127.0.0.1:${(dev.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await dev?.close();
});

/** A raw request, so the client does not normalise ../ away before the server sees it. */
function get(base: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('yaoxun dev', () => {
  it('updates an open page by itself, shows a broken file’s line in an overlay, and recovers', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = readFileSync(issue, 'utf8');
    const page = await browser.newPage();
    await page.goto(`${origin}/issues/2022/11/`);
    await page.waitForFunction(() => document.querySelectorAll('script[src="/__yaoxun/live.js"]').length === 1);
    await page.waitForTimeout(200);

    writeFileSync(issue, original.replace('二十大报告指出', '二十大报告明确指出'));
    await page.waitForFunction(() => document.body.textContent!.includes('二十大报告明确指出'), null, { timeout: 10_000 });

    writeFileSync(issue, original.replace('责编: 郭婕', '责遍: 郭婕'));
    const overlay = page.locator('#yaoxun-overlay');
    await overlay.waitFor({ timeout: 10_000 });
    const text = (await overlay.textContent())!;
    expect(text).toContain('11.md:4:1');
    expect(text).toContain('未知的键「责遍」：是否应为「责编」？');
    // The last good page stays: the edit before the break is still there.
    expect(await page.locator('.editors').textContent()).toBe('责编：郭婕');
    expect(await page.locator('main').textContent()).toContain('二十大报告明确指出');

    writeFileSync(issue, original.replace('责编: 郭婕', '责编: [郭婕, 王丽]'));
    await page.waitForFunction(() => document.querySelector('.editors')?.textContent === '责编：郭婕、王丽', null, { timeout: 10_000 });
    expect(await overlay.count()).toBe(0);
    await page.close();
  });

  it('re-renders only what a change touches', () => {
    const issue = path.join(content, 'issues', '2022', '09.md');
    const before = new Map(dev.site.pages);
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('镗出一条共青团改革的榆次新路', '走出一条共青团改革的榆次新路'));
    const urls = [...dev.site.contentChanged(issue), ...dev.site.flush()];
    expect(urls).toContain('/issues/2022/09/');
    expect(urls).toContain('/counties/jinzhong/yuciqu/');
    expect(urls).not.toContain('/articles/taigu-chuangxin-juli/');
    expect(urls).not.toContain('/counties/jinzhong/taiguqu/');
    expect(dev.site.pages.get('/articles/taigu-chuangxin-juli/')).toBe(before.get('/articles/taigu-chuangxin-juli/'));
    expect(dev.site.pages.get('/issues/2022/09/')).toContain('走出一条共青团改革的榆次新路');
  });

  it('serves the search index once it is built in the background', async () => {
    await dev.searchSettled();
    const page = await browser.newPage();
    await page.goto(`${origin}/search/?q=${encodeURIComponent('青年之家')}`);
    await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('aria-busy') === 'false', null, { timeout: 15_000 });
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe('the servers never leave the site', () => {
  const attempts = ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/%2e%2e%2fsrc%2fcli.ts', '/assets/%00.css'];

  it('dev answers traversal attempts with the site’s 404 page', async () => {
    for (const attempt of attempts) {
      const res = await get(origin, attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body, attempt).toContain('找不到这个页面');
      expect(res.body).not.toMatch(/root:|"name": "yaoxun"|parseArgs/);
    }
  });

  it('serve does the same for a built folder', async () => {
    const out = path.join(tempDir('static'), 'site');
    cpSync(path.join(root, 'public'), out, { recursive: true });
    writeFileSync(path.join(out, '404.html'), '<!doctype html><html lang="zh-CN"><body>找不到这个页面</body></html>');
    const server = serveSite(out);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const attempt of attempts) {
      const res = await get(base, attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body).toContain('找不到这个页面');
    }
    await new Promise((r) => server.close(r));
  });

  it('sends the right content types', async () => {
    expect((await get(origin, '/')).type).toBe('text/html; charset=utf-8');
    expect((await get(origin, '/assets/site.css')).type).toBe('text/css; charset=utf-8');
    expect((await get(origin, '/assets/search.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(origin, '/feed.xml')).type).toBe('application/xml; charset=utf-8');
    const redirect = await get(origin, '/issues/2022/11');
    expect(redirect.status).toBe(301);
  });
});
