// Build benchmark (not a test): yaoxun beside Eleventy 3 + Pagefind and Hugo + Pagefind on the same
// synthetic corpora, alternating, medians of several runs. Cold build (fresh output, empty cache),
// warm build (nothing changed), the builds editors run after one change (a new issue, an edit to the
// newest issue, an edit to the oldest, a deleted issue), the dev loop (an edit visible in the open
// page) and peak memory (resident set of the largest single process, and of the whole process tree,
// sampled). The peers have no incremental build: their figure is a full rebuild.
// usage: npx tsx scripts/bench.ts [--sizes 100,1000,5000] [--runs 3] [--peers ../shared/bench/peers/run.sh]
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.ts';
import { devLoop } from './bench-dev.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,5000' },
    runs: { type: 'string', default: '3' },
    peers: { type: 'string', default: path.resolve(import.meta.dirname, '..', '..', 'shared', 'bench', 'peers', 'run.sh') },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const work = path.join(tmpdir(), 'yaoxun-bench');

/** Resident memory of a process and all its descendants, and of the largest of them, from /proc. */
function treeRss(pid: number): { total: number; largest: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = (p: number): number[] => [p, ...(children.get(p) ?? []).flatMap(tree)];
  const sizes = tree(pid).map((p) => rss.get(p) ?? 0);
  return { total: sizes.reduce((a, b) => a + b, 0), largest: Math.max(...sizes) };
}

/** Runs a command; resolves with its wall time in seconds and the peak memory of its process tree and of its largest process, in MB. */
function measure(command: string, args: string[], env: Record<string, string> = {}): Promise<{ seconds: number; peakMb: number; processMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    let largest = 0;
    const sampler = setInterval(() => {
      const now = treeRss(child.pid!);
      peak = Math.max(peak, now.total);
      largest = Math.max(largest, now.largest);
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak / 1024 / 1024, processMb: largest / 1024 / 1024 });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(values.runs);
const rows: string[] = [];
// The cache is the build's own, emptied before each cold build, so the cold figure parses everything.
const cache = path.join(work, 'cache');
const yaoxun = (corpus: string, out: string) => measure(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), 'build', '--content', corpus, '--out', out], { YAOXUN_CACHE_DIR: cache });
const EDITS = ['add', 'editRecent', 'editOld', 'delete'] as const;

/** The change an editor makes before each incremental row, on a corpus written by writeCorpus. */
function change(corpus: string, edit: (typeof EDITS)[number]) {
  const years = readdirSync(path.join(corpus, 'issues')).sort();
  const issuesOf = (year: string) => readdirSync(path.join(corpus, 'issues', year)).sort().map((f) => path.join(corpus, 'issues', year, f));
  const newest = issuesOf(years.at(-1)!);
  const last = newest.at(-1)!;
  const added = path.join(path.dirname(last), '99.md');
  if (edit === 'add') {
    cpSync(last, added);
    writeFileSync(added, readFileSync(added, 'utf8').replace(/第\d+期/, '第99期'));
  }
  if (edit === 'editRecent') appendFileSync(last, '\n这是一处更正。\n');
  if (edit === 'editOld') appendFileSync(issuesOf(years[0])[0], '\n这是一处更正。\n');
  if (edit === 'delete') rmSync(newest[0]);
}

for (const size of values.sizes.split(',').map(Number)) {
  const corpus = path.join(work, `corpus-${size}`);
  const out = path.join(work, `site-${size}`);
  const figures: Record<string, number[]> = { cold: [], warm: [], peak: [], process: [], eleventy: [], hugo: [], eleventyPeak: [], hugoPeak: [], ...Object.fromEntries(EDITS.map((e) => [e, []])) };
  for (let run = 0; run < runs; run++) {
    writeCorpus(corpus, size);
    // A cold build has no output at all: neither the site nor the replaced one kept beside it for the next build.
    for (const name of readdirSync(work)) if (name === path.basename(out) || name.startsWith(`.${path.basename(out)}.`)) rmSync(path.join(work, name), { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    const cold = await yaoxun(corpus, out);
    figures.cold.push(cold.seconds);
    figures.peak.push(cold.peakMb);
    figures.process.push(cold.processMb);
    figures.warm.push((await yaoxun(corpus, out)).seconds);
    for (const edit of EDITS) {
      change(corpus, edit);
      const built = await yaoxun(corpus, out);
      figures[edit].push(built.seconds);
      figures.process.push(built.processMb);
    }
    for (const peer of ['eleventy', 'hugo'] as const) {
      const result = await measure('bash', [values.peers, peer, corpus, path.join(work, `peer-${peer}-${size}`)]);
      figures[peer].push(result.seconds);
      figures[`${peer}Peak`].push(result.peakMb);
    }
    console.error(
      `N=${size} run ${run + 1} (load ${loadavg()[0].toFixed(1)}): cold ${cold.seconds.toFixed(1)} s, ${EDITS.map((e) => `${e} ${figures[e].at(-1)!.toFixed(2)} s`).join(', ')}, eleventy ${figures.eleventy.at(-1)!.toFixed(1)} s, hugo ${figures.hugo.at(-1)!.toFixed(1)} s`,
    );
  }
  const dev = await devLoop(size, 7);
  const m = (key: string) => median(figures[key]);
  const cold = m('cold');
  const s2 = (x: number) => `${x.toFixed(2)} s`;
  rows.push(
    `| ${size.toLocaleString('en')} | ${cold.toFixed(1)} s | ${s2(m('warm'))} | ${EDITS.map((e) => s2(m(e))).join(' | ')} | ${median(dev.latencies)} ms | ${m('peak').toFixed(0)} MB (largest process ${Math.max(...figures.process).toFixed(0)} MB) | ` +
      `${m('eleventy').toFixed(1)} s (${(cold / m('eleventy')).toFixed(2)}×), ${m('eleventyPeak').toFixed(0)} MB | ${m('hugo').toFixed(1)} s (${(cold / m('hugo')).toFixed(2)}×), ${m('hugoPeak').toFixed(0)} MB |`,
  );
}

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; medians of ${runs} alternating runs; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
console.log('');
console.log('| issues | yaoxun cold (with search) | warm, nothing changed | add one issue | edit the newest issue | edit the oldest issue | delete one issue | dev: edit visible | yaoxun peak memory (tree) | Eleventy 3 + Pagefind, full rebuild (yaoxun cold ÷ it) | Hugo + Pagefind, full rebuild (yaoxun cold ÷ it) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
