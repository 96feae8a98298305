// Markup pasted from the web, with everything a reader's browser must never run or fetch.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServedSite } from './browser.ts';
import { ISSUE_FRONT_MATTER, readSite, tempDir } from './helpers.ts';

const HOSTILE = `${ISSUE_FRONT_MATTER}
编者按：以下内容从网页粘贴。

# 团阳城县委：粘贴自网页的经验

<div onclick="steal()" style="position:fixed">粘贴的段落<script>alert('script')</script></div>

<iframe src="https://evil.example/frame"></iframe>

<img src="https://evil.example/track.png" alt="外链图"> <img src="/assets/none.png" onerror="alert('onerror')" alt="本站图"> <img src="/\\evil.example/slash.png" alt="斜杠图">

<a href="javascript:alert('href')">点我</a> <a href="https://www.gqt.org.cn/">共青团中央</a>

<style>body { display: none }</style>

<object data="https://evil.example/x.swf"></object><form action="https://evil.example/"><input name="q"></form>

<table><tr><td>青年之家</td><td>28 家</td></tr></table>

正文里写到代码 \`<img src=x onerror=alert('text')>\`，青年之家照常开放。
`;

const served = useServedSite('/', () => {
  const content = path.join(tempDir('hostile'), 'content');
  mkdirSync(path.join(content, 'issues', '2023'), { recursive: true });
  writeFileSync(path.join(content, 'issues', '2023', '01.md'), HOSTILE);
  return content;
});

describe('pasted web markup', () => {
  it('is cleaned to what a bulletin needs: no script, style, frame, handler or javascript: URL', () => {
    const page = readSite(served.site.out).get('/issues/2023/01/')!;
    const main = page.document.querySelector('main')!;
    expect(main.querySelectorAll('script, style, iframe, object, embed, form, input').length).toBe(0);
    for (const element of main.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        expect(name, element.outerHTML).not.toMatch(/^on|^style$/);
        expect(value, element.outerHTML).not.toMatch(/^\s*javascript:|evil\.example/);
      }
    }
    expect(main.textContent).not.toContain('display: none');
    expect(main.querySelector('table td')?.textContent).toBe('青年之家');
    // A pasted <img> is never a broken image: only the site's own checked /media/ images show; the alt text stays.
    expect(main.querySelectorAll('img').length).toBe(0);
    expect(main.textContent).toContain('本站图');
    expect(main.textContent).toContain('外链图');
    expect(main.textContent).toContain('斜杠图');
    expect(main.querySelector('a[href="https://www.gqt.org.cn/"]')).toBeTruthy();
    expect(main.textContent).toContain("<img src=x onerror=alert('text')>");
  });

  it('runs nothing and fetches nothing from elsewhere in Chromium, on the page and in search results', async () => {
    const page = await served.browser.newPage();
    const dialogs: string[] = [];
    const foreign: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(served.site.origin) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(`${served.site.origin}/issues/2023/01/`);
    await page.locator('main a', { hasText: '点我' }).click();
    await page.goto(`${served.site.origin}/search/?q=${encodeURIComponent('青年之家')}`);
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    const excerpts = page.locator('.result .excerpt');
    expect(await excerpts.locator('img, script').count()).toBe(0);
    expect((await excerpts.allTextContents()).join()).toContain('青年之家');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
