// The sketch maps of Shanxi: boundaries that match the divisions, valid SVG with every county named,
// links that land on built pages under a --base sub-path, shading that follows the counts, a click
// and a keypress in Chromium, print within A4, and the dev server redrawing when counts change.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { DevSite } from '../src/dev/devSite.ts';
import { cities, counties } from '../src/places/divisions.ts';
import { classBounds } from '../src/render/map.ts';
import { useServedSite } from './browser.ts';
import { readSite, root, type BuiltPage } from './helpers.ts';

const BASE = '/sub/';
const code6 = (code: string) => code.slice(0, 6);
const served = useServedSite(BASE);
let pages: Map<string, BuiltPage>;
beforeAll(() => {
  pages = readSite(served.site.out);
});

interface Shape {
  name: string;
  count: number;
  /** The link's path within the site (without the base), for a county with material */
  link?: string;
  shade: string;
}

/** A link on the page at site path `page`, as the site path it leads to (links are relative to their page). */
function target(href: string, page: string): string {
  const { pathname } = new URL(href, `http://site${BASE}${page.slice(1)}`);
  expect(pathname.startsWith(BASE), pathname).toBe(true);
  return '/' + pathname.slice(BASE.length);
}

/** The county shapes of the map on the page at `url`: each path's name and count from its title, its link and class. */
function shapes(document: Document, url: string): Shape[] {
  return [...document.querySelectorAll('.map g.counties path')].map((path) => {
    const link = path.parentElement?.tagName.toLowerCase() === 'a' ? path.parentElement : undefined;
    const title = (link ?? path).querySelector('title')?.textContent ?? '';
    const [name, rest = ''] = title.split('：');
    const href = link?.getAttribute('href');
    return { name, count: Number(/(\d+) 篇/.exec(rest)?.[1] ?? 0), link: href ? target(href, url) : undefined, shade: path.getAttribute('class') ?? '' };
  });
}

const countyPages = () => [...pages.keys()].filter((url) => /^\/counties\/[^/]+\/[^/]+\/$/.test(url));
const mapMarkup = (html: string) => /<(figure|a) class="map[^"]*"[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';

describe('boundaries', () => {
  it.each(['shanxi', 'shanxi-small'])('%s.topo.json has exactly the county-level units of the divisions, by code', (file) => {
    const topo = JSON.parse(readFileSync(path.join(root, 'src', 'places', `${file}.topo.json`), 'utf8'));
    const shapes: { properties: { code: string; city: string } }[] = topo.objects.counties.geometries;
    expect(counties).toHaveLength(117);
    expect(shapes.map((s) => s.properties.code).sort()).toEqual(counties.map((c) => code6(c.code)).sort());
    for (const county of counties) expect(shapes.find((s) => s.properties.code === code6(county.code))?.properties.city).toBe(code6(county.city.code));
  });
});

describe('classes', () => {
  it('start at 1, rise, stay within the largest count and number at most four', () => {
    for (let max = 1; max <= 2000; max++) {
      const bounds = classBounds(max);
      expect(bounds[0]).toBe(1);
      expect(bounds.length).toBeLessThanOrEqual(4);
      expect(bounds.at(-1)).toBeLessThanOrEqual(max);
      for (let i = 1; i < bounds.length; i++) expect(bounds[i]).toBeGreaterThan(bounds[i - 1]);
    }
  });
});

describe('the map on /counties/', () => {
  it('is well-formed XML with 117 county shapes, each named after its county', async () => {
    const { document, html } = pages.get('/counties/')!;
    const page = await served.browser.newPage();
    const error = await page.evaluate((xml) => new DOMParser().parseFromString(xml, 'application/xml').querySelector('parsererror')?.textContent ?? null, mapMarkup(html) + '</figure>');
    await page.close();
    expect(error).toBeNull();
    const names = shapes(document, '/counties/').map((s) => s.name);
    expect(names).toHaveLength(117);
    expect(names.sort()).toEqual(counties.map((c) => c.label).sort());
    expect(document.querySelector('.map figcaption')?.textContent).toContain('示意图');
  });

  it('links every county page, and every link lands on a built page', () => {
    const links = shapes(pages.get('/counties/')!.document, '/counties/').flatMap((s) => (s.link ? [s.link] : []));
    expect(countyPages().length).toBeGreaterThan(3);
    expect(links.sort()).toEqual(countyPages().sort());
  });

  it('shades each county by the pieces its page lists: grey for none, darker for more, the most in the darkest class', () => {
    const all = shapes(pages.get('/counties/')!.document, '/counties/');
    for (const shape of all) {
      const listed = shape.link ? pages.get(shape.link)!.document.querySelectorAll('ul.entries > li').length : 0;
      expect(shape.count, shape.name).toBe(listed);
      expect(shape.shade === 'k0', shape.name).toBe(listed === 0);
    }
    const byCount = [...all].sort((a, b) => a.count - b.count);
    for (let i = 1; i < byCount.length; i++) expect(byCount[i].shade >= byCount[i - 1].shade).toBe(true);
    expect(byCount.at(-1)!.shade).toBe('k4');
  });

  it('stays under 60 KB, as does each city map; the home map is small', () => {
    const bytes = (url: string) => Buffer.byteLength(mapMarkup(pages.get(url)!.html));
    for (const url of ['/counties/', ...cities.map((c) => `/counties/${c.slug}/`)]) expect(bytes(url), url).toBeGreaterThan(1000);
    for (const url of ['/counties/', ...cities.map((c) => `/counties/${c.slug}/`)]) expect(bytes(url), url).toBeLessThan(60_000);
    expect(bytes('/')).toBeGreaterThan(1000);
    expect(bytes('/')).toBeLessThan(15_000);
  });
});

describe('city and home maps', () => {
  it('each city page shows its own counties alone, linked like the list', () => {
    for (const city of cities) {
      const own = shapes(pages.get(`/counties/${city.slug}/`)!.document, `/counties/${city.slug}/`);
      expect(own.map((s) => s.name).sort()).toEqual(counties.filter((c) => c.city === city).map((c) => c.label).sort());
      for (const shape of own) if (shape.link) expect(pages.has(shape.link), shape.link).toBe(true);
    }
  });

  it('the home page shows the whole province, small, as one link to /counties/', () => {
    const map = pages.get('/')!.document.querySelector('a.map-small');
    expect(target(map!.getAttribute('href')!, '/')).toBe('/counties/');
    expect(map?.querySelectorAll('g.counties path')).toHaveLength(117);
    expect(map?.querySelector('svg')?.getAttribute('aria-label')).toContain('示意图');
  });
});

describe('in Chromium', () => {
  it('clicking 盂县 on /counties/ lands on its page, under the --base sub-path; so does Enter on it', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1100, height: 1300 } });
    await page.goto(`${served.site.url}counties/`);
    await page.screenshot({ path: path.join(served.site.out, '..', 'counties.png') });
    const yu = counties.find((c) => c.name === '盂县')!;
    const expected = `${served.site.url}counties/${yu.city.slug}/${yu.slug}/`;
    const link = page.locator('.map a').filter({ has: page.locator('title', { hasText: /^盂县：/ }) });
    await link.click();
    await page.waitForURL(expected);
    await expect(page.locator('h1').textContent()).resolves.toBe('盂县');
    await page.goto(`${served.site.url}counties/`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(expected);
    await page.close();
  });

  it('prints the map within the A4 text block (156 × 225 mm)', async () => {
    const mm = 96 / 25.4;
    const page = await served.browser.newPage({ viewport: { width: Math.floor(156 * mm), height: Math.floor(225 * mm) } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${served.site.url}counties/`);
    const box = await page.locator('figure.map').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(156 * mm);
    expect(box!.height).toBeLessThanOrEqual(225 * mm);
    await page.close();
  });
});

describe('the dev server', () => {
  it('redraws the maps when an edit gives a county its first piece', () => {
    const dev = new DevSite(path.join(root, 'content'), path.join(root, 'templates'));
    const parse = (url: string) => parseHTML(dev.pages.get(url)!).document as unknown as Document;
    const before = shapes(parse('/counties/'), '/counties/');
    // A county with no material yet whose full name is its own (no 城区 twin).
    const county = counties.find((c) => c.label === c.name && c.name.length >= 3 && before.find((s) => s.name === c.name)!.count === 0)!;
    const file = path.join(root, 'content', 'issues', '2022', '11.md');
    dev.contentChanged(file, Buffer.from(readFileSync(file, 'utf8') + `\n${county.name}团委也建起了团代表联络站。\n`));
    dev.flush();
    for (const url of ['/counties/', `/counties/${county.city.slug}/`]) {
      const shape = shapes(parse(url), url).find((s) => s.name === county.name)!;
      expect(shape.count, url).toBe(1);
      expect(shape.shade, url).not.toBe('k0');
    }
  });
});
