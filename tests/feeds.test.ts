// The Atom feed and the sitemap as their standards require (RFC 4287; sitemaps.org 0.9): well-formed
// XML, absolute ids and locations under 网址 from content/site.yaml, tag: ids without it, and then no
// sitemap at all, said once by the build. Site facts come from site.yaml, not the templates.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { copyContent, ISSUE_FRONT_MATTER, png, readSite, yaoxun } from './helpers.ts';

const ADDRESS = 'http://intranet.example/archive/';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** An IRI with a scheme: what an Atom id must be (a relative reference is not one). */
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:/i;
const TAG_URI = /^tag:[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*,\d{4}(-\d{2}(-\d{2})?)?:[\x21-\x7e]*$/i;

function buildWith(siteYaml: string, more: (content: string) => void = () => {}) {
  const content = copyContent('feeds');
  more(content);
  const dir = path.dirname(content);
  writeFileSync(path.join(content, 'site.yaml'), siteYaml);
  const out = path.join(dir, 'site');
  return { out, ...yaoxun(['build', '--content', content, '--out', out]) };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'url'].includes(name) });

function readXml(file: string) {
  const text = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(text), file).toBe(true);
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return parser.parse(text);
}

/** RFC 4287 §4.1: one id, title and updated per feed and entry; ids absolute and unique; an alternate link per entry. */
function checkAtom(feed: Record<string, any>) {
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  for (const element of [feed, ...feed.entry]) {
    expect(String(element.id)).toMatch(ABSOLUTE_IRI);
    expect(String(element.title).length).toBeGreaterThan(0);
    expect(String(element.updated)).toMatch(RFC3339);
  }
  expect(new Set(feed.entry.map((e: any) => e.id)).size).toBe(feed.entry.length);
  for (const entry of feed.entry) expect(entry.link.some((l: any) => !l['@rel'] || l['@rel'] === 'alternate')).toBe(true);
}

/** An issue whose text links to a note, to a site page and to an image of the content folder. */
function addLinkedIssue(content: string) {
  mkdirSync(path.join(content, 'issues', '2023', 'images'), { recursive: true });
  writeFileSync(path.join(content, 'issues', '2023', 'images', 'zhan.png'), png(1, 1));
  writeFileSync(
    path.join(content, 'issues', '2023', '01.md'),
    `${ISSUE_FRONT_MATTER}\n编者按：现编发团阳城县委的做法。供学习借鉴。\n\n# 团阳城县委：联络站进社区\n\n阳城建成联络站 12 个[^1]。\n\n![联络站](images/zhan.png)\n\n[^1]: 数据截至 2022 年底。\n`,
  );
}

/**
 * What Debian's feed reader library (python3-feedparser) makes of a feed: each entry's title, summary,
 * content and the links in the content, resolved as a reader resolves them (xml:base included).
 */
function readWithFeedparser(file: string) {
  const script = `
import feedparser, json, re, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({'bozo': bool(d.bozo), 'entries': [{
  'title': e.title, 'summary': e.summary, 'summaryType': e.summary_detail.type,
  'content': [c.value for c in e.get('content', []) if c.type == 'text/html'],
  'links': [l for c in e.get('content', []) for l in re.findall(r'(?:href|src)="([^"]+)"', c.value)],
} for e in d.entries]}))`;
  // Debian's python3, where python3-feedparser is installed (another python3 may come first on PATH).
  const r = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { bozo: boolean; entries: { title: string; summary: string; summaryType: string; content: string[]; links: string[] }[] };
}

describe('with 网址 in site.yaml', () => {
  const built = buildWith(`刊名: 晋团要讯\n主办单位: 共青团山西省委\n网址: ${ADDRESS}\n`, addLinkedIssue);

  it('gives the feed absolute ids and links under 网址', () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('sitemap');
    const { feed } = readXml(path.join(built.out, 'feed.xml'));
    checkAtom(feed);
    expect(feed.id).toBe(ADDRESS);
    expect(feed.link.find((l: any) => l['@rel'] === 'self')['@href']).toBe(`${ADDRESS}feed.xml`);
    const issue = feed.entry.find((e: any) => e.title === '〔2022〕第11期');
    expect(issue.id).toBe(`${ADDRESS}issues/2022/11/`);
    expect(issue.link[0]['@href']).toBe(`${ADDRESS}issues/2022/11/`);
  });

  it("gives a feed reader each entry's 编者按 or first paragraph as its summary, and its text with absolute links", () => {
    const { bozo, entries } = readWithFeedparser(path.join(built.out, 'feed.xml'));
    expect(bozo).toBe(false);
    expect(entries).toHaveLength(5);
    for (const entry of entries) {
      expect(entry.summaryType, entry.title).toBe('text/plain');
      expect(entry.summary.length, entry.title).toBeGreaterThan(entry.title.length);
      expect(entry.content, entry.title).toHaveLength(1);
      expect(entry.content[0].length, entry.title).toBeGreaterThan(entry.summary.length);
    }
    const issue = entries.find((e) => e.title === '〔2022〕第11期')!;
    expect(issue.summary).toMatch(/^为不断增强团的政治性.*资源支撑。$/);
    expect(issue.content[0]).toContain('编者按：');
    expect(issue.content[0]).toContain('一、围绕提升组织效能，架起青年连心桥');
    const standalone = entries.find((e) => e.title.startsWith('创新聚力强引领'))!;
    expect(standalone.summary).toMatch(/^近年来,共青团晋中市太谷区委.*青春动能。$/);
    const linked = entries.find((e) => e.title === '〔2023〕第1期')!;
    expect(linked.summary).toBe('现编发团阳城县委的做法。');
    expect(linked.links).toEqual(expect.arrayContaining([`${ADDRESS}issues/2023/01/#a1-fn1`, `${ADDRESS}media/issues/2023/images/zhan.png`]));
    for (const link of entries.flatMap((e) => e.links)) expect(link.startsWith(ADDRESS), link).toBe(true);
  });

  it('lists every page in the sitemap by its full address', () => {
    const { urlset } = readXml(path.join(built.out, 'sitemap.xml'));
    expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const locs: string[] = urlset.url.map((u: any) => u.loc);
    const pages = [...readSite(built.out).keys()].filter((u) => u.endsWith('/'));
    expect(locs.sort()).toEqual(pages.map((u) => ADDRESS + u.slice(1)).sort());
    for (const loc of locs) {
      expect(new URL(loc).href).toBe(loc);
      expect(loc.length).toBeLessThan(2048);
    }
  });
});

describe('without 网址', () => {
  const built = buildWith('刊名: 晋团要讯\n主办单位: 共青团山西省委\n');

  it('gives the feed tag: ids, writes no sitemap, and says so once', () => {
    expect(built.code, built.stderr).toBe(0);
    const { feed } = readXml(path.join(built.out, 'feed.xml'));
    checkAtom(feed);
    for (const element of [feed, ...feed.entry]) expect(String(element.id)).toMatch(TAG_URI);
    expect(feed.entry.find((e: any) => e.title === '〔2022〕第11期').id).toBe('tag:jintuanyaoxun,2000:/issues/2022/11/');
    expect(existsSync(path.join(built.out, 'sitemap.xml'))).toBe(false);
    expect(built.stderr.match(/没有「网址」/g)).toHaveLength(1);
    expect(built.stderr).toContain('sitemap.xml');
  });
});

describe('site.yaml', () => {
  it('names the site on every page and in the feed, so another bulletin edits one file', () => {
    const built = buildWith('刊名: 青春临汾\n主办单位: 共青团临汾市委\n');
    expect(built.code, built.stderr).toBe(0);
    const pages = readSite(built.out);
    for (const p of pages.values()) {
      expect(p.html, p.url).not.toMatch(/晋团要讯|共青团山西省委/);
      expect(p.document.querySelector('title')?.textContent, p.url).toContain('青春临汾档案');
    }
    expect(pages.get('/issues/2022/11/')!.document.querySelector('.masthead-title')?.textContent).toBe('青春临汾');
    expect(pages.get('/')!.text).toContain('共青团临汾市委《青春临汾》');
    const { feed } = readXml(path.join(built.out, 'feed.xml'));
    expect(feed.title).toBe('青春临汾');
    expect(feed.author.name).toBe('共青团临汾市委');
  });

  it('refuses an address that is not one, and an unknown key, with the line and the fix', () => {
    const built = buildWith('刊名: 晋团要讯\n主版单位: 共青团山西省委\n网址: intranet/archive\n');
    expect(built.code).toBe(1);
    expect(built.stderr).toContain('site.yaml:2:1  错误  未知的键「主版单位」：是否应为「主办单位」？  [site-unknown-key]');
    expect(built.stderr).toContain('site.yaml:3:1  错误  「intranet/archive」不是完整的网址');
    expect(existsSync(built.out)).toBe(false);
    const twice = buildWith('刊名: 晋团要讯\n刊名: 青春临汾\n');
    expect(twice.stderr).toContain('site.yaml:2:1  错误  site.yaml 中同一个键写了两次：请删去其中一行。  [site-yaml]');
    // Valid YAML of the wrong shape is its own rule, as for themes.yaml and front-matter.
    const list = buildWith('- 刊名: 晋团要讯\n');
    expect(list.stderr).toMatch(/site\.yaml:1:1 {2}错误 {2}site\.yaml 应是「键: 值」的若干行.*\[site-shape\]/);
  });
});
