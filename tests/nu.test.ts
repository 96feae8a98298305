// The pages as other programs read them: the W3C Nu HTML Checker (npm vnu-jar, run with Debian's
// Java) over every page of the bundled archive and sample pages of a generated one, in one Java
// start; and the head every page gives search engines — a description of its own, a canonical
// address under 网址.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigArchiveBuilt } from './bigArchive.ts';
import { type BuiltPage, readSite, tempDir, yaoxun } from './helpers.ts';

/** The checker itself; the package's own script would fetch a Java, and Debian's is used instead. */
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
}

/**
 * Checked from their files, the pages' meta CSP is judged at file: addresses, where the checker
 * counts the site's own stylesheet and scripts as another origin and warns that the CSP blocks them.
 * Browsers load them from a folder (folder.test.ts and firefox.test.ts check the styles apply) and
 * served; the checker will not fetch from a loopback server ("Forbidden host"), so this one warning
 * is read and set aside.
 */
const FILE_CSP = /^Resource violates Content Security Policy \(meta tag\): external (stylesheet|script) “(\.\.\/)*\/?assets\/[a-z-]+\.(css|js)” blocked by “(style|script)-src” directive\.$/;

/** What the Nu checker says of the files: errors and warnings, one line each (its plain info notes left out). */
function nuProblems(files: string[]): string[] {
  const r = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  const { messages } = JSON.parse(r.stderr) as { messages: NuMessage[] };
  return messages
    .filter((m) => m.type !== 'info' || m.subType === 'warning')
    .filter((m) => !FILE_CSP.test(m.message))
    .map((m) => `${m.url}:${m.lastLine ?? ''} ${m.type}${m.subType ? `/${m.subType}` : ''} ${m.message}`);
}

const fileOf = (out: string, url: string) => path.join(out, url.endsWith('/') ? `${url}index.html` : url);

let bundled: { out: string; pages: Map<string, BuiltPage> };
let generated: { out: string; urls: string[] };

beforeAll(() => {
  const dir = tempDir('nu');
  const build = (content: string, out: string) => {
    const r = yaoxun(['build', '--content', content, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    return { out, pages: readSite(out) };
  };
  bundled = build('content', path.join(dir, 'bundled'));
  // The archive at its real size (1,000 issues): index pages with lists as long as staff will see.
  const out = bigArchiveBuilt();
  const urls = readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/' + f.split(path.sep).join('/').replace(/index\.html$/, ''));
  generated = { out, urls };
});

/** One page of each kind of a generated archive, and a spread of its issues. */
function samplePages(all: string[]): string[] {
  const urls = [...all].sort();
  const issues = urls.filter((u) => u.startsWith('/issues/'));
  const firstOf = (prefix: RegExp) => urls.filter((u) => prefix.test(u)).slice(0, 3);
  return [
    ...urls.filter((u) => !/^\/(issues|counties|themes|years)\/./.test(u)),
    ...firstOf(/^\/years\/\d+\/$/),
    ...firstOf(/^\/counties\/[a-z]+\/$/),
    ...firstOf(/^\/counties\/[a-z]+\/[a-z]+\/$/),
    ...firstOf(/^\/themes\/[a-z0-9-]+\/$/),
    ...issues.filter((_, i) => i % 20 === 0),
  ];
}

describe('the Nu HTML Checker', () => {
  it('finds no error and no warning on any page of the bundled archive, nor on sample pages of a generated one', () => {
    const generatedSample = samplePages(generated.urls);
    expect(generatedSample.length).toBeGreaterThan(20);
    // In the same run (one Java start), a page made wrong as the checker must see: a heading skipping a level, a stray element.
    const broken = path.join(tempDir('nu-broken'), 'index.html');
    const article = bundled.pages.get('/articles/taigu-chuangxin-juli/')!.html;
    writeFileSync(broken, article.replace(/<h2 id="s1" class="section-heading">(.*?)<\/h2>/, '<h3>$1</h3>').replace('<main id="main">', '<main id="main"><li>x</li>'));
    const files = [...[...bundled.pages.keys()].map((u) => fileOf(bundled.out, u)), ...generatedSample.map((u) => fileOf(generated.out, u)), broken];
    const problems = nuProblems(files);
    const [ofBroken, ofSite] = [problems.filter((p) => p.includes(broken)), problems.filter((p) => !p.includes(broken))];
    expect(ofSite).toEqual([]);
    expect(ofBroken.join('\n')).toMatch(/heading “h3”.*follows the heading “h1”.*skipping 1 heading level/);
    expect(ofBroken.join('\n')).toMatch(/Element “li” not allowed as child of element “main”/);
  });
});

describe('the head of every page', () => {
  it('has a description of its own: the 编者按 for an issue, the first paragraph for an article, a sentence for an index', () => {
    const descriptions = new Map<string, string>();
    for (const page of bundled.pages.values()) {
      const description = page.document.querySelector('meta[name="description"]')?.getAttribute('content') ?? '';
      expect(description.length, page.url).toBeGreaterThan(10);
      expect(descriptions.get(description), `${page.url} says what another page says`).toBeUndefined();
      descriptions.set(description, page.url);
    }
    const said = (url: string) => bundled.pages.get(url)!.document.querySelector('meta[name="description"]')!.getAttribute('content');
    expect(said('/issues/2022/11/')).toMatch(/^为不断增强团的政治性.*资源支撑。$/);
    expect(said('/articles/taigu-chuangxin-juli/')).toMatch(/^近年来,共青团晋中市太谷区委.*青春动能。$/);
    expect(said('/counties/jinzhong/yuciqu/')).toBe('《晋团要讯》中写到晋中市榆次区的经验材料，共 1 篇。');
  });

  it('names its canonical address under 网址, except the 404 page, which stands at any address', () => {
    const sample = samplePages(generated.urls);
    expect(sample).toContain('/404.html');
    for (const url of sample) {
      const { document } = parseHTML(readFileSync(fileOf(generated.out, url), 'utf8'));
      const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
      expect(canonical, url).toBe(url === '/404.html' ? undefined : `http://intranet.example/archive${url}`);
    }
  });
});
