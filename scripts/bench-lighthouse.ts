// Lighthouse (12.2.3: 13 needs Node 22) over the four kinds of page readers and staff open most —
// home, an issue, /counties/ and a search — as a phone and as a desktop, in Debian's Chromium,
// served by the real `yaoxun serve`. Prints each page's four category scores and every audit that
// cost it points, so a drop names its cause.
// usage: npx tsx scripts/bench-lighthouse.ts [--content DIR] [--out DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const root = path.resolve(import.meta.dirname, '..');
const yaoxun = path.join(root, 'bin', 'yaoxun.js');
const { values } = parseArgs({ options: { content: { type: 'string', default: path.join(root, 'content') }, out: { type: 'string' } } });
const out = values.out ?? path.join(mkdtempSync(path.join(tmpdir(), 'yaoxun-lighthouse-')), 'dist');

const PAGES = ['/', '/issues/2022/11/', '/counties/', `/search/?q=${encodeURIComponent('青年之家')}`];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [yaoxun, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`yaoxun ${args.join(' ')}: exit ${code}`))));
  });
}

/** `yaoxun serve` on a free port; resolves with its address once it says it is listening. */
function serve(): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(process.execPath, [yaoxun, 'serve', '--out', out, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let said = '';
    child.stdout.on('data', (d) => {
      said += d;
      const address = /http:\/\/127\.0\.0\.1:\d+/.exec(said);
      if (address) resolve({ origin: address[0], stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`yaoxun serve ended: ${code}`)));
  });
}

await run(['build', '--content', values.content, '--out', out]);
const server = await serve();
process.env.CHROME_PATH ??= '/usr/bin/chromium';
const chrome = await chromeLauncher.launch({ chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const rows: string[] = [];
const lost: string[] = [];
try {
  for (const page of PAGES) {
    for (const [form, config] of [['phone', undefined], ['desktop', desktopConfig]] as const) {
      const result = await lighthouse(server.origin + page, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, config);
      const lhr = result!.lhr;
      const scores = CATEGORIES.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
      const cls = lhr.audits['cumulative-layout-shift']?.numericValue ?? 0;
      const lcp = lhr.audits['largest-contentful-paint']?.numericValue ?? 0;
      rows.push(`| ${decodeURIComponent(page)} | ${form} | ${scores.join(' | ')} | ${(lcp / 1000).toFixed(1)} s | ${cls.toFixed(3)} |`);
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) lost.push(`${decodeURIComponent(page)} ${form} ${c}: ${audit.id} ${audit.score} ${audit.displayValue ?? ''}`);
        }
      }
    }
  }
} finally {
  chrome.kill();
  server.stop();
}
console.log(`\nLighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| 页面 | 设备 | 性能 | 无障碍 | 最佳做法 | SEO | LCP | CLS |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
if (lost.length) console.log(`\n失分的审核项：\n${lost.join('\n')}`);
