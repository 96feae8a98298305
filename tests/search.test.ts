// Search as staff use it, in real Chromium against the real Pagefind index of the bundled archive.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { buildAndServe, useServedSite } from './browser.ts';
import { tempDir } from './helpers.ts';

const BASE = '/yx/';
const served = useServedSite(BASE);

/** The search bundles' folders, as the search page finds them. */
const bundles = () => (JSON.parse(readFileSync(path.join(served.site.out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: { path: string }[] }).bundles.map((b) => b.path);

/** The material text of a built page: the bulletin or article, without the 报/送/发 footer. */
function materialText(url: string): string {
  const file = path.join(served.site.out, url.slice(BASE.length), 'index.html');
  const { document } = parseHTML(readFileSync(file, 'utf8'));
  const main = document.querySelector('.bulletin, .standalone')!;
  main.querySelector('.closing')?.remove();
  // 相关经验 names other material: what this page lists, not what it holds.
  for (const list of main.querySelectorAll('.related-experience')) list.remove();
  return main.textContent!.replace(/\s+/g, '');
}

const MATERIAL = ['issues/2022/11/', 'issues/2022/09/', 'articles/taigu-chuangxin-juli/', 'articles/jincheng-yixian-yipin/'].map((u) => BASE + u);

async function searchPage(query: string, params = ''): Promise<Page> {
  const page = await served.browser.newPage();
  await page.goto(`${served.site.url}search/?q=${encodeURIComponent(query)}${params}`);
  await settled(page);
  return page;
}

/** Waits until the search page has shown the results for its current state. */
async function settled(page: Page) {
  await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('aria-busy') === 'false');
}

const resultLinks = (page: Page) => page.locator('.result h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
/** The result count a filter value's label ends with. */
const labelCount = (label: string | null) => Number(/(\d+)\s*$/.exec(label!)![1]);

// Places, work names, numbers and 2- to 6-character words, as staff type them.
const QUERIES = [
  '电商', '团代表联络站', '青年之家', '推优入党', '12355', '阳城', '榆次', '太谷', '盂县', '晋城',
  '志愿服务', '乡村振兴', '希望工程', '青年突击队', '少先队', '网上社群', '一专一站两联', '团干部',
  '疫情防控', '大学生', '抖音', '公众号', '青农联', '心理健康', '困境青少年', '创新创业', '党建带团建',
  '两新', '助农', '5400', '数据库', '石榴籽', '小花妹妹', '青年夜校', '团县委',
];

describe('a query typed before the search script is ready', () => {
  it('is searched, not wiped when the script starts', async () => {
    const page = await served.browser.newPage();
    // Pagefind's script held back until the query is typed: the page's own script starts after it.
    let release!: () => void;
    const typed = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/pagefind/pagefind.js', async (route) => {
      await typed;
      await route.continue();
    });
    await page.goto(`${served.site.url}search/`);
    await page.locator('#q').fill('青年之家');
    release();
    await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('data-ready') === 'true');
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    expect(await page.locator('#q').inputValue()).toBe('青年之家');
    await page.close();
  });
});

describe('search in Chinese', () => {
  it(`finds every material page containing each of ${QUERIES.length} queries, the query in the first result`, async () => {
    const texts = new Map(MATERIAL.map((u) => [u, materialText(u)]));
    const page = await served.browser.newPage();
    const misses: string[] = [];
    let expected = 0;
    for (const q of QUERIES) {
      await page.goto(`${served.site.url}search/?q=${encodeURIComponent(q)}`);
      await settled(page);
      // Recall counts every result, not only the first page.
      while (await page.locator('.more').isVisible()) {
        await page.click('.more');
        await settled(page);
      }
      const links = await resultLinks(page);
      const found = new Set(links.map((l) => l.split('#')[0]));
      const truth = MATERIAL.filter((u) => texts.get(u)!.includes(q));
      expected += truth.length;
      for (const u of truth) if (!found.has(u)) misses.push(`${q} → ${u}`);
      expect(truth.length, `${q} is in the archive`).toBeGreaterThan(0);
      // The first result is an article (or a section of one) that holds the query as written.
      const [first] = links;
      const [url, anchor] = first.split('#');
      const { document } = parseHTML(readFileSync(path.join(served.site.out, url.slice(BASE.length), 'index.html'), 'utf8'));
      const target = anchor ? document.getElementById(anchor)!.closest('article, section, .editor-note, p')! : document.querySelector('.standalone')!;
      expect(target.textContent!.replace(/\s+/g, ''), `first result for ${q}: ${first}`).toContain(q);
    }
    expect(misses, 'missed pages').toEqual([]);
    expect(expected).toBeGreaterThan(QUERIES.length);
    await page.close();
  });

  it('indexes material only: not navigation, the 报/送/发 footer or index pages', async () => {
    const page = await searchPage('');
    const contents = async (q: string) =>
      // A string, so the test runner does not rewrite the browser's import().
      page.evaluate<{ url: string; content: string; meta: { page: string } }[]>(`(async () => {
        const pagefind = await import('${BASE}pagefind/pagefind.js');
        const { bundles } = await (await fetch('${BASE}pagefind/facets.json')).json();
        await pagefind.options({ basePath: '${BASE}pagefind/' + bundles[0].path });
        for (const b of bundles.slice(1)) await pagefind.mergeIndex('${BASE}pagefind/' + b.path);
        const search = await pagefind.search(${JSON.stringify(q)});
        return Promise.all(search.results.map((r) => r.data()));
      })()`);
    // Every page's footer and header carry these; no indexed record does.
    for (const q of ['省委办公厅', '团中央办公厅', '晋团要讯档案', '按县区浏览']) {
      for (const record of await contents(q)) expect(record.content.replace(/\s+/g, ''), `${q} in ${record.url}`).not.toContain(q);
    }
    const urls = (await contents('青年')).map((r) => BASE + r.meta.page.slice(1));
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(MATERIAL, url).toContain(url);
    await page.close();
  });
});

describe('the search index on the wire', () => {
  it('is sent as the gzip streams Pagefind wrote, marked as such only for clients that accept it', async () => {
    const [bundle] = bundles();
    const [fragment] = readdirSync(path.join(served.site.out, 'pagefind', bundle, 'fragment')).map((f) => `${bundle}fragment/${f}`);
    const fetchRaw = (headers: Record<string, string>) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) =>
        get(`${served.site.url}pagefind/${fragment}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    const gzipped = await fetchRaw({ 'accept-encoding': 'gzip, deflate' });
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.body).subarray(0, 12).toString()).toBe('pagefind_dcd');
    const plain = await fetchRaw({});
    expect(plain.encoding).toBeUndefined();
    expect(plain.body).toEqual(gzipped.body);
  });

  it('is kept by the browser where Pagefind names a file by its content: back from an article, nothing is fetched again', async () => {
    const asked: string[] = [];
    const count = (req: IncomingMessage) => asked.push(req.url!);
    served.site.server.on('request', count);
    const page = await searchPage('电商');
    expect(asked.filter((u) => /\.pf_/.test(u)).length).toBeGreaterThan(2);
    asked.length = 0;
    await page.locator('.result h3 a').first().click();
    await page.waitForURL((u) => !u.pathname.endsWith('/search/'));
    await page.goto(`${served.site.url}search/?q=${encodeURIComponent('电商')}`);
    await settled(page);
    served.site.server.off('request', count);
    // The rest (pagefind.js, the entry file, facets.json) is asked for again, so a rebuilt site is seen at once.
    expect(asked).toContainEqual(expect.stringMatching(/pagefind-entry\.json/));
    expect(asked.filter((u) => /\.pf_/.test(u))).toEqual([]);
    expect(await resultLinks(page)).not.toHaveLength(0);
    await page.close();
  });

  it('comes with the date and filter values of every indexed page in every bundle, as Pagefind recorded them', () => {
    const dir = path.join(served.site.out, 'pagefind');
    const facets = JSON.parse(readFileSync(path.join(dir, 'facets.json'), 'utf8')) as { values: [string, string][]; pages: Record<string, number[]> };
    const fragments = bundles().flatMap((b) => readdirSync(path.join(dir, b, 'fragment')).map((f) => path.join(b, 'fragment', f)));
    expect(bundles().length).toBeGreaterThan(1);
    expect(Object.keys(facets.pages).sort()).toEqual(fragments.map((f) => path.basename(f, '.pf_fragment')).sort());
    for (const file of fragments) {
      const fragment = JSON.parse(gunzipSync(readFileSync(path.join(dir, file))).subarray(12).toString());
      const recorded = Object.entries(fragment.filters as Record<string, string[]>).filter(([f]) => f !== '期号').flatMap(([f, vs]) => vs.map((v) => `${f}=${v}`));
      const [date, ...positions] = facets.pages[path.basename(file, '.pf_fragment')];
      expect(positions.map((i) => facets.values[i].join('=')).sort(), file).toEqual(recorded.sort());
      expect(date, file).toBe(fragment.meta['日期'] ? Number(fragment.meta['日期'].replace(/(\d+)年(\d+)月(\d+)日/, (_: string, y: string, m: string, d: string) => y + m.padStart(2, '0') + d.padStart(2, '0'))) : 0);
    }
    expect(facets.values).toContainEqual(['县区', '阳城县']);
  });
});

describe('the search page', () => {
  it('is reached from every page’s header and lands on the article a result names', async () => {
    const page = await served.browser.newPage();
    await page.goto(served.site.url);
    await page.locator('#site-q').fill('团代表联络站');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/yx\/search\/\?q=/);
    await settled(page);
    await expect(page.inputValue('#q')).resolves.toBe('团代表联络站');
    // Type a new query into the search page itself, then follow the first result.
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('青农联', { delay: 30 });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '青农联');
    await settled(page);
    const first = page.locator('.result h3 a').first();
    await expect(first.textContent()).resolves.toContain('〔2022〕第9期 团榆次区委');
    await expect(page.locator('.result .meta').first().textContent()).resolves.toContain('2022年9月26日');
    expect(await page.locator('.result').first().locator('.excerpt mark').allTextContents()).toContain('青农联');
    const href = (await first.getAttribute('href'))!;
    expect(href).toMatch(/^\/yx\/issues\/2022\/09\/#a2/);
    await first.click();
    await page.waitForURL((u) => u.pathname === '/yx/issues/2022/09/');
    const anchor = href.split('#')[1];
    const landed = page.locator(`[id="${anchor}"]`);
    await expect(landed.isVisible()).resolves.toBe(true);
    const box = await landed.boundingBox();
    expect(box!.y).toBeLessThan(page.viewportSize()!.height);
    await page.close();
  });

  it('narrows by county with a filter that shows counts, and puts it in the URL', async () => {
    const page = await searchPage('青年之家');
    const before = await resultLinks(page);
    expect(before.length).toBeGreaterThan(2);
    const yangcheng = page.locator('input[name="县区"][value="阳城县"]');
    const label = await page.locator(`label[for="${await yangcheng.getAttribute('id')}"]`).textContent();
    expect(label).toMatch(/阳城县\s*\d+/);
    await yangcheng.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('县区') === '阳城县');
    await settled(page);
    const after = await resultLinks(page);
    expect(after.length).toBeLessThan(before.length);
    expect(after.length).toBeGreaterThan(0);
    // The count the filter showed is the number of results it leaves, and the box keeps the focus.
    const shown = labelCount(label);
    await expect(page.locator('.results-status').textContent()).resolves.toContain(`找到 ${shown} 条结果`);
    expect(after.length).toBe(shown);
    await expect(yangcheng.evaluate((box) => box === document.activeElement)).resolves.toBe(true);
    for (const meta of await page.locator('.result .meta').allTextContents()) expect(meta).toContain('阳城县');
    expect(after).not.toContain('/yx/issues/2022/09/#a2');
    await page.close();
  });

  it('treats two values of one filter as alternatives', async () => {
    const counties = (...names: string[]) => names.map((c) => `&${encodeURIComponent('县区')}=${encodeURIComponent(c)}`).join('');
    const only = async (county: string) => {
      const page = await searchPage('青年', counties(county));
      const links = await resultLinks(page);
      await page.close();
      return links;
    };
    const [yangcheng, yuci] = [await only('阳城县'), await only('榆次区')];
    expect(yangcheng.length).toBeGreaterThan(0);
    expect(yuci.length).toBeGreaterThan(0);
    // With 阳城县 ticked, another county counts its own results, and a city counts what it leaves of 阳城县's.
    const ticked = await searchPage('青年', counties('阳城县'));
    const count = async (name: string, value: string) => labelCount(await ticked.locator(`input[name="${name}"][value="${value}"] + label`).textContent());
    await expect(count('县区', '榆次区')).resolves.toBe(yuci.length);
    await expect(count('城市', '晋城市')).resolves.toBe(yangcheng.length);
    const years = (await ticked.locator('.result .meta').allTextContents()).map((m) => m.slice(0, 4));
    expect(years).toHaveLength(yangcheng.length);
    const shownYears = await ticked.locator('input[name="年份"]').evaluateAll((boxes) => boxes.filter((b) => !b.parentElement!.hidden).map((b) => (b as HTMLInputElement).value));
    expect(shownYears.length).toBeGreaterThan(0);
    for (const year of shownYears) await expect(count('年份', year)).resolves.toBe(years.filter((y) => y === year).length);
    await ticked.close();
    const page = await searchPage('青年', counties('阳城县', '榆次区'));
    expect(new Set(await resultLinks(page))).toEqual(new Set([...yangcheng, ...yuci]));
    for (const meta of await page.locator('.result .meta').allTextContents()) expect(meta).toMatch(/阳城县|榆次区/);
    await page.close();
  });

  it('restores query and filters from a shared URL, and back/forward move between searches', async () => {
    const page = await searchPage('电商', `&${encodeURIComponent('县区')}=${encodeURIComponent('阳城县')}`);
    await expect(page.inputValue('#q')).resolves.toBe('电商');
    await expect(page.locator('input[name="县区"][value="阳城县"]').isChecked()).resolves.toBe(true);
    const filtered = await resultLinks(page);
    expect(filtered.length).toBeGreaterThan(0);
    for (const meta of await page.locator('.result .meta').allTextContents()) expect(meta).toContain('阳城县');
    await page.locator('input[name="县区"][value="阳城县"]').uncheck();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('县区'));
    await settled(page);
    expect((await resultLinks(page)).length).toBeGreaterThan(filtered.length);
    await page.goBack();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('县区') === '阳城县');
    await settled(page);
    await expect(page.locator('input[name="县区"][value="阳城县"]').isChecked()).resolves.toBe(true);
    expect(await resultLinks(page)).toEqual(filtered);
    await page.goForward();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('县区'));
    await settled(page);
    await expect(page.locator('input[name="县区"][value="阳城县"]').isChecked()).resolves.toBe(false);
    await page.close();
  });

  it('lists a county’s material newest first when only a filter is chosen, undated material included', async () => {
    const page = await searchPage('', `&${encodeURIComponent('县区')}=${encodeURIComponent('太谷区')}`);
    const links = await resultLinks(page);
    expect(links).toContain('/yx/articles/taigu-chuangxin-juli/');
    const dates = (await page.locator('.result .meta').allTextContents()).map((m) => m.split(' · ')[0]);
    expect(dates.at(-1)).toBe('日期不详');
    await page.close();
  });

  it.each([
    ['第9期', '/yx/issues/2022/09/'],
    ['〔2022〕第11期', '/yx/issues/2022/11/'],
    ['2022年第11期', '/yx/issues/2022/11/'],
    ['[2022]第9期', '/yx/issues/2022/09/'],
    ['第１１期', '/yx/issues/2022/11/'],
  ])('puts the issue a query names by its number first: %s', async (query, issue) => {
    const page = await searchPage(query);
    const links = await resultLinks(page);
    expect(links[0]?.split('#')[0]).toBe(issue);
    await page.close();
  });

  it('on a phone, folds the filters behind one control that says how many are chosen, so results show first', async () => {
    const page = await served.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${served.site.url}search/?q=${encodeURIComponent('青年')}&${encodeURIComponent('县区')}=${encodeURIComponent('阳城县')}`);
    await settled(page);
    const toggle = page.locator('.filters-toggle');
    await expect(toggle.textContent()).resolves.toBe('筛选（已选 1 项）');
    await expect(page.locator('.filter-groups').isVisible()).resolves.toBe(false);
    const first = await page.locator('.result').first().boundingBox();
    expect(first!.y + first!.height).toBeLessThan(844);
    await toggle.click();
    await expect(page.locator('input[name="县区"][value="阳城县"]').isVisible()).resolves.toBe(true);
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.close();
  });

  it('sorts by date when asked', async () => {
    const page = await searchPage('青年', '&sort=date-asc');
    await expect(page.inputValue('#sort')).resolves.toBe('date-asc');
    const dates = (await page.locator('.result .meta').allTextContents()).map((m) => m.split(' · ')[0]).filter((d) => d !== '日期不详');
    const iso = dates.map((d) => d.replace(/(\d+)年(\d+)月(\d+)日/, (_, y, m, dd) => `${y}-${m.padStart(2, '0')}-${dd.padStart(2, '0')}`));
    expect(iso.length).toBeGreaterThan(2);
    expect(iso).toEqual([...iso].sort());
    await page.close();
  });
});

describe('a search with more results than one page holds', () => {
  let corpus: Awaited<ReturnType<typeof buildAndServe>>;
  beforeAll(async () => {
    const content = path.join(tempDir('corpus'), 'content');
    writeCorpus(content, 60);
    // A code written in full-width letters and digits, as some sources have it.
    appendFileSync(path.join(content, 'issues', '2024', '01.md'), '\n团市委上线ＸＹＺ９８７服务平台。\n');
    // Small blocks: the index comes in several bundles by time, as a large archive's does.
    corpus = await buildAndServe('/', content, { YAOXUN_BLOCK_RECORDS: '40' });
  });
  afterAll(() => corpus?.close());

  it.each(['XYZ987', 'ＸＹＺ９８７', 'xyz987'])('finds full-width letters and digits as their ASCII forms: %s', async (query) => {
    const page = await served.browser.newPage();
    await page.goto(`${corpus.url}search/?q=${encodeURIComponent(query)}`);
    await settled(page);
    expect((await resultLinks(page))[0]?.split('#')[0]).toBe('/issues/2024/01/');
    await page.close();
  });

  it('lists the records holding the phrase, and those holding only some of its words when asked for', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${corpus.url}search/?q=${encodeURIComponent('上线XYZ987服务平台')}`);
    await settled(page);
    const status = page.locator('.results-status');
    await expect(status.textContent()).resolves.toBe('找到 1 条结果');
    expect((await resultLinks(page)).map((l) => l.split('#')[0])).toEqual(['/issues/2024/01/']);
    // The filter counts number what is listed: the one record holding the phrase.
    const years = await page.locator('input[name="年份"] + label .count').allTextContents();
    expect(years.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    await expect(page.locator('.more').textContent()).resolves.toBe('显示只含部分词语的结果');
    await page.click('.more');
    await settled(page);
    const links = await resultLinks(page);
    expect(links[0].split('#')[0]).toBe('/issues/2024/01/');
    expect(links.length).toBeGreaterThan(1);
    expect(new Set(links).size).toBe(links.length);
    await expect(status.textContent()).resolves.toMatch(/^找到 1 条结果，另有 \d+ 条只含其中部分词语/);
    // Still one: the records holding some of the words are not what the counts number.
    expect((await page.locator('input[name="年份"] + label .count').allTextContents()).map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    await page.close();
  });

  it.each(['date-desc', 'date-asc'])('sorts by date across the index’s bundles (%s): no result out of order', async (sort) => {
    const manifest = JSON.parse(readFileSync(path.join(corpus.out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: unknown[] };
    expect(manifest.bundles.length).toBeGreaterThan(1);
    const page = await served.browser.newPage();
    await page.goto(`${corpus.url}search/?q=${encodeURIComponent('团')}&sort=${sort}`);
    await settled(page);
    for (let i = 0; i < 3; i++) {
      await page.click('.more');
      await settled(page);
    }
    const dates = (await page.locator('.result .meta').allTextContents()).map((m) => {
      const [, y, mo, d] = /(\d+)年(\d+)月(\d+)日/.exec(m)!;
      return Number(y) * 10000 + Number(mo) * 100 + Number(d);
    });
    expect(dates.length).toBeGreaterThanOrEqual(24);
    const inversions = dates.slice(1).filter((d, i) => (sort === 'date-desc' ? d > dates[i] : d < dates[i]));
    expect(inversions).toEqual([]);
    await page.close();
  });

  it('shows one page at a time and the next on request, once however often it is clicked, keyboard focus on the first new result', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${corpus.url}search/?q=${encodeURIComponent('团')}`);
    await settled(page);
    const status = page.locator('.results-status');
    const total = Number((await status.textContent())!.match(/找到 (\d+) 条/)![1]);
    const first = await resultLinks(page);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(total, 'more than two pages of results').toBeGreaterThan(2 * first.length);
    await expect(status.textContent()).resolves.toContain(`显示前 ${first.length} 条`);
    // Twice, quickly: the second click must not fetch the same page again.
    await page.dblclick('.more');
    await settled(page);
    const both = await resultLinks(page);
    expect(both.slice(0, first.length)).toEqual(first);
    expect(both).toHaveLength(2 * first.length);
    expect(new Set(both).size, 'no result twice').toBe(both.length);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('href'))).resolves.toBe(both[first.length]);
    await expect(status.textContent()).resolves.toContain(`显示前 ${both.length} 条`);
    await expect(page.locator('.more').isVisible()).resolves.toBe(true);
    await page.close();
  });
});
