// Shared by the integration tests: a real build of a content folder into a temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { HtmlValidate } from 'html-validate';
import { expect, inject } from 'vitest';
import { parseHTML } from 'linkedom';

export const root = path.resolve(import.meta.dirname, '..');

/** A new folder inside the run's folder (runFolder.ts), which is removed, with all made in it, when the run ends. */
export function tempDir(prefix: string) {
  return mkdtempSync(path.join(inject('runFolder'), `${prefix}-`));
}

/** The front-matter of a small issue, 〔2023〕第1期, for tests that write one (a body follows it). */
export const ISSUE_FRONT_MATTER = `---
期号: 〔2023〕第1期
日期: 2023-01-10
责编: 王丽
报: [省委办公厅]
送: [各市党委政府]
发: [市级团委]
---
`;

/** A copy of the bundled content/ (issues, articles, themes.yaml, site.yaml) in a new temporary folder, to change freely. */
export function copyContent(prefix = 'content'): string {
  const content = path.join(tempDir(prefix), 'content');
  cpSync(path.join(root, 'content'), content, { recursive: true });
  return content;
}

/**
 * Compares `actual` with the expected output kept in `file`. With UPDATE=1 (`UPDATE=1 npx vitest
 * run`) the file is written from `actual` instead: review what changed in the diff before committing.
 */
export function expectFixture(file: string, actual: string) {
  if (process.env.UPDATE) writeFileSync(file, actual);
  expect(actual, `${path.relative(root, file)} (UPDATE=1 npx vitest run rewrites it)`).toBe(readFileSync(file, 'utf8'));
}

/** Runs the real command line, as an editor would; `env` adds to the environment. */
export function yaoxun(args: string[], cwd = root, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a built site, relative path → bytes. */
export function files(dir: string): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) all.set(path.relative(dir, path.join(entry.parentPath, entry.name)), readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return all;
}

/** The site built in `incremental` is the one built cold in `cold`, byte for byte. */
export function expectSameSite(incremental: string, cold: string) {
  const a = files(incremental);
  const b = files(cold);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const differing = [...a.keys()].filter((rel) => !a.get(rel)!.equals(b.get(rel)!));
  expect(differing, 'files whose bytes differ from the cold build').toEqual([]);
  // Folders too: an incremental build leaves none empty that a cold build would not make.
  const folders = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
  expect(folders(incremental)).toEqual(folders(cold));
}

/** Starts the real command line without waiting for it; `ended` gives how it ended and what it said on stderr. */
export function startYaoxun(args: string[]) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), ...args], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

/** Starts `server` on a free loopback port; gives its origin, http://127.0.0.1:port. */
export async function listenLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Checks that the site built in `out` is one build's, whole: a home page, every issue page the year
 * pages and the sitemap list and no other, every search bundle. Returns how many issue pages it has.
 */
export function expectWholeSite(out: string): number {
  const issues = readdirSync(path.join(out, 'issues'), { recursive: true }).map(String).filter((f) => f.endsWith('index.html')).length;
  expect(existsSync(path.join(out, 'index.html'))).toBe(true);
  const listed = new Set(
    readdirSync(path.join(out, 'years'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('index.html'))
      .flatMap((f) => [...readFileSync(path.join(out, 'years', f), 'utf8').matchAll(/href="(?:\.\.\/)+issues\/(\d{4}\/\d{2})\/"/g)].map((m) => m[1])),
  );
  expect(listed.size).toBe(issues);
  expect(readFileSync(path.join(out, 'sitemap.xml'), 'utf8').match(/<loc>[^<]*\/issues\//g)?.length).toBe(issues);
  expect(existsSync(path.join(out, 'pagefind', 'pagefind.js'))).toBe(true);
  const manifest = JSON.parse(readFileSync(path.join(out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: { path: string }[] };
  for (const bundle of manifest.bundles) expect(existsSync(path.join(out, 'pagefind', bundle.path, 'pagefind-entry.json')), bundle.path).toBe(true);
  return issues;
}

export interface BuiltPage {
  url: string;
  html: string;
  document: Document;
  text: string;
}

/** Every HTML page of a built site, by URL ('/issues/2022/11/'). */
export function readSite(dir: string): Map<string, BuiltPage> {
  const pages = new Map<string, BuiltPage>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const html = readFileSync(file, 'utf8');
    const { document } = parseHTML(html);
    const url = '/' + path.relative(dir, file).split(path.sep).join('/').replace(/index\.html$/, '');
    pages.set(url, { url, html, document, text: (document.body?.textContent ?? '').replace(/\s+/g, '') });
  }
  return pages;
}

/** What html-validate's recommended rules find in the pages, one line each. */
export async function htmlProblems(pages: Iterable<BuiltPage>): Promise<string[]> {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
  const problems: string[] = [];
  for (const page of pages) {
    const report = await validator.validateString(page.html, page.url);
    for (const result of report.results) for (const m of result.messages) problems.push(`${page.url}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  }
  return problems;
}

/** A real PNG of `width` × `height` red pixels. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([200, 0, 0]))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}
