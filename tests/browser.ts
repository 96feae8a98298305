// Real Chromium (Debian's package) driven by playwright-core, against a real build served over HTTP.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveSite } from '../src/serve/serveSite.ts';
import { afterAll, beforeAll } from 'vitest';
import { listenLoopback, tempDir, yaoxun } from './helpers.ts';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** Builds `content` under the sub-path `base` and serves it on a free loopback port; `env` adds to the build's environment. */
export async function buildAndServe(base: string, content = 'content', env: Record<string, string> = {}) {
  const dir = tempDir('served');
  const out = path.join(dir, ...base.split('/').filter(Boolean));
  const built = yaoxun(['build', '--content', content, '--out', out, '--base', base], undefined, env);
  if (built.code !== 0) throw new Error(built.stderr);
  const server = serveSite(dir);
  const origin = await listenLoopback(server);
  return { out, origin, url: origin + base, server, close: () => new Promise((r) => server.close(r)) };
}

export type ServedSite = Awaited<ReturnType<typeof buildAndServe>>;

/**
 * For one test file: a real build served under `base` and a Chromium, started before its tests and
 * closed after them. `content` makes the content folder to build (the bundled one by default).
 */
export function useServedSite(base = '/', content?: () => string) {
  const served = {} as { site: ServedSite; browser: Browser };
  beforeAll(async () => {
    [served.site, served.browser] = await Promise.all([buildAndServe(base, content?.()), launchChromium()]);
  });
  afterAll(async () => {
    await served.browser?.close();
    await served.site?.close();
  });
  return served;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's audit of an open page. The script is injected inline: open the page with bypassCSP. */
export async function runAxe(page: Page): Promise<{ id: string; impact?: string | null; count: number }[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact?: string | null; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length }));
  });
}

/** What counts against a page: serious and critical violations, one line each. */
export const seriousViolations = (url: string, violations: Awaited<ReturnType<typeof runAxe>>) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${url}: ${v.id} (${v.impact}) ×${v.count}`);

/** A page of each kind the bundled site has, by site path: what the browser tests open in Chromium and Firefox. */
export const PAGE_KINDS = ['/', '/issues/2022/11/', '/articles/taigu-chuangxin-juli/', '/years/', '/years/2022/', '/counties/', '/counties/jinzhong/', '/counties/jinzhong/yuciqu/', '/themes/', '/themes/qingnian-zhijia/', `/search/?q=${encodeURIComponent('青年之家')}`, '/404.html'];

/** A site path of the site built in `out` as opened from the folder: a folder by its index.html. */
export function fileUrl(out: string, sitePath: string): string {
  const [file, query] = sitePath.split('?');
  return pathToFileURL(path.join(out, file.endsWith('/') ? `${file}index.html` : file)).href + (query ? `?${query}` : '');
}
