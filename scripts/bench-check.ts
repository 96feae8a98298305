// `yaoxun check FILE` benchmark (not a test): what an editor runs on one issue before sending it.
// Writes a synthetic archive, builds it once (which fills the parse cache and its outline index),
// then times `node bin/yaoxun.js check --content DIR FILE` on one issue, alternating the conditions:
// warm (the build's cache) and cold (an empty cache: every file parsed). Medians, with the load.
// usage: npx tsx scripts/bench-check.ts [--issues 1000] [--runs 5] [--profile DIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.ts';

const { values } = parseArgs({ options: { issues: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' }, profile: { type: 'string' } } });
const root = path.resolve(import.meta.dirname, '..');
const work = path.join(tmpdir(), 'yaoxun-bench-check');
const corpus = path.join(work, 'corpus');
const cache = path.join(work, 'cache');
const empty = path.join(work, 'empty-cache');
rmSync(work, { recursive: true, force: true });
writeCorpus(corpus, Number(values.issues));
const target = path.join(corpus, 'issues', '2025', '12.md');

const run = (args: string[], cacheDir: string, node: string[] = []) => {
  const started = performance.now();
  const r = spawnSync(process.execPath, [...node, path.join(root, 'bin', 'yaoxun.js'), ...args], { encoding: 'utf8', env: { ...process.env, YAOXUN_CACHE_DIR: cacheDir } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`yaoxun ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return (performance.now() - started) / 1000;
};
const check = ['check', '--content', corpus, target];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`${values.issues} issues; building once to fill the cache (load ${load()})`);
console.log(`build: ${run(['build', '--content', corpus, '--out', path.join(work, 'dist')], cache).toFixed(2)} s`);
const times = { warm: [] as number[], cold: [] as number[] };
const loads: string[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  loads.push(load());
  times.warm.push(run(check, cache));
  rmSync(empty, { recursive: true, force: true });
  times.cold.push(run(check, empty));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, xs] of Object.entries(times)) console.log(`check FILE, ${name} cache: median ${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`load average (1, 5, 15 min) before each round: ${loads.join(' | ')}`);
if (values.profile) {
  mkdirSync(values.profile, { recursive: true });
  run(check, cache, ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`]);
  console.log(`CPU profile of a warm check FILE in ${values.profile}`);
}
