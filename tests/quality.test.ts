// Quality gates on the built sample site: valid HTML, no serious accessibility violation, nothing
// fetched from another host, a Content-Security-Policy that allows only the site itself.
import { describe, expect, it } from 'vitest';
import { CSP } from '../src/render/pages.ts';
import { runAxe, seriousViolations, useServedSite } from './browser.ts';
import { htmlProblems, readSite } from './helpers.ts';

const served = useServedSite('/');

const PAGES = ['/', '/counties/', '/issues/2022/09/', '/counties/jincheng/', '/counties/jincheng/yangchengxian/', '/search/?q=%E9%9D%92%E5%B9%B4%E4%B9%8B%E5%AE%B6'];

describe('every page', () => {
  it('is valid HTML (html-validate, recommended rules)', async () => {
    const pages = readSite(served.site.out);
    expect(pages.size).toBeGreaterThan(40);
    expect(await htmlProblems(pages.values())).toEqual([]);
  });

  it('carries a Content-Security-Policy that allows only the site itself', () => {
    for (const page of readSite(served.site.out).values()) {
      const meta = page.document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      expect(meta?.getAttribute('content'), page.url).toBe(CSP);
    }
    expect(CSP).toMatch(/default-src 'self'/);
    expect(CSP).not.toMatch(/https?:|\*|unsafe-inline/);
  });
});

describe('in Chromium', () => {
  it('axe-core finds no serious or critical accessibility violation', async () => {
    // The audit script is injected inline, which the site's own policy rightly forbids.
    const context = await served.browser.newContext({ bypassCSP: true });
    const found: string[] = [];
    for (const url of PAGES) {
      const page = await context.newPage();
      await page.goto(served.site.origin + url);
      if (url.startsWith('/search/')) await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('aria-busy') === 'false');
      found.push(...seriousViolations(url, await runAxe(page)));
      await page.close();
    }
    // The audit itself works: an image without alt text on the same pages is caught.
    const control = await context.newPage();
    await control.goto(served.site.origin + '/');
    await control.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('img'), { src: '/assets/none.png' })));
    const caught = (await runAxe(control)).map((v) => v.id);
    expect(caught).toContain('image-alt');
    await context.close();
    expect(found).toEqual([]);
  });

  it('requests nothing from another host, and the policy is never violated, while browsing and searching', async () => {
    const page = await served.browser.newPage();
    const foreign: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.origin !== served.site.origin) foreign.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    for (const url of PAGES.slice(0, 3)) await page.goto(served.site.origin + url);
    await page.goto(`${served.site.origin}/search/`);
    await page.locator('#q').fill('团代表联络站');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    await page.locator('.result h3 a').first().click();
    await page.waitForLoadState('load');
    expect(foreign).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });
});
