// Build benchmark (not a test): yaoxun beside Eleventy 3 + Pagefind and Hugo + Pagefind on the same
// synthetic corpora, alternating, medians of several runs. Cold build (fresh output), warm build
// (nothing changed), the dev loop (an edit visible in the open page) and peak memory (resident set of
// the whole process tree, sampled).
// usage: npx tsx scripts/bench.ts [--sizes 100,1000,5000] [--runs 3] [--peers ../shared/bench/peers/run.sh]
import { spawn } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** Resident memory of a process and all its descendants, from /proc. */
function treeRss(pid: number): number {
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
  const sum = (p: number): number => (rss.get(p) ?? 0) + (children.get(p) ?? []).reduce((s, c) => s + sum(c), 0);
  return sum(pid);
}

/** Runs a command; resolves with its wall time in seconds and the peak memory of its process tree in MB. */
function measure(command: string, args: string[]): Promise<{ seconds: number; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 50);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak / 1024 / 1024 });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(values.runs);
const rows: string[] = [];
const yaoxun = (corpus: string, out: string) => measure(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), 'build', '--content', corpus, '--out', out]);

for (const size of values.sizes.split(',').map(Number)) {
  const corpus = path.join(work, `corpus-${size}`);
  writeCorpus(corpus, size);
  const out = path.join(work, `site-${size}`);
  const figures = { cold: [] as number[], warm: [] as number[], peak: [] as number[], eleventy: [] as number[], hugo: [] as number[], eleventyPeak: [] as number[], hugoPeak: [] as number[] };
  for (let run = 0; run < runs; run++) {
    rmSync(out, { recursive: true, force: true });
    const cold = await yaoxun(corpus, out);
    figures.cold.push(cold.seconds);
    figures.peak.push(cold.peakMb);
    figures.warm.push((await yaoxun(corpus, out)).seconds);
    for (const peer of ['eleventy', 'hugo'] as const) {
      const result = await measure('bash', [values.peers, peer, corpus, path.join(work, `peer-${peer}-${size}`)]);
      figures[peer].push(result.seconds);
      figures[`${peer}Peak`].push(result.peakMb);
    }
    console.error(`N=${size} run ${run + 1}: cold ${cold.seconds.toFixed(1)} s, eleventy ${figures.eleventy.at(-1)!.toFixed(1)} s, hugo ${figures.hugo.at(-1)!.toFixed(1)} s`);
  }
  const dev = await devLoop(size, 7);
  const cold = median(figures.cold);
  const row = {
    size,
    cold,
    warm: median(figures.warm),
    dev: median(dev.latencies),
    peak: median(figures.peak),
    eleventy: median(figures.eleventy),
    hugo: median(figures.hugo),
    eleventyPeak: median(figures.eleventyPeak),
    hugoPeak: median(figures.hugoPeak),
  };
  rows.push(
    `| ${size.toLocaleString('en')} | ${row.cold.toFixed(1)} s | ${row.warm.toFixed(2)} s (${((row.warm / cold) * 100).toFixed(0)}%) | ${row.dev} ms | ${row.peak.toFixed(0)} MB | ` +
      `${row.eleventy.toFixed(1)} s (${(cold / row.eleventy).toFixed(2)}×), ${row.eleventyPeak.toFixed(0)} MB | ${row.hugo.toFixed(1)} s (${(cold / row.hugo).toFixed(2)}×), ${row.hugoPeak.toFixed(0)} MB |`,
  );
}

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; medians of ${runs} alternating runs.`);
console.log('');
console.log('| issues | yaoxun cold (with search) | warm, nothing changed | dev: edit visible | yaoxun peak memory | Eleventy 3 + Pagefind (yaoxun ÷ it) | Hugo + Pagefind (yaoxun ÷ it) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
