// The editor's loop in real Chromium: edit → the open page updates by itself; break → an overlay
// names the file and line while the last good page stays; fix → it recovers.
import { closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDev, type DevServer } from '../src/dev/devServer.ts';
import { serveSite } from '../src/serve/serveSite.ts';
import { outputPath } from '../src/write/writeSite.ts';
import { launchChromium } from './browser.ts';
import { copyContent, listenLoopback, png, root, tempDir, yaoxun } from './helpers.ts';

let dev: DevServer;
let origin: string;
let browser: Browser;
let content: string;
let templates: string;
/** Everything the dev server printed */
const logged: string[] = [];

beforeAll(async () => {
  content = copyContent('dev');
  templates = path.join(path.dirname(content), 'templates');
  cpSync(path.join(root, 'templates'), templates, { recursive: true });
  dev = startDev({ content, templates, publicDir: path.join(root, 'public'), searchDelay: 50, log: (line) => logged.push(line) });
  // A save made before the watcher is ready is read all the same (the server is told at `ready`).
  const early = path.join(content, 'issues', '2022', '09.md');
  writeFileSync(early, readFileSync(early, 'utf8').replace('镗出一条共青团改革的榆次新路', '闯出一条共青团改革的榆次新路'));
  origin = await listenLoopback(dev.server);
  await dev.ready;
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

  it('reads a save made while the watcher was starting', async () => {
    await dev.settled();
    expect(dev.site.pages.get('/issues/2022/09/')).toContain('闯出一条共青团改革的榆次新路');
  });

  it('re-renders only what a change touches', () => {
    const issue = path.join(content, 'issues', '2022', '09.md');
    const before = new Map(dev.site.pages);
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('闯出一条共青团改革的榆次新路', '走出一条共青团改革的榆次新路'));
    const urls = [...dev.site.contentChanged(issue), ...dev.site.flush()];
    expect(urls).toContain('/issues/2022/09/');
    // The county page lists the article by its title, date and counties: none of them changed.
    expect(urls).not.toContain('/counties/jinzhong/yuciqu/');
    expect(urls).not.toContain('/articles/taigu-chuangxin-juli/');
    expect(urls).not.toContain('/counties/jinzhong/taiguqu/');
    expect(dev.site.pages.get('/articles/taigu-chuangxin-juli/')).toBe(before.get('/articles/taigu-chuangxin-juli/'));
    expect(dev.site.pages.get('/issues/2022/09/')).toContain('走出一条共青团改革的榆次新路');
    // A new title is on every page listing the article.
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('# 团榆次区委用好用活“三”字诀', '# 团榆次区委用活“三”字诀'));
    const retitled = [...dev.site.contentChanged(issue), ...dev.site.flush()];
    expect(retitled).toContain('/counties/jinzhong/yuciqu/');
    expect(retitled).not.toContain('/counties/jinzhong/taiguqu/');
    expect(dev.site.pages.get('/counties/jinzhong/yuciqu/')).toContain('团榆次区委用活“三”字诀');
  });

  it('holds, after edits, the very pages a build of the same content writes', async () => {
    await dev.settled();
    const out = path.join(tempDir('dev-build'), 'site');
    expect(yaoxun(['build', '--content', content, '--out', out]).code).toBe(0);
    const differ = [...dev.site.pages].filter(([url, page]) => readFileSync(path.join(out, outputPath(url)), 'utf8') !== page).map(([url]) => url);
    expect(differ).toEqual([]);
    expect(dev.site.pages.size).toBe(readdirSync(out, { recursive: true }).filter((f) => /\.(html|xml)$/.test(String(f))).length);
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

/** Opens a page of the dev site and notes, in the page, whether an error overlay ever appears. */
async function openWatched(url: string) {
  const page = await browser.newPage();
  await page.goto(origin + url);
  await page.waitForFunction(() => document.querySelectorAll('script[src="/__yaoxun/live.js"]').length === 1);
  await page.evaluate(() => {
    const w = window as unknown as { errorSeen: string };
    w.errorSeen = '';
    new MutationObserver(() => {
      const overlay = document.getElementById('yaoxun-overlay');
      if (overlay) w.errorSeen ||= overlay.textContent!;
    }).observe(document.body, { childList: true });
  });
  // The event stream is open once its first message (the problems) has arrived.
  await page.waitForTimeout(200);
  return page;
}
const errorSeen = (page: Page) => page.evaluate(() => (window as unknown as { errorSeen: string }).errorSeen);

/** The file as it is now, put back when the test ends however it ends, so one failure does not spill into the next test. */
function keep(file: string): string {
  const original = readFileSync(file, 'utf8');
  onTestFinished(async () => {
    writeFileSync(file, original);
    await dev.settled();
  });
  return original;
}

/** Saves as editors' programs do: the file is truncated, then written (here with `gap` ms between). */
async function saveSlowly(file: string, text: string, gap: number) {
  const fd = openSync(file, 'w');
  if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
  writeSync(fd, text);
  closeSync(fd);
}

describe('yaoxun dev never shows a stale or half-written save', () => {
  it('shows the second of two saves 10 ms apart', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const page = await openWatched('/issues/2022/11/');
    for (let round = 0; round < 5; round++) {
      writeFileSync(issue, original.replace('二十大报告指出', `第${round}轮第一次保存`));
      await new Promise((resolve) => setTimeout(resolve, 10));
      writeFileSync(issue, original.replace('二十大报告指出', `第${round}轮第二次保存`));
      await page.waitForFunction((m) => document.body.textContent!.includes(m), `第${round}轮第二次保存`, { timeout: 10_000 });
      await dev.settled();
      expect(dev.site.pages.get('/issues/2022/11/')).toContain(`第${round}轮第二次保存`);
    }
    expect(await errorSeen(page)).toBe('');
    writeFileSync(issue, original);
    await dev.settled();
    await page.close();
  });

  it('ends on the last of 30 saves at random intervals and never shows a false error', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const page = await openWatched('/issues/2022/11/');
    const before = logged.length;
    for (let i = 1; i <= 30; i++) {
      // Between saves 0–120 ms (inside and outside the watcher's 50 ms throttle); a truncated file for up to 40 ms.
      await saveSlowly(issue, original.replace('二十大报告指出', `随机保存第${i}次`), Math.floor(Math.random() * 40));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 120)));
    }
    await page.waitForFunction(() => document.body.textContent!.includes('随机保存第30次'), null, { timeout: 10_000 });
    await dev.settled();
    await page.waitForTimeout(300);
    expect(await page.locator('main').textContent()).toContain('随机保存第30次');
    expect(dev.site.pages.get('/issues/2022/11/')).toContain('随机保存第30次');
    expect(await errorSeen(page)).toBe('');
    expect(logged.slice(before).filter((line) => line.includes('错误'))).toEqual([]);
    writeFileSync(issue, original);
    await dev.settled();
    await page.close();
  });
});

describe('yaoxun dev tells a page what changed before its events connected', () => {
  it('updates a page whose event stream connects only after the save was read', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const page = await browser.newPage();
    // The page's events are held back, as on a slow machine between page load and live.js connecting.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const connecting = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/__yaoxun/events*', async (route) => {
      asked();
      await released;
      await route.continue();
    });
    await page.goto(`${origin}/issues/2022/11/`, { waitUntil: 'domcontentloaded' });
    await connecting;
    writeFileSync(issue, original.replace('二十大报告指出', '事件连上之前的保存'));
    await dev.settled();
    expect(await page.locator('main').textContent()).not.toContain('事件连上之前的保存');
    release();
    await page.waitForFunction(() => document.body.textContent!.includes('事件连上之前的保存'), null, { timeout: 10_000 });
    // The stream goes on after the catch-up: a later save arrives as usual.
    writeFileSync(issue, original.replace('二十大报告指出', '连上之后的保存'));
    await page.waitForFunction(() => document.body.textContent!.includes('连上之后的保存'), null, { timeout: 10_000 });
    await page.close();
  });

  it('sends a change on connecting for a revision after the page’s, and only then', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const revisionOf = async (url: string) => Number(/live\.js" data-since="(\d+)"/.exec((await get(origin, url)).body)![1]);
    const served = await revisionOf('/issues/2022/11/');
    writeFileSync(issue, original.replace('二十大报告指出', '另一次保存'));
    await dev.settled();
    const fresh = await revisionOf('/issues/2022/11/');
    expect(fresh).toBeGreaterThan(served);

    const firstChange = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
      const stream = events(origin, `/__yaoxun/events?${new URLSearchParams(query)}`, headers);
      try {
        return await stream.next('change');
      } finally {
        stream.close();
      }
    };
    expect((await firstChange({ since: String(served), page: '/issues/2022/11/' })).urls).toEqual(['/issues/2022/11/']);
    expect((await firstChange({ since: String(served), page: '/issues/2022/11/index.html' })).urls).toEqual(['/issues/2022/11/']);
    // Older than the server remembers, or from another run of it: the page reloads whole.
    expect((await firstChange({ since: '0', page: '/issues/2022/11/' })).urls).toEqual(['*']);

    // A page the change did not touch, and a stream that reconnects after it was told, hear only what comes next.
    const article = path.join(content, 'articles', 'taigu-chuangxin-juli.md');
    const text = keep(article);
    const untouched = events(origin, `/__yaoxun/events?since=${served}&page=/articles/taigu-chuangxin-juli/`);
    const reconnected = events(origin, `/__yaoxun/events?since=${served}&page=/issues/2022/11/`, { 'Last-Event-ID': String(fresh) });
    await Promise.all([untouched.next('problems'), reconnected.next('problems')]);
    writeFileSync(article, text.replace('创新构建', '创新搭建'));
    for (const stream of [untouched, reconnected]) {
      expect((await stream.next('change')).urls).toContain('/articles/taigu-chuangxin-juli/');
      stream.close();
    }
  });
});

/** A server-sent event stream read by hand: next(name) resolves with the data of the next event of that name. */
function events(base: string, rawPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(base);
  const queue: { event: string; data: string }[] = [];
  let wake = () => {};
  let buffer = '';
  const req = request({ hostname, port, path: rawPath, headers }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1];
        queue.push({ event: field('event') ?? 'message', data: field('data') ?? '' });
      }
      wake();
    });
  });
  req.end();
  return {
    async next(name: string) {
      for (;;) {
        const at = queue.findIndex((e) => e.event === name);
        if (at >= 0) return JSON.parse(queue.splice(0, at + 1)[at].data);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close: () => req.destroy(),
  };
}

describe('the overlay tells the truth', () => {
  it('shows warnings apart from errors, and lets them be put away until they change', async () => {
    const page = await openWatched('/issues/2022/11/');
    const warnings = page.locator('#yaoxun-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain('11.md:13:1 「孟县」不是山西的县级行政区，是否应为「盂县」（阳泉市）？');
    expect(await page.locator('#yaoxun-overlay').count()).toBe(0);
    await warnings.getByRole('button', { name: '知道了' }).click();
    expect(await warnings.count()).toBe(0);
    await page.reload();
    await page.waitForTimeout(300);
    expect(await warnings.count()).toBe(0);
    // A new warning brings the panel back.
    const article = path.join(content, 'articles', 'taigu-chuangxin-juli.md');
    const original = keep(article);
    writeFileSync(article, original.replace('县区: [太谷区]', '县区: [太谷区, 孟县]'));
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain('县区「孟县」不是山西的县级行政区');
    writeFileSync(article, original);
    await dev.settled();
    await page.close();
  });

  it('says a broken file shows its last good version, and a new broken file shows nothing', async () => {
    const page = await openWatched('/');
    const broken = path.join(content, 'issues', '2022', '11.md');
    const original = keep(broken);
    const fresh = path.join(content, 'issues', '2023', '01.md');
    mkdirSync(path.dirname(fresh), { recursive: true });
    writeFileSync(broken, original.replace('日期: 2022-12-13', '日期: 2022-13-13'));
    writeFileSync(fresh, original.replace('期号: 〔2022〕第11期', '期号: 〔2023〕第1期').replace('日期: 2022-12-13', '日期: 明天'));
    const overlay = page.locator('#yaoxun-overlay');
    await page.waitForFunction(() => document.querySelectorAll('#yaoxun-overlay li').length === 2, null, { timeout: 10_000 });
    const items = await overlay.locator('li').allTextContents();
    expect(items.find((t) => t.includes('2022/11.md'))).toContain('现在显示：网站中显示的是这个文件上次没有错误的版本。');
    expect(items.find((t) => t.includes('2023/01.md'))).toContain('现在显示：这个文件还没有成功生成过，网站中没有它的页面。');
    expect((await get(origin, '/issues/2022/11/')).status).toBe(200);
    expect((await get(origin, '/issues/2023/01/')).status).toBe(404);
    rmSync(fresh);
    writeFileSync(broken, original);
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    await page.close();
  });

  it('serves an editor’s image, and the missing-image error goes once the image is put in place', async () => {
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const image = path.join(content, 'issues', '2022', 'images', 'lianluozhan.png');
    onTestFinished(() => rmSync(path.dirname(image), { recursive: true, force: true }));
    const page = await openWatched('/issues/2022/11/');
    writeFileSync(issue, original.replace('二十大报告指出', '![团代表联络站](images/lianluozhan.png)\n\n二十大报告指出'));
    const overlay = page.locator('#yaoxun-overlay');
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('找不到图片 images/lianluozhan.png');
    mkdirSync(path.dirname(image), { recursive: true });
    writeFileSync(image, png(4, 3));
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('main img[alt="团代表联络站"]') as HTMLImageElement | null)?.naturalWidth === 4, null, { timeout: 10_000 });
    await page.close();
  });

  it('follows site.yaml: a new 刊名 shows at once, a broken one keeps the last good facts and says so', async () => {
    const siteYaml = path.join(content, 'site.yaml');
    const original = keep(siteYaml);
    const page = await openWatched('/issues/2022/11/');
    writeFileSync(siteYaml, original.replace('刊名: 晋团要讯', '刊名: 青春临汾'));
    await page.waitForFunction(() => document.querySelector('.masthead-title')?.textContent === '青春临汾', null, { timeout: 10_000 });
    writeFileSync(siteYaml, original.replace('刊名: 晋团要讯', '刊民: 晋团要讯'));
    const overlay = page.locator('#yaoxun-overlay');
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('未知的键「刊民」：是否应为「刊名」？');
    expect(await overlay.textContent()).toContain('网站仍用上次正确的 site.yaml');
    expect(dev.site.pages.get('/issues/2022/11/')).toContain('青春临汾');
    await page.close();
  });

  it('keeps a broken themes.yaml and a broken template on screen until they are fixed, across reloads, with the last good pages served', async () => {
    const themes = path.join(content, 'themes.yaml');
    const goodThemes = keep(themes);
    const page = await openWatched('/themes/');
    const overlay = page.locator('#yaoxun-overlay');
    writeFileSync(themes, goodThemes.replace('- name: 青年之家', '- name: 青年之家\n  slug: [未闭合'));
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('主题仍按上次正确的 themes.yaml 划分。');
    expect((await get(origin, '/themes/qingnian-zhijia/')).status).toBe(200);
    await page.reload();
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('themes.yaml');
    writeFileSync(themes, goodThemes);
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });

    const layout = path.join(templates, 'layout.njk');
    const goodLayout = keep(layout);
    writeFileSync(layout, goodLayout.replace('</main>', '{% if %}</main>'));
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toMatch(/模板 .*layout\.njk.* 出错/);
    // Placed at the template's line, as a content error is at its file's.
    expect(dev.site.problems().find((p) => p.rule === 'template-error')).toMatchObject({ file: expect.stringMatching(/layout\.njk$/), line: expect.any(Number) });
    expect(await overlay.textContent()).toContain('页面仍是模板出错前生成的样子。');
    // An edit meanwhile is shown with the last good templates, and the template error stays.
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    writeFileSync(issue, original.replace('二十大报告指出', '模板坏了时的修改'));
    await dev.settled();
    expect(dev.site.pages.get('/issues/2022/11/')).toContain('模板坏了时的修改');
    await page.reload();
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('layout.njk');
    writeFileSync(layout, goodLayout);
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    writeFileSync(issue, original);
    await dev.settled();
    await page.close();
  });
});

describe('yaoxun dev after a held-back change and outside <main>', () => {
  it('shows an edit made while a link error held changes back, once the error is fixed', async () => {
    const article = path.join(content, 'articles', 'taigu-chuangxin-juli.md');
    const misnamed = path.join(content, 'articles', 'Taigu.md');
    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const text = readFileSync(article, 'utf8');
    onTestFinished(() => {
      rmSync(misnamed, { force: true });
      writeFileSync(article, text);
    });
    rmSync(article);
    writeFileSync(misnamed, text);
    await dev.settled();
    expect(dev.site.problems().some((p) => p.rule === 'article-file-name' && p.severity === 'error')).toBe(true);
    writeFileSync(issue, original.replace('二十大报告指出', '被挡住的修改'));
    await dev.settled();
    expect(dev.site.pages.get('/issues/2022/11/')).not.toContain('被挡住的修改');
    rmSync(misnamed);
    writeFileSync(article, text);
    await dev.settled();
    expect(dev.site.problems().filter((p) => p.severity === 'error')).toEqual([]);
    expect(dev.site.pages.get('/issues/2022/11/')).toContain('被挡住的修改');
  });

  it('reloads an open page whole when the layout changes, and reports a deleted image the page shows', async () => {
    const layout = path.join(templates, 'layout.njk');
    keep(layout);
    const page = await openWatched('/issues/2022/11/');
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('订阅（Atom）', '订阅（Atom 源）'));
    await page.waitForFunction(() => document.querySelector('.site-footer')?.textContent?.includes('订阅（Atom 源）'), null, { timeout: 10_000 });

    const issue = path.join(content, 'issues', '2022', '11.md');
    const original = keep(issue);
    const image = path.join(content, 'issues', '2022', 'images', 'tu.png');
    onTestFinished(() => rmSync(path.dirname(image), { recursive: true, force: true }));
    const missing = () => dev.site.problems().find((p) => p.rule === 'image-missing')?.message ?? '';
    // The page shows an image its editor has not put in place yet, then puts it in a new folder. Images
    // reach the dev server through the watcher alone (settled() re-reads content and templates), so
    // the error going away says the watcher saw the image, in a folder it watches from then on; an
    // image deleted before the watcher ever saw its folder is not what an editor does.
    writeFileSync(issue, original.replace('二十大报告指出', '![图](images/tu.png)\n\n二十大报告指出'));
    await dev.settled();
    expect(missing()).toContain('找不到图片 images/tu.png');
    mkdirSync(path.dirname(image), { recursive: true });
    writeFileSync(image, png(2, 2));
    await expect.poll(missing, { timeout: 10_000 }).toBe('');
    expect(dev.site.problems().filter((p) => p.severity === 'error')).toEqual([]);
    rmSync(image);
    await expect.poll(missing, { timeout: 10_000 }).toContain('找不到图片 images/tu.png');
    await page.close();
  });

  it('answers an address of a page named in Chinese without its slash, and goes on serving', async () => {
    const dir = tempDir('dev-cjk');
    const cjk = path.join(dir, 'content');
    cpSync(content, cjk, { recursive: true });
    cpSync(path.join(cjk, 'articles', 'taigu-chuangxin-juli.md'), path.join(cjk, 'articles', '太谷.md'));
    const other = startDev({ content: cjk, templates, publicDir: path.join(root, 'public'), log: () => {} });
    const at = await listenLoopback(other.server);
    await other.ready;
    const res = await get(at, '/articles/%E5%A4%AA%E8%B0%B7');
    expect(res.status).toBe(301);
    expect((await get(at, '/')).status).toBe(200);
    await other.close();
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
    const base = await listenLoopback(server);
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
