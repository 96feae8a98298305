// Map benchmark (not a test): what the maps add to a build of a synthetic corpus — the first drawing
// (reading the boundaries, projecting them) and the shading of every map the site has, and their bytes.
// usage: npx tsx scripts/bench-map.ts [--issues 1000]
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent } from '../src/check.ts';
import { cities } from '../src/places/divisions.ts';
import type { MapView } from '../src/render/map.ts';
import { writeCorpus } from './corpus.ts';

const { values } = parseArgs({ options: { issues: { type: 'string', default: '1000' } } });
const content = path.join(tmpdir(), `yaoxun-bench-map-${values.issues}`);
writeCorpus(content, Number(values.issues));
const { site } = checkContent(content);
// The drawing libraries load only for the maps: timed apart, before the renderer that imports them.
const loading = performance.now();
await Promise.all([import('d3-geo'), import('topojson-client')]);
const loaded = performance.now() - loading;
const { countyMap } = await import('../src/render/map.ts');
const views: MapView[] = ['province', 'home', ...cities];
const href = (url: string) => '/archive' + url;

/** Wall time, and the process's CPU time, which a machine busy with other work disturbs less */
const time = (model: typeof site) => {
  const [start, cpu] = [performance.now(), process.cpuUsage()];
  const bytes = views.map((view) => Buffer.byteLength(countyMap(model, view, href)));
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, bytes };
};
const first = time(site);
// A new site model each time, as a build or a dev re-link has: the counts are taken afresh.
const again = Array.from({ length: 5 }, () => time({ ...site }).ms).sort((a, b) => a - b);
console.log(`${values.issues} issues, ${site.materials.length} pieces; ${views.length} maps`);
console.log(`loading d3-geo and topojson-client: ${loaded.toFixed(1)} ms`);
console.log(`first build of the maps (boundaries read and projected): ${first.ms.toFixed(1)} ms (CPU ${first.cpuMs.toFixed(1)} ms)`);
console.log(`maps again on a new site model: median ${again[2].toFixed(1)} ms`);
console.log(`bytes: /counties/ ${first.bytes[0]}, home ${first.bytes[1]}, cities ${Math.min(...first.bytes.slice(2))}–${Math.max(...first.bytes.slice(2))}`);
