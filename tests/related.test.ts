// 相关经验: a fixture archive whose pieces are known to belong together (the same programme in two
// counties, one county over the years) beside unrelated ones, linked for real; then built for real,
// every article page checked for its list and every link of it for a page and anchor that exist.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DevSite } from '../src/dev/devSite.ts';
import { loadContent } from '../src/load/loadContent.ts';
import { linkContent } from '../src/link/linkContent.ts';
import type { Site } from '../src/link/linkSite.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { type BuiltPage, readSite, root, tempDir, yaoxun } from './helpers.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'related');

/** The fixture with the bundled themes.yaml, in a folder of its own. */
function fixtureContent(): string {
  const content = path.join(tempDir('related'), 'content');
  cpSync(fixture, content, { recursive: true });
  cpSync(path.join(root, 'content', 'themes.yaml'), path.join(content, 'themes.yaml'));
  return content;
}

const link = (content: string, reverse = false) => {
  const files = loadContent(content);
  if (reverse) {
    files.issues.reverse();
    files.standalones.reverse();
  }
  return linkContent(files, { parse: parseDocument }).site;
};

/** Each entry's list as the addresses it links to, by the entry's address. */
const lists = (site: Site) => Object.fromEntries([...site.related].map(([entry, list]) => [entry.url, list.map((r) => r.entry.url)]));
/** Everything a list says, for comparing two links byte for byte. */
const shown = (site: Site) => JSON.stringify([...site.related].map(([e, list]) => [e.url, list.map((r) => [r.entry.url, r.why.counties.map((c) => c.name), r.why.city?.name, r.why.themes.map((t) => t.name), r.why.words])]));

const KNOWN_PAIRS = [
  // 团代表联络站 and 一专一站两联 in 盂县 (2022) and 襄垣县 (2024)
  ['/issues/2022/04/#a1', '/issues/2024/06/#a1'],
  // 村级青年之家 in 平遥县 (an issue, 2021) and 左权县 (a report, 2023)
  ['/issues/2021/08/#a1', '/articles/zuoquan-qingnian-zhijia/'],
  // 岢岚县's 留守儿童 work, 2019 and five years on
  ['/issues/2019/03/#a1', '/articles/kelan-mama/'],
];
/** Pieces on other work: 团干部培训, 12355, 西部计划. */
const UNRELATED = ['/issues/2019/03/#a2', '/issues/2021/08/#a2', '/articles/datong-xibu-jihua/'];

describe('相关经验 over a fixture archive', () => {
  let content: string;
  let site: Site;
  beforeAll(() => {
    content = fixtureContent();
    site = link(content);
  });

  it('lists known partners in each other’s top 5, and no unrelated piece above a partner', () => {
    const byUrl = lists(site);
    for (const [a, b] of KNOWN_PAIRS) {
      for (const [from, partner] of [[a, b], [b, a]]) {
        const list = byUrl[from];
        expect(list, from).toContain(partner);
        expect(list.length).toBeLessThanOrEqual(5);
        const unrelatedAbove = list.slice(0, list.indexOf(partner)).filter((u) => UNRELATED.includes(u));
        expect(unrelatedAbove, `${from}: unrelated pieces above ${partner}`).toEqual([]);
      }
    }
  });

  it('says why: the shared programme’s words and theme, the shared county', () => {
    const why = (from: string, to: string) => site.related.get([...site.related.keys()].find((e) => e.url === from)!)!.find((r) => r.entry.url === to)!.why;
    const station = why('/issues/2022/04/#a1', '/issues/2024/06/#a1');
    expect(station.words).toContain('团代表联络站');
    expect(station.themes.map((t) => t.name)).toContain('团代表联络站');
    // 党建带团建 is in every piece of this archive: never a reason.
    expect(station.themes.map((t) => t.name)).not.toContain('党建带团建');
    expect(why('/issues/2019/03/#a1', '/articles/kelan-mama/').counties.map((c) => c.name)).toEqual(['岢岚县']);
  });

  it('never lists a piece itself or an article of the same issue', () => {
    for (const [entry, list] of site.related) {
      for (const r of list) {
        expect(r.entry.url).not.toBe(entry.url);
        expect(r.entry.material, `${entry.url} lists ${r.entry.url} of its own issue`).not.toBe(entry.material);
      }
    }
  });

  it('gives the same lists, byte for byte, from two links, whatever order the files come in', () => {
    const again = link(content, true);
    expect(shown(again)).toBe(shown(site));
  });
});

describe('相关经验 on the built pages', () => {
  let pages: Map<string, BuiltPage>;
  beforeAll(() => {
    const out = path.join(tempDir('related-site'), 'site');
    const r = yaoxun(['build', '--content', fixtureContent(), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    pages = readSite(out);
  });

  it('every article of every issue, and every standalone, carries 相关经验 whose links land on a page and anchor that exist', () => {
    const material = [...pages.values()].filter((p) => /^\/(issues\/\d{4}\/\d{2}|articles\/[^/]+)\/$/.test(p.url));
    expect(material.length).toBe(7);
    let links = 0;
    for (const page of material) {
      const pieces = page.url.startsWith('/issues/') ? [...page.document.querySelectorAll('article.piece')] : [page.document.querySelector('article.standalone')!];
      for (const piece of pieces) {
        const aside = piece.querySelector('.related-experience');
        expect(aside?.querySelector('h2, h3')?.textContent, `${page.url} ${piece.getAttribute('aria-labelledby')}`).toBe('相关经验');
        for (const a of aside!.querySelectorAll('li > a')) {
          const to = new URL(a.getAttribute('href')!, `http://intranet${page.url}`);
          const target = pages.get(to.pathname);
          expect(target, `${page.url} → ${to.pathname}`).toBeDefined();
          if (to.hash) expect(target!.document.getElementById(to.hash.slice(1)), `${page.url} → ${to.pathname}${to.hash}`).not.toBeNull();
          links++;
        }
      }
    }
    expect(links).toBeGreaterThan(10);
  });

  it('shows title, 期号 or source, date, county and why', () => {
    const item = [...pages.get('/articles/kelan-mama/')!.document.querySelectorAll('.related-experience li')][0];
    expect(item.querySelector('a')!.textContent).toBe('团岢岚县委：关爱留守儿童 “岢岚妈妈”结对帮扶暖童心');
    expect(item.querySelector('.meta')!.textContent).toBe('〔2019〕第3期 · 2019年5月20日 · 岢岚县');
    expect(item.querySelector('.why')!.textContent).toMatch(/^同在岢岚县；同为「[^」]+」.*；都讲到/);
  });
});

describe('相关经验 in yaoxun dev', () => {
  it('an edit to one file re-renders another page whose list it changed, at once', () => {
    const content = fixtureContent();
    const dev = new DevSite(content, path.join(root, 'templates'));
    expect(dev.pages.get('/issues/2024/06/')).not.toContain('datong-xibu-jihua');
    // The 大同 report now tells of 团代表联络站 as 襄垣县's article does: 襄垣's list changes, its file does not.
    const datong = path.join(content, 'articles', 'datong-xibu-jihua.md');
    const station = '团代表联络站建设，落实“一专一站两联”，团代表定期进站接待青年，团代表联络站制定团代表履职积分管理。';
    const updated = dev.contentChanged(datong, Buffer.from(readFileSync(datong, 'utf8') + `\n${station.repeat(3)}\n`));
    expect(updated).toContain('/issues/2024/06/');
    expect(dev.pages.get('/issues/2024/06/')).toContain('datong-xibu-jihua');
  });
});
