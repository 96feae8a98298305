// The bundled archive, built for real into a temporary folder, as readers will see it.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltPage, copyContent, readSite, root, tempDir, yaoxun } from './helpers.ts';
import { writeCorpus } from '../scripts/corpus.ts';

const BASE = '/archive/';
/** 网址 in the bundled content/site.yaml */
const ADDRESS = /^网址: (.+)$/m.exec(readFileSync(path.join(root, 'content', 'site.yaml'), 'utf8'))![1];
let out: string;
let site: Map<string, BuiltPage>;

beforeAll(() => {
  out = path.join(tempDir('build'), 'site');
  const r = yaoxun(['build', '--out', out, '--base', BASE]);
  expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  expect(r.code, r.stderr).toBe(0);
  site = readSite(out);
});

const page = (url: string) => {
  const p = site.get(url);
  if (!p) throw new Error(`no page ${url}`);
  return p;
};

/** Where each link of `selector` on the page at `url` leads, as a site address (/issues/2022/09/#a1). */
const linksFrom = (url: string, selector: string) =>
  [...page(url).document.querySelectorAll(selector)].map((a) => {
    const to = new URL(a.getAttribute('href')!, `http://intranet${BASE}${url.slice(1)}`);
    return to.pathname.slice(BASE.length - 1) + to.hash;
  });

describe('the bundled archive', () => {
  it('has every kind of page: home, issues, years, counties by city, themes, search, 404 and the feed', () => {
    for (const url of ['/', '/issues/2022/11/', '/issues/2022/09/', '/years/2022/', '/counties/', '/counties/jinzhong/', '/counties/jinzhong/taiguqu/', '/themes/', '/search/', '/404.html']) {
      expect(site.has(url), url).toBe(true);
    }
    expect(existsSync(path.join(out, 'feed.xml'))).toBe(true);
  });

  it('lays out an issue like the printed bulletin', () => {
    const { document, text } = page('/issues/2022/09/');
    expect(document.querySelector('.masthead-title')?.textContent).toBe('晋团要讯');
    expect(document.querySelector('.issue-number')?.textContent).toBe('〔2022〕第9期');
    expect(text).toContain('共青团山西省委2022年9月26日');
    expect(document.querySelector('.special')?.textContent).toContain('县域共青团基层组织改革工作专刊');
    expect(document.querySelector('.editor-note strong')?.textContent).toBe('编者按：');
    expect([...document.querySelectorAll('.piece > h2')].map((h) => h.id)).toEqual(['a1', 'a2']);
    expect(document.querySelector('#a2-s2-1')?.textContent).toBe('1.育强乡建达人，点燃振兴青引擎');
    expect(document.querySelector('.distribution')?.textContent?.replace(/\s+/g, '')).toBe(
      '报：省委办公厅，省人大办公厅，省政府办公厅，省政协办公厅，团中央办公厅送：省直有关单位，各市党委政府，团省委班子成员发：市级团委，团省委机关各部门、直属事业单位',
    );
    expect(document.querySelector('.editors')?.textContent).toBe('责编：蔡孟好');
    expect(text).not.toContain('**');
  });

  it('links issues to each other and to their counties and themes', () => {
    const { document } = page('/issues/2022/11/');
    expect(document.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('../../../issues/2022/09/');
    expect(linksFrom('/issues/2022/11/', 'a[rel="prev"]')).toEqual(['/issues/2022/09/']);
    const links = [...document.querySelectorAll('.issue-links a')].map((a) => a.textContent);
    expect(links).toContain('盂县');
    expect(links).toContain('团代表联络站');
    expect(links).not.toContain('孟县');
  });

  it('links each county, theme and year a page names to that county’s, theme’s or year’s own page', () => {
    const named = (url: string, selector: string) => {
      const anchors = [...page(url).document.querySelectorAll(selector)];
      expect(anchors.length, `${url} ${selector}`).toBeGreaterThan(0);
      // A page is titled with the plain name: 2022 年 for 2022 年各期, 城区 for 城区（晋城市）.
      return anchors.map((a, i) => [a.textContent!.replace(/ 年各期$/, ' 年').replace(/（.+）$/, ''), linksFrom(url, selector)[i]]);
    };
    const pairs = [
      ...named('/issues/2022/11/', '.issue-links p a'),
      ...named('/issues/2022/11/', '.prev-next a:not([rel])'),
      ...named('/articles/jincheng-yixian-yipin/', '.issue-links p a'),
      ...named('/counties/jincheng/yangchengxian/', '.crumbs a:not(:first-child)'),
    ];
    for (const [text, to] of pairs) expect(page(to).document.querySelector('h1')?.textContent, `${text} → ${to}`).toBe(text);
  });

  it('groups counties by city, with the material that names them', () => {
    const counties = page('/counties/');
    const jinzhong = [...counties.document.querySelectorAll('section.city')].find((s) => s.querySelector('h2')?.textContent?.includes('晋中市'));
    expect([...jinzhong!.querySelectorAll('li a')].map((a) => a.textContent)).toEqual(['榆次区', '太谷区']);
    const yangcheng = page('/counties/jincheng/yangchengxian/');
    expect(yangcheng.document.querySelector('main')).toBeTruthy();
    const hrefs = linksFrom('/counties/jincheng/yangchengxian/', 'main a');
    expect(hrefs).toContain('/issues/2022/09/#a1');
    expect(hrefs).toContain('/articles/jincheng-yixian-yipin/');
    expect(hrefs).not.toContain('/issues/2022/09/#a2');
  });

  it('builds a page for every theme with material, each listing it', () => {
    const linked = linksFrom('/themes/', 'main a');
    expect(linked.length).toBeGreaterThanOrEqual(8);
    for (const href of linked) {
      const theme = page(href);
      expect(theme.document.querySelectorAll('ul.entries li').length, href).toBeGreaterThan(0);
    }
    const liaison = page('/themes/tuandaibiao-lianluozhan/');
    expect(liaison.text).toContain('团孟县县委');
  });

  it('lists 相关经验 as a reader would expect: 第9期’s 阳城县 article and the 晋城 「一县一品」 report, both on 县域改革 in 晋城, each other’s first', () => {
    const firstRelated = (url: string, id: string) => linksFrom(url, `[aria-labelledby^="${id}"] li > a`)[0];
    expect(firstRelated('/issues/2022/09/', 'a1-related')).toBe('/articles/jincheng-yixian-yipin/');
    expect(firstRelated('/articles/jincheng-yixian-yipin/', 'related')).toBe('/issues/2022/09/#a1');
    expect(page('/issues/2022/09/').document.querySelector('[aria-labelledby^="a1-related"] .why')!.textContent).toContain('同在阳城县');
    // Every article of every issue and every standalone has its list, each link landing on a page and anchor that exist.
    for (const [url, { document }] of site) {
      const pieces = url.startsWith('/issues/') ? [...document.querySelectorAll('article.piece')] : url.startsWith('/articles/') ? [document.querySelector('article.standalone')!] : [];
      for (const piece of pieces) {
        const aside = piece.querySelector('.related-experience')!;
        expect(aside.querySelector('h2, h3')!.textContent, url).toBe('相关经验');
        const targets = linksFrom(url, `[aria-labelledby="${aside.getAttribute('aria-labelledby')}"] li > a`);
        expect(targets.length, `${url} lists nothing`).toBeGreaterThan(0);
        for (const target of targets) {
          const [to, anchor] = target.split('#');
          expect(site.has(to), `${url} → ${target}`).toBe(true);
          if (anchor) expect(page(to).document.getElementById(anchor), `${url} → ${target}`).not.toBeNull();
        }
      }
    }
  });

  it('renders the blog post’s HTML body as paragraphs and keeps its source', () => {
    const { document, text } = page('/articles/jincheng-yixian-yipin/');
    expect(document.querySelectorAll('main p').length).toBeGreaterThan(10);
    expect(text).toContain('来源：中国青年报');
    expect(text).not.toContain('<p>');
  });

  it('is Chinese, self-contained, and links relatively (the 404 page from the base, since any address may show it)', () => {
    for (const p of site.values()) {
      expect(p.html, p.url).toMatch(/^<!DOCTYPE html>\s*<html lang="zh-CN">/);
      for (const el of p.document.querySelectorAll('[src], link[href], a[href]')) {
        const ref = el.getAttribute('src') ?? el.getAttribute('href')!;
        if (el.tagName === 'A' && /^https?:/.test(ref)) continue;
        // The page's own full address under site.yaml's 网址, which loads nothing (and must be absolute to count).
        if (el.matches('link[rel="canonical"]')) {
          expect(ref, p.url).toBe(new URL(p.url.slice(1), ADDRESS).href);
          continue;
        }
        expect(ref, `${p.url}: ${ref}`).not.toMatch(/^(https?:)?\/\//);
        if (ref.startsWith('#') || ref.startsWith('data:')) continue;
        expect(ref.startsWith('/'), `${p.url}: ${ref}`).toBe(p.url === '/404.html');
        // Where the link leads when the site is served at BASE, as a browser resolves it.
        const resolved = new URL(ref, `http://intranet${BASE}${p.url.slice(1)}`);
        expect(resolved.pathname.startsWith(BASE), `${p.url}: ${ref}`).toBe(true);
        const target = decodeURIComponent(resolved.pathname).slice(BASE.length - 1);
        const anchor = decodeURIComponent(resolved.hash.slice(1));
        const file = path.join(out, target.split('?')[0], target.endsWith('/') ? 'index.html' : '');
        expect(existsSync(file), `${p.url} → ${ref}`).toBe(true);
        if (anchor) expect(site.get(target)?.document.getElementById(anchor), `${p.url} → ${ref}`).toBeTruthy();
      }
    }
  });
});

describe('a build that fails', () => {
  it('writes nothing and leaves the last good site as it was', () => {
    const content = copyContent('broken');
    const target = path.join(tempDir('keep'), 'site');
    expect(yaoxun(['build', '--content', content, '--out', target]).code).toBe(0);
    const before = readFileSync(path.join(target, 'issues', '2022', '11', 'index.html'), 'utf8');
    const issue = path.join(content, 'issues', '2022', '11.md');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('日期: 2022-12-13', '日期: 2022-13-45'));
    const r = yaoxun(['build', '--content', content, '--out', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('11.md:3:1');
    expect(r.stderr).toContain('「2022-13-45」不是有效的日期');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(target, 'issues', '2022', '11', 'index.html'), 'utf8')).toBe(before);
  });

  it('refuses an output folder that would replace the content or the project', () => {
    for (const out of ['content', '.', '..', '/']) {
      const r = yaoxun(['build', '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toContain('请用单独的目录');
    }
  });
});

describe('yaoxun check and inspect', () => {
  it('check passes the bundled content with the 孟县 warning', () => {
    const r = yaoxun(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('是否应为「盂县」');
    expect(r.stdout).toMatch(/0 个错误，1 个警告/);
  });

  it('inspect prints the typed tree with positions', () => {
    const r = yaoxun(['inspect', 'content/issues/2022/11.md']);
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.stdout);
    expect(tree.meta.issue.label).toBe('〔2022〕第11期');
    expect(tree.children[0]).toMatchObject({ type: 'editorNote', position: { start: { line: 11, column: 1 } } });
    expect(tree.children[1].children[1]).toMatchObject({ type: 'section', ordinal: 1, children: [{ type: 'point', ordinal: 1, lead: '理顺工作体系' }, {}, {}] });
    // 相关经验 as the pages list them: 第9期's 阳城县 article lists the 晋城 report first, and says why.
    const nine = JSON.parse(yaoxun(['inspect', 'content/issues/2022/09.md']).stdout);
    expect(nine.linked.articles[0].related[0]).toMatchObject({ url: '/articles/jincheng-yixian-yipin/', from: '中国青年报', date: '2022-04-15', why: { counties: ['阳城县'] } });
  });
});

describe('a build with nothing to do', () => {
  it('skips work when nothing changed, still reports warnings, and rebuilds after any change', () => {
    const content = copyContent('warm');
    const out = path.join(tempDir('warm-out'), 'site');
    const args = ['build', '--content', content, '--out', out];
    expect(yaoxun(args).stdout).toContain('已生成 48 个页面');
    const again = yaoxun(args);
    expect(again.stdout).toContain('已是最新的 48 个页面');
    expect(again.stderr).toContain('「孟县」不是山西的县级行政区');
    const issue = path.join(content, 'issues', '2022', '09.md');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('镗出一条', '走出一条'));
    expect(yaoxun(args).stdout).toContain('已生成 48 个页面');
    expect(readFileSync(path.join(out, 'issues', '2022', '09', 'index.html'), 'utf8')).toContain('走出一条');
    // An output folder someone changed by hand is built again.
    writeFileSync(path.join(out, 'stray.html'), 'x');
    expect(yaoxun(args).stdout).toContain('已生成 48 个页面');
    expect(yaoxun([...args, '--base', '/yx/']).stdout).toContain('已生成 48 个页面');
    // site.yaml is content too: without 网址 the sitemap goes.
    writeFileSync(path.join(content, 'site.yaml'), '刊名: 晋团要讯\n');
    expect(yaoxun([...args, '--base', '/yx/']).stdout).toContain('已生成 47 个页面');
  });
});

describe('a build whose search template fails', () => {
  it('says so in Chinese, without a stack, and leaves no staging folder', () => {
    const project = tempDir('broken-search-template');
    cpSync(path.join(root, 'templates'), path.join(project, 'templates'), { recursive: true });
    const record = path.join(project, 'templates', 'search-record.njk');
    writeFileSync(record, readFileSync(record, 'utf8').replace('{{ body(record.children, 3) }}', '{{ nosuch() }}'));
    const content = path.join(project, 'content');
    writeCorpus(content, 30);
    const r = yaoxun(['build', '--content', 'content', '--out', 'site'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('search-record.njk');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(project).filter((name) => name.includes('building'))).toEqual([]);
  });
});
