// Dev-loop benchmark (not a test): with N synthetic issues under `yaoxun dev`, the milliseconds from
// saving an edit to the open page in Chromium showing it. Median of several edits.
// usage: npx tsx scripts/bench-dev.ts [--issues 1000] [--edits 9]
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startDev } from '../src/dev/devServer.ts';
import { writeCorpus } from './corpus.ts';

/** Starts `yaoxun dev` on a fresh corpus of `issues` and times `edits` saves of one issue; returns the latencies in ms. */
export async function devLoop(issues: number, edits: number): Promise<{ startup: number; latencies: number[] }> {
  const root = path.resolve(import.meta.dirname, '..');
  const content = path.join(tmpdir(), `yaoxun-bench-dev-${issues}`);
  writeCorpus(content, issues);
  const started = performance.now();
  const dev = startDev({ content, templates: path.join(root, 'templates'), publicDir: path.join(root, 'public'), log: () => {}, searchDelay: Number(process.env.SEARCH_DELAY ?? 800) });
  await new Promise<void>((resolve) => dev.server.listen(0, '127.0.0.1', resolve));
  await dev.ready;
  const startup = performance.now() - started;
  const origin = `http://127.0.0.1:${(dev.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage();
  // An issue in the middle of the archive, so its year, counties and themes have company.
  const year = 2025 - Math.floor(Math.ceil(issues / 40) / 2);
  const file = path.join(content, 'issues', String(year), '05.md');
  await page.goto(`${origin}/issues/${year}/05/`);
  await page.waitForTimeout(500);
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const marker = `编辑标记${i}号`;
    const text = readFileSync(file, 'utf8');
    await page.waitForTimeout(300);
    const saved = Date.now();
    writeFileSync(file, text.replace(/^(编者按：)(编辑标记\d+号)?/m, `$1${marker}`));
    await page.waitForFunction((m) => document.body.textContent!.includes(m), marker, { timeout: 20_000, polling: 5 });
    latencies.push(Date.now() - saved);
  }
  await browser.close();
  await dev.close();
  return { startup, latencies };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { issues: { type: 'string', default: '1000' }, edits: { type: 'string', default: '9' } } });
  const issues = Number(values.issues);
  const { startup, latencies } = await devLoop(issues, Number(values.edits));
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`Dev loop at ${issues} issues (${new Date().toISOString().slice(0, 10)}): start ${(startup / 1000).toFixed(1)} s; edit → visible median ${sorted[Math.floor(sorted.length / 2)]} ms (min ${sorted[0]}, max ${sorted.at(-1)}) over ${latencies.length} edits`);
}
