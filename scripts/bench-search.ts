// Search benchmark (not a test): at N synthetic issues, the size of the Pagefind index, the bytes the
// browser fetches for the first query and for later ones, the median query latency in Chromium, and
// for scale the time the same page takes just to fetch the record files of a page of results (and of
// ten, which over HTTP/1.1 take a second round of requests).
// The site is served by `yaoxun serve` in its own process. Bytes and latency are measured in two
// separate browser contexts, so asking Chromium for each response's size cannot slow the timed pass.
// It also compares, for phrases drawn at random from the records' texts, how many of the records
// holding each (as their text reads, spaces aside) three ways of asking find: Pagefind with the words,
// Pagefind with the phrase in quotes (its phrase search), and the search page with its phrase index.
// With --against REF, the same site is also served with the search page's scripts of git REF (say
// main), and the later queries are timed on both, alternating, round after round.
// usage: npx tsx scripts/bench-search.ts [--issues 1000] [--against main] [--rounds 6]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from '../src/build.ts';
import { folderSize } from '../src/files.ts';
import { phraseText } from '../src/search/searchLogic.js';
import { readRecords } from '../src/search/facets.ts';
import { random, writeCorpus } from './corpus.ts';

const { values } = parseArgs({ options: { issues: { type: 'string', default: '1000' }, against: { type: 'string' }, rounds: { type: 'string', default: '6' } } });
const issues = Number(values.issues);
const work = path.join(tmpdir(), `yaoxun-bench-search-${issues}`);
const root = path.resolve(import.meta.dirname, '..');

writeCorpus(path.join(work, 'content'), issues);
const out = path.join(work, 'site');
await build({ content: path.join(work, 'content'), out, base: '/', templates: path.join(root, 'templates'), publicDir: path.join(root, 'public') });

const index = folderSize(path.join(out, 'pagefind'));
const phraseIndex = folderSize(path.join(out, 'pagefind', 'phrases'));

/** `yaoxun serve` of `dir` in its own process, and its origin. */
async function serve(dir: string) {
  const server = spawn(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), 'serve', '--out', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve) => server.stdout.on('data', (chunk: Buffer) => /http:\/\/[\d.:]+/.test(String(chunk)) && resolve(/http:\/\/[\d.:]+/.exec(String(chunk))![0])));
  return { server, origin };
}
const { server, origin } = await serve(out);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

/**
 * Submits a query on the search page and resolves with the milliseconds until its results show,
 * and the longest task that held the page's thread meanwhile (0 when none passed 50 ms).
 */
const query = (page: Page, q: string) =>
  page.evaluate(
    (q) =>
      new Promise<{ ms: number; longestTask: number }>((resolve) => {
        const root = document.querySelector('.search')!;
        const input = document.querySelector<HTMLInputElement>('#q')!;
        const tasks: number[] = [];
        const longTasks = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
        longTasks.observe({ type: 'longtask' });
        const started = performance.now();
        const seen = new MutationObserver(() => {
          if (root.getAttribute('aria-busy') === 'false' && new URLSearchParams(location.search).get('q') === q) {
            seen.disconnect();
            const ms = performance.now() - started;
            // Long tasks are reported after they end: one more turn lets the last one arrive.
            setTimeout(() => {
              longTasks.disconnect();
              resolve({ ms, longestTask: Math.max(0, ...tasks) });
            });
          }
        });
        seen.observe(root, { attributes: true });
        input.value = q;
        input.form!.requestSubmit();
      }),
    q,
  );

async function searchPage(onFetched?: (bytes: number, url: string) => void, at = origin): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (onFetched)
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => undefined);
      if (sizes) onFetched(sizes.responseBodySize + sizes.responseHeadersSize, request.url());
    });
  await page.goto(`${at}/search/`);
  await page.waitForFunction(() => (document.querySelector('.search') as HTMLElement)?.dataset.ready);
  return page;
}

const FIRST = '电商';
const LATER = ['团代表联络站', '青年之家', '推优入党', '12355', '乡村振兴', '志愿服务', '希望工程', '青年突击队', '少先队', '网上社群', '疫情防控', '大学生', '心理健康', '创新创业', '党建带团建', '阳城县', '榆次区', '数据库', '石榴籽', '公众号'];
const settle = (page: Page) => page.waitForTimeout(300);

// Pass 1: bytes, and for the first query what they were.
const KINDS: [string, RegExp][] = [['entries', /pagefind-entry\.json/], ['metadata', /\.pf_meta/], ['wasm', /wasm\.[^/]*\.pagefind/], ['word index', /\/index\//], ['filters', /\/filter\//], ['records', /\/fragment\//], ['phrase shards', /\/phrases\//]];
let fetched = 0;
let byKind: Map<string, number> | undefined;
const counted = await searchPage((bytes, url) => {
  fetched += bytes;
  const kind = KINDS.find(([, pattern]) => pattern.test(url))?.[0] ?? 'other';
  byKind?.set(kind, (byKind.get(kind) ?? 0) + bytes);
});
await settle(counted);
const pageLoad = fetched;
const firstKinds = (byKind = new Map());
await query(counted, FIRST);
await settle(counted);
byKind = undefined;
const firstQuery = fetched;
const bytes: number[] = [];
for (const q of LATER) {
  const before = fetched;
  await query(counted, q);
  await settle(counted);
  bytes.push(fetched - before);
}

// Pass 2: latency, in a fresh context (empty caches), nothing listening.
const timed = await searchPage();
const firstLatency = (await query(timed, FIRST)).ms;
const latencies: number[] = [];
const longestTasks: number[] = [];
for (const q of LATER) {
  await timed.waitForTimeout(150);
  const { ms, longestTask } = await query(timed, q);
  latencies.push(ms);
  longestTasks.push(longestTask);
}
// The floor under each query: the same page fetching a page of results' record files at once (and
// ten), with no search around it.
const PAGE = Number(/const PAGE = (\d+);/.exec(readFileSync(path.join(root, 'public', 'assets', 'search.js'), 'utf8'))![1]);
const { bundles } = JSON.parse(readFileSync(path.join(out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: { path: string }[] };
const records = bundles.flatMap((b) => readdirSync(path.join(out, 'pagefind', b.path, 'fragment')).map((name) => `/pagefind/${b.path}fragment/${name}`));
const floors = new Map<number, number[]>();
for (const size of new Set([PAGE, 10])) {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const batch = records.slice(i * size, i * size + size);
    times.push(await timed.evaluate(async (urls) => {
      const started = performance.now();
      await Promise.all(urls.map((url) => fetch(url, { cache: 'no-store' }).then((r) => r.arrayBuffer())));
      return performance.now() - started;
    }, batch));
  }
  floors.set(size, times);
}
// Recall of phrases: 30 drawn (seed 1) from the records' texts, 2–7 characters, held by at most 60 records.
const manifest = JSON.parse(readFileSync(path.join(out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: { path: string }[] };
const texts = new Map<string, string>();
for (const b of manifest.bundles) for (const r of await readRecords(path.join(out, 'pagefind', b.path))) texts.set(r.id, phraseText(r.fragment.content ?? ''));
const next = random(1);
const all = [...texts.values()];
const drawn = new Map<string, string[]>();
while (drawn.size < 30) {
  const text = all[Math.floor(next() * all.length)];
  const runs = text.match(/\p{Script=Han}{2,}/gu) ?? [];
  if (!runs.length) continue;
  const run = runs[Math.floor(next() * runs.length)];
  const length = Math.min(run.length, 2 + Math.floor(next() * 6));
  const start = Math.floor(next() * (run.length - length + 1));
  const phrase = run.slice(start, start + length);
  const holders = [...texts].filter(([, t]) => t.includes(phrase)).map(([id]) => id);
  if (holders.length <= 60) drawn.set(phrase, holders);
}
const recall = { words: 0, quoted: 0, page: 0, held: 0, extra: 0, wordsMs: [] as number[], quotedMs: [] as number[] };
for (const [phrase, holders] of drawn) {
  const asked = await timed.evaluate(
    `(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      const ids = async (q) => { const t = performance.now(); const s = await pagefind.search(q); return [s.results.map((r) => r.id), performance.now() - t]; };
      return [await ids(${JSON.stringify(phrase)}), await ids(${JSON.stringify(`"${phrase}"`)})];
    })()`,
  ) as [[string[], number], [string[], number]];
  // The search page's first step (search.js phraseHolders): the records holding all the phrase's keys.
  const candidates = (await timed.evaluate(
    `(async () => {
      const { phraseGrams, phraseRecords } = await import('/assets/search-logic.js');
      const facets = await (await fetch('/pagefind/facets.json')).json();
      const ids = Object.keys(facets.pages);
      const shard = async (p, n) => new Uint8Array(await (await fetch('/pagefind/phrases/' + facets.phrases[p].path + n + '.bin')).arrayBuffer());
      return (await phraseRecords(phraseGrams(${JSON.stringify(phrase)}), facets.phrases, shard)).map((n) => ids[n]);
    })()`,
  )) as string[];
  recall.extra += candidates.filter((c) => !holders.includes(c)).length;
  const pageHolders = candidates;
  recall.held += holders.length;
  recall.words += holders.filter((h) => asked[0][0].includes(h)).length;
  recall.quoted += holders.filter((h) => asked[1][0].includes(h)).length;
  recall.page += holders.filter((h) => pageHolders.includes(h)).length;
  recall.wordsMs.push(asked[0][1]);
  recall.quotedMs.push(asked[1][1]);
}
// Side by side with the search page of another revision, on the same index, alternating.
const against: Record<string, number[]> = { this: [], [values.against ?? '']: [] };
if (values.against) {
  const other = `${out}-${values.against.replace(/\W/g, '_')}`;
  rmSync(other, { recursive: true, force: true });
  cpSync(out, other, { recursive: true });
  // search-logic.js lived in public/assets/ before it moved to src/search/searchLogic.js.
  const shown = (...paths: string[]) => paths.map((p) => spawnSync('git', ['show', `${values.against}:${p}`], { cwd: root })).find((r) => r.status === 0)!.stdout;
  writeFileSync(path.join(other, 'assets', 'search.js'), shown('public/assets/search.js'));
  writeFileSync(path.join(other, 'assets', 'search-logic.js'), shown('src/search/searchLogic.js', 'public/assets/search-logic.js'));
  const { server: otherServer, origin: otherOrigin } = await serve(other);
  const pages = { this: await searchPage(undefined, origin), [values.against]: await searchPage(undefined, otherOrigin) };
  for (const page of Object.values(pages)) await query(page, FIRST);
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 ? [values.against, 'this'] : ['this', values.against];
    for (const q of LATER) for (const name of order) {
      await pages[name].waitForTimeout(100);
      against[name].push((await query(pages[name], q)).ms);
    }
  }
  otherServer.kill();
}
await browser.close();
server.kill();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(`Search at ${issues} issues (${new Date().toISOString().slice(0, 10)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}):`);
console.log(`  index: ${kb(index.bytes)} in ${index.files} files, ${bundles.length} bundles (${bundles.map((b) => b.path).join(' ')}); of it the phrase index ${kb(phraseIndex.bytes)} in ${phraseIndex.files} shards`);
console.log(`  search page load before any query: ${kb(pageLoad)}`);
console.log(`  first query (page load included): ${kb(firstQuery)}; first query alone: ${kb(firstQuery - pageLoad)}, ${firstLatency.toFixed(0)} ms (${[...firstKinds].map(([kind, n]) => `${kind} ${kb(n)}`).join(', ')})`);
console.log(`  later queries: median ${kb(median(bytes))} fetched, median latency ${median(latencies).toFixed(0)} ms (max ${Math.max(...latencies).toFixed(0)} ms) over ${LATER.length} queries`);
console.log(`  longest task holding the page's thread during a later query: median ${median(longestTasks).toFixed(0)} ms, max ${Math.max(...longestTasks).toFixed(0)} ms (0 = none over 50 ms)`);
for (const [size, times] of floors) console.log(`  ${size} record files fetched at once, no search: median ${median(times).toFixed(0)} ms over ${times.length} batches${size === PAGE ? ' (a page of results)' : ''}`);
console.log(`  phrases (${drawn.size}, held by ${recall.held} records): found by Pagefind's words ${recall.words}, by Pagefind's quoted phrase ${recall.quoted}, by the phrase index ${recall.page} (plus ${recall.extra} holding its runs of three apart, which the page checks and lists after); Pagefind search median ${median(recall.wordsMs).toFixed(0)} ms, quoted ${median(recall.quotedMs).toFixed(0)} ms`);
if (values.against) console.log(`  side by side, ${values.rounds} alternating rounds of the ${LATER.length} later queries: this revision median ${median(against.this).toFixed(0)} ms, ${values.against} ${median(against[values.against]).toFixed(0)} ms`);
