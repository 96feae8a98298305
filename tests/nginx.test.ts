// The nginx configuration the repository ships (deploy/nginx/), used for real: Debian's nginx as an
// unprivileged process on a loopback port, serving a build under the sub-path /archive/, browsed
// and searched in Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../src/render/pages.ts';
import { launchChromium } from './browser.ts';
import { root, tempDir, yaoxun } from './helpers.ts';

const BASE = '/archive/';
let nginx: ChildProcess;
let origin: string;
let dist: string;
let browser: Browser;

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** Every file and folder below `dir` (and it) given to `uid`, so nginx's unprivileged process can read and write them. */
function giveTo(dir: string, uid: number) {
  chownSync(dir, uid, uid);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) chownSync(path.join(entry.parentPath, entry.name), uid, uid);
}

beforeAll(async () => {
  const dir = tempDir('nginx');
  dist = path.join(dir, 'dist');
  const built = yaoxun(['build', '--out', dist, '--base', BASE]);
  expect(built.code, built.stderr).toBe(0);

  const prefix = path.join(dir, 'nginx');
  mkdirSync(path.join(prefix, 'conf', 'yaoxun'), { recursive: true });
  mkdirSync(path.join(prefix, 'logs'));
  mkdirSync(path.join(prefix, 'temp'));
  for (const name of readdirSync(path.join(root, 'deploy', 'nginx'))) cpSync(path.join(root, 'deploy', 'nginx', name), path.join(prefix, 'conf', 'yaoxun', name));
  const port = await freePort();
  // The shipped sub-path example, with only its address and folder changed.
  const example = readFileSync(path.join(root, 'deploy', 'nginx', 'yaoxun-subpath.conf'), 'utf8');
  expect(example).toContain('listen 80;');
  expect(example).toContain('alias /srv/yaoxun/dist/;');
  writeFileSync(path.join(prefix, 'conf', 'site.conf'), example.replace('listen 80;', `listen 127.0.0.1:${port};`).replace('alias /srv/yaoxun/dist/;', `alias ${dist}/;`));
  const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'temp', name)};`;
  writeFileSync(
    path.join(prefix, 'conf', 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${path.join(prefix, 'nginx.pid')};`,
      'events { worker_connections 64; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${path.join(prefix, 'logs', 'access.log')};`,
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
      '  include site.conf;',
      '}',
    ].join('\n'),
  );
  // Root runs it as nobody, as an administrator would never run a test server.
  const unprivileged = process.getuid?.() === 0 ? 65534 : undefined;
  if (unprivileged !== undefined) giveTo(dir, unprivileged);
  nginx = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', path.join(prefix, 'conf', 'nginx.conf'), '-e', path.join(prefix, 'logs', 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    ...(unprivileged !== undefined ? { uid: unprivileged, gid: unprivileged } : {}),
  });
  const exited = new Promise<never>((_, reject) => nginx.once('exit', (code) => reject(new Error(`nginx ended (${code}): ${readFileSync(path.join(prefix, 'logs', 'error.log'), 'utf8')}`))));
  origin = `http://127.0.0.1:${port}`;
  // Ready when it answers; if it ends first, its error log says why.
  await Promise.race([
    exited,
    (async () => {
      for (;;) {
        if (await fetchRaw(origin + BASE).then(() => true, () => false)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })(),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const ended = new Promise((resolve) => nginx.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await ended;
  }
});

describe('the shipped nginx configuration', () => {
  it('sends the security headers, caching, gzip and the 404 page', async () => {
    const home = await fetchRaw(origin + BASE, { 'Accept-Encoding': 'gzip' });
    expect(home.status).toBe(200);
    expect(home.headers['content-security-policy']).toBe(`${CSP}; frame-ancestors 'none'`);
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['referrer-policy']).toBe('same-origin');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['content-encoding']).toBe('gzip');

    const css = await fetchRaw(`${origin}${BASE}assets/site.css`, { 'Accept-Encoding': 'gzip' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBe('gzip');

    // Pagefind's files are gzip already: labelled so, never compressed twice, content-named ones kept for a year.
    const fragment = readdirSync(path.join(dist, 'pagefind'), { recursive: true }).map(String).find((f) => f.endsWith('.pf_fragment'))!;
    const record = await fetchRaw(`${origin}${BASE}pagefind/${fragment.split(path.sep).join('/')}`, { 'Accept-Encoding': 'gzip' });
    expect(record.status).toBe(200);
    expect(record.headers['content-encoding']).toBe('gzip');
    expect(record.body.equals(readFileSync(path.join(dist, 'pagefind', fragment)))).toBe(true);
    expect(record.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(record.headers['content-security-policy']).toBe(`${CSP}; frame-ancestors 'none'`);
    const wasm = readdirSync(path.join(dist, 'pagefind'), { recursive: true }).map(String).find((f) => f.endsWith('.pagefind'))!.split(path.sep).join('/');
    const engine = await fetchRaw(`${origin}${BASE}pagefind/${wasm}`, { 'Accept-Encoding': 'gzip' });
    expect(engine.headers['content-encoding']).toBe('gzip');
    expect(engine.headers['cache-control']).toBe('no-cache');

    const slashless = await fetchRaw(`${origin}${BASE}issues/2022/11`);
    expect(slashless.status).toBe(301);
    expect(slashless.headers.location).toBe(`${BASE}issues/2022/11/`);

    const missing = await fetchRaw(`${origin}${BASE}issues/1999/01/`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('找不到这个页面');
    expect(missing.headers['content-security-policy']).toBe(`${CSP}; frame-ancestors 'none'`);
  });

  it('serves a site Chromium browses and searches to the article’s anchor, with nothing from elsewhere and no policy violated', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.origin !== origin) foreign.push(request.url());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

    await page.goto(origin + BASE);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).display)).not.toBe('inline');
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '县区' }).click();
    await page.waitForURL(`${origin}${BASE}counties/`);

    await page.fill('#site-q', '青年之家');
    await page.press('#site-q', 'Enter');
    await page.waitForURL((u) => u.pathname === `${BASE}search/`);
    await page.waitForFunction(() => document.querySelector('.search')?.getAttribute('aria-busy') === 'false' && document.querySelectorAll('.result').length > 0);
    // The first result that lands on an article inside an issue page, at its anchor.
    const first = page.locator('.result h3 a[href*="#"]').first();
    const target = new URL((await first.getAttribute('href'))!, page.url());
    expect(target.pathname.startsWith(BASE)).toBe(true);
    await first.click();
    await page.waitForURL((u) => !u.pathname.endsWith('/search/'));
    const landed = new URL(page.url());
    expect(landed.pathname).toBe(target.pathname);
    expect(landed.hash, '青年之家 first lands on an article inside an issue').not.toBe('');
    const anchor = page.locator(`[id="${decodeURIComponent(landed.hash.slice(1))}"]`);
    expect(await anchor.count()).toBe(1);
    expect(await anchor.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(await page.evaluate(() => innerHeight));
    expect(await page.locator('main').textContent()).toContain('青年之家');

    // The 404 page, served for an address under the sub-path, still finds its styles and the home page.
    const response = await page.goto(`${origin}${BASE}no/such/page/`);
    expect(response!.status()).toBe(404);
    expect(await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 0))).toBe(true);
    await page.getByRole('link', { name: '首页' }).click();
    await page.waitForURL(origin + BASE);

    expect(foreign).toEqual([]);
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
