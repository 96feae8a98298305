// Render: the sketch maps of Shanxi (the counties page, each city page, the home page), drawn as SVG
// strings at build time from the committed boundaries (src/places/shanxi.topo.json), so the pages
// need no script. The shapes are projected once per process; a page only shades and links them.
import { readFileSync } from 'node:fs';
import { geoConicEqualArea, geoIdentity, geoPath } from 'd3-geo';
import type { FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import nunjucks from 'nunjucks';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { cities, counties, type City } from '../places/divisions.ts';
import type { CountyLink, Site } from '../link/linkSite.ts';
import { pageUrls } from '../link/urls.ts';

interface CountyProperties {
  code: string;
  name: string;
  city: string;
}

type Shapes = Topology<{ counties: GeometryCollection<CountyProperties> }>;

/** Sequential classes, lightest first (ColorBrewer OrRd); a county without material is grey (`k0` in site.css). */
const CLASSES = 4;
/** Of the names on the map, in map units (the map is 600 wide) */
const FONT_SIZE = 20;

/** Where the map is shown: the whole province (with city names), small on the home page, or one city (with county names). */
export type MapView = 'province' | 'home' | City;

interface Drawn {
  width: number;
  height: number;
  /** Path data per county code (6 digits) */
  shapes: Map<string, string>;
  /** Borders between cities, drawn heavier than those between counties (none on a city's own map) */
  cityBorders: string;
  outline: string;
  labels: { x: number; y: number; text: string }[];
}

const code6 = (code: string) => code.slice(0, 6);
const cityOf = (shape: { properties?: unknown }) => (shape.properties as CountyProperties).city;

/** Equal-area conic for Shanxi (standard parallels 35° and 40°, central meridian 112.3°E). */
const conic = geoConicEqualArea().parallels([35, 40]).rotate([-112.3, 0]);

const topologies = new Map<string, Shapes>();
/**
 * The boundaries simplified to about 800 m, or to about 4 km for the small map (see
 * src/places/shanxi-map.md), with their shared arcs projected once: every map is then a plane scaled
 * to fit, without the spherical clipping a d3 projection does on each drawing (most of its cost).
 */
function shapes(file: 'shanxi' | 'shanxi-small'): Shapes {
  let topo = topologies.get(file);
  if (topo) return topo;
  topo = JSON.parse(readFileSync(new URL(`../places/${file}.topo.json`, import.meta.url), 'utf8')) as Shapes;
  const { scale: [kx, ky], translate: [dx, dy] } = topo.transform!;
  topo.arcs = topo.arcs.map((arc) => {
    let [x, y] = [0, 0];
    return arc.map(([ix, iy]) => {
      [x, y] = [x + ix, y + iy];
      return conic([x * kx + dx, y * ky + dy])!;
    });
  });
  delete topo.transform;
  topologies.set(file, topo);
  return topo;
}

/**
 * A d3 path context that writes whole units and relative lines: on a map some 600 units wide (a unit
 * is under a pixel on a screen, a quarter of a millimetre on A4) this keeps the counties page's map
 * under 50 KB with no visible loss; d3's own path strings (absolute, three decimals) take about three times as much.
 */
class CompactPath {
  private out = '';
  private x = 0;
  private y = 0;
  private drawing = false;
  private pair = (a: number, b: number) => `${a}${b < 0 ? '' : ' '}${b}`;
  moveTo(x: number, y: number) {
    [this.x, this.y] = [Math.round(x), Math.round(y)];
    this.out += 'M' + this.pair(this.x, this.y);
    this.drawing = false;
  }
  lineTo(x: number, y: number) {
    const [rx, ry] = [Math.round(x), Math.round(y)];
    if (rx === this.x && ry === this.y) return;
    const [dx, dy] = [rx - this.x, ry - this.y];
    this.out += (this.drawing ? (dx < 0 ? '' : ' ') : 'l') + this.pair(dx, dy);
    this.drawing = true;
    [this.x, this.y] = [rx, ry];
  }
  closePath() {
    this.out += 'z';
    this.drawing = false;
  }
  beginPath() {}
  arc() {}
  /** The path written since the last call */
  take() {
    const text = this.out;
    this.out = '';
    this.drawing = false;
    return text;
  }
}

function draw(view: MapView): Drawn {
  const topo = shapes(view === 'home' ? 'shanxi-small' : 'shanxi');
  const all = topo.objects.counties;
  const cityCode = view === 'province' || view === 'home' ? undefined : code6(view.code);
  const object: GeometryCollection<CountyProperties> = cityCode ? { ...all, geometries: all.geometries.filter((g) => cityOf(g) === cityCode) } : all;
  const collection = feature(topo, object) as FeatureCollection<Polygon | MultiPolygon, CountyProperties>;
  const width = view === 'home' ? 160 : 600;
  const [[x0, y0], [x1, y1]] = geoPath().bounds(collection);
  const scale = width / (x1 - x0);
  const height = Math.ceil((y1 - y0) * scale + 1);
  const projection = geoIdentity().scale(scale).translate([-x0 * scale, -y0 * scale + 0.5]);
  const context = new CompactPath();
  const path = geoPath(projection, context);
  const measure = geoPath(projection);
  const d = (shape: Parameters<typeof path>[0]) => {
    path(shape);
    return context.take();
  };
  const drawn: Drawn = { width, height, shapes: new Map(), cityBorders: '', outline: '', labels: [] };
  for (const f of collection.features) drawn.shapes.set(f.properties.code, d(f));
  drawn.outline = d(mesh(topo, object, (a, b) => a === b) as MultiLineString);
  if (cityCode) {
    type Box = [number, number, number, number];
    const placed: Box[] = [];
    const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    // Largest counties first; a name goes on its county only where it fits and meets no other name.
    // The list beside the map names every county.
    const byArea = collection.features.map((f) => ({ f, area: measure.area(f) })).sort((a, b) => b.area - a.area);
    for (const { f, area } of byArea) {
      const name = f.properties.name;
      const [x, y] = measure.centroid(f);
      const [w, h] = [name.length * FONT_SIZE + 6, FONT_SIZE + 6];
      const box: Box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
      const [[left, top], [right, bottom]] = measure.bounds(f);
      const inside = box[0] >= left && box[2] <= right && box[1] >= top && box[3] <= bottom && area > 3 * w * h;
      if (!inside || placed.some((other) => overlaps(box, other))) continue;
      placed.push(box);
      drawn.labels.push({ x, y, text: name });
    }
  } else {
    drawn.cityBorders = d(mesh(topo, object, (a, b) => a !== b && cityOf(a) !== cityOf(b)) as MultiLineString);
    if (view === 'province') {
      // The centroid of a city's counties together is the centroid of the city: their shared borders cancel.
      for (const city of cities) {
        const [x, y] = measure.centroid({ ...collection, features: collection.features.filter((f) => f.properties.city === code6(city.code)) });
        drawn.labels.push({ x, y, text: city.short });
      }
    }
  }
  return drawn;
}

const drawings = new Map<string, Drawn>();
function drawing(view: MapView): Drawn {
  const key = typeof view === 'string' ? view : view.code;
  let drawn = drawings.get(key);
  if (!drawn) drawings.set(key, (drawn = draw(view)));
  return drawn;
}

/** Lower bounds of the classes: one per count while counts are few, otherwise rounded steps on a log scale. */
export function classBounds(max: number): number[] {
  if (max <= CLASSES) return Array.from({ length: Math.max(max, 1) }, (_, i) => i + 1);
  const nice = (n: number) => {
    const power = 10 ** Math.floor(Math.log10(n));
    return [1, 2, 3, 5, 10].map((m) => m * power).reduce((best, m) => (Math.abs(m - n) < Math.abs(best - n) ? m : best));
  };
  const bounds = [1];
  for (let i = 1; i < CLASSES; i++) {
    const bound = Math.max(nice(max ** (i / CLASSES)), bounds.at(-1)! + 1);
    if (bound <= max) bounds.push(bound);
  }
  return bounds;
}

/** A county with material: its page (from the site model) and how many pieces concern it. */
type Shaded = CountyLink & { count: number };

interface Shading {
  counts: Map<string, Shaded>;
  max: number;
  bounds: number[];
}

const shadings = new WeakMap<Site, Shading>();
function shading(site: Site): Shading {
  let shade = shadings.get(site);
  if (shade) return shade;
  const counts = new Map<string, Shaded>();
  for (const city of site.cities) for (const { county, url, entries } of city.counties) counts.set(code6(county.code), { county, url, count: entries.length });
  const max = Math.max(0, ...[...counts.values()].map((c) => c.count));
  shade = { counts, max, bounds: classBounds(max) };
  shadings.set(site, shade);
  return shade;
}

/** The class of a count: 0 for none, else 1…CLASSES, the darkest classes used when there are fewer bounds. */
function classOf(count: number, bounds: number[]): number {
  if (count === 0) return 0;
  const index = bounds.findLastIndex((b) => count >= b);
  return CLASSES - bounds.length + 1 + index;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function legend(bounds: number[], max: number): string {
  const swatch = (k: number) => `<svg width="14" height="14" aria-hidden="true"><rect class="k${k}" width="14" height="14"/></svg>`;
  const items = [`<li>${swatch(0)}暂无材料</li>`];
  bounds.forEach((low, i) => {
    const high = i + 1 < bounds.length ? bounds[i + 1] - 1 : max;
    items.push(`<li>${swatch(classOf(low, bounds))}${low === high ? low : `${low}–${high}`} 篇</li>`);
  });
  return `<ul class="map-legend">${items.join('')}</ul>`;
}

/**
 * The SVG figure of `view` for the site: every county shaded by how many pieces concern it, each
 * with material a link (through `href`, written relative to the page like every link) titled with its name and count.
 */
export function countyMap(site: Site, view: MapView, href: (path: string) => string): string {
  const drawn = drawing(view);
  const { counts, max, bounds } = shading(site);
  const small = view === 'home';
  const name = view === 'province' || view === 'home' ? '山西省' : view.name;
  const title = `${name}各县区材料分布示意图`;
  const shapes = [...drawn.shapes].map(([code, d]) => {
    const found = counts.get(code);
    const k = classOf(found?.count ?? 0, bounds);
    if (small) return `<path class="k${k}" d="${d}"/>`;
    const county = found?.county ?? counties.find((c) => code6(c.code) === code)!;
    if (!found) return `<path class="k0" d="${d}"><title>${escape(county.label)}：暂无材料</title></path>`;
    return `<a href="${escape(href(found.url))}"><title>${escape(county.label)}：${found.count} 篇</title><path class="k${k}" d="${d}"/></a>`;
  });
  const labels = drawn.labels.map((l) => `<text x="${l.x.toFixed(0)}" y="${l.y.toFixed(0)}">${escape(l.text)}</text>`).join('');
  const svg =
    `<svg viewBox="0 0 ${drawn.width} ${drawn.height}"${small ? ` role="img" aria-label="${title}"` : ''}>` +
    (small ? '' : `<title>${title}</title>`) +
    `<g class="counties">${shapes.join('')}</g>` +
    (drawn.cityBorders ? `<path class="city-borders" d="${drawn.cityBorders}"/>` : '') +
    `<path class="outline" d="${drawn.outline}"/>` +
    (labels ? `<g class="labels" font-size="${FONT_SIZE}" aria-hidden="true">${labels}</g>` : '') +
    '</svg>';
  if (small) return `<a class="map map-small" href="${escape(href(pageUrls.counties))}">${svg}</a>`;
  return `<figure class="map${view === 'province' ? '' : ' city-map'}">${svg}<figcaption>示意图（非标准地图，仅供内部参考）。颜色越深，写到该县区的材料越多；有材料的县区可点开。${legend(bounds, max)}</figcaption></figure>`;
}

/** The Nunjucks global `countyMap(site, view)`: links go through the environment's own `url` filter. */
export function countyMapGlobal(env: nunjucks.Environment) {
  return function (this: unknown, site: Site, view: 'province' | 'home' | { city: City }) {
    const url = env.getFilter('url');
    const where = typeof view === 'string' ? view : view.city;
    return new nunjucks.runtime.SafeString(countyMap(site, where, (path) => url.call(this, path)));
  };
}
