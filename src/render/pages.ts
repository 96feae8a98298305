// Render: the site model → pages (URL + text) through the Nunjucks templates in templates/. planSite
// decides which pages there are, one per year, city, county, theme and piece of material, and more.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { RootContent } from 'mdast';
import type { EntryDetail, Material, Site } from '../link/linkSite.ts';
import type { Relation, Why } from '../link/related.ts';
import type { Publication } from '../link/publication.ts';
import { pageUrls } from '../link/urls.ts';
import { slugify } from '../places/slug.ts';
import { TemplateError } from '../messages.ts';
import { sha1 } from '../files.ts';
import { proseHtml, type SiteUrl } from './prose.ts';
import { countyMapGlobal } from './map.ts';

export interface Page {
  /** Site URL: /issues/2022/11/ or /feed.xml */
  url: string;
  content: string;
}

export interface RenderOptions {
  templates: string;
  /** Where the site is served ('/', '/archive/'): only the 404 page links from it, every other page relatively */
  base: string;
  /**
   * A folder where templates compiled to JavaScript are kept by the hash of their source, so a build
   * does not compile them again (about half a second of a small build). Only `build` passes one:
   * `dev` and `check` never write the cache.
   */
  compiled?: string;
}

const require = createRequire(import.meta.url);
const nunjucksVersion = (require('nunjucks/package.json') as { version: string }).version;
const compiler = require('nunjucks/src/compiler') as { compile: (src: string, asyncFilters: string[], extensions: unknown[], name: string, opts: object) => string };

/**
 * Reads templates like FileSystemLoader, and hands Nunjucks each one already compiled, as its
 * PrecompiledLoader does: Nunjucks then runs the same code it would have compiled itself.
 * A template that does not compile is left to Nunjucks, so its error reads as before.
 */
class CompiledLoader extends nunjucks.FileSystemLoader {
  env?: nunjucks.Environment;
  constructor(templates: string, private folder: string) {
    super(templates);
  }
  getSource(name: string) {
    const source = super.getSource(name);
    if (!source || !this.env) return source;
    const env = this.env as unknown as { asyncFilters: string[]; extensionsList: unknown[]; opts: object };
    const file = path.join(this.folder, `${sha1(nunjucksVersion, JSON.stringify(env.opts), source.path, source.src)}.js`);
    let code: string;
    if (existsSync(file)) code = readFileSync(file, 'utf8');
    else {
      try {
        code = compiler.compile(source.src, env.asyncFilters, env.extensionsList, source.path, env.opts);
      } catch {
        return source;
      }
      mkdirSync(this.folder, { recursive: true });
      const temporary = `${file}.${process.pid}`;
      writeFileSync(temporary, code);
      renameSync(temporary, file);
    }
    return { ...source, src: { type: 'code', obj: new Function(code)() } } as unknown as nunjucks.LoaderSource;
  }
}

/** Only the site itself; Pagefind's search runs WebAssembly, which needs 'wasm-unsafe-eval'. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/** Dates written already: a list page writes one for every entry, and an archive's issues share few dates. */
const chineseDates = new Map<string, string>();

/** 2022-12-13 → 2022年12月13日, as the bulletin prints it. */
export function chineseDate(iso: string): string {
  let written = chineseDates.get(iso);
  if (written === undefined) {
    const [y, m, d] = iso.split('-').map(Number);
    chineseDates.set(iso, (written = `${y}年${m}月${d}日`));
  }
  return written;
}

/** Why a 相关经验 entry is listed, in a few words: 同在阳城县；同为「青年之家」；都讲到联络站、两联 */
export function whyRelated(why: Why): string {
  return [
    ...why.counties.map((c) => `同在${c.label}`),
    ...(why.city ? [`同属${why.city.name}`] : []),
    ...(why.themes.length ? [`同为${why.themes.slice(0, 2).map((t) => `「${t.name}」`).join('')}`] : []),
    ...(why.words.length ? [`都讲到${why.words.join('、')}`] : []),
  ].join('；');
}

/**
 * How a page links to a site address: relative to the page, so one build works at the site root,
 * under any sub-path and opened from a folder. The 404 page is the exception: a server sends it
 * for any missing address, at any depth, so it links from the site's base (--base) instead.
 * One function per depth, so prose converted for one page is reused by every page as deep.
 */
export function hrefsFrom(base: string): (page: string | undefined) => SiteUrl {
  const fromBase: SiteUrl = (sitePath) => base.replace(/\/$/, '') + sitePath;
  const byDepth = new Map<number, SiteUrl>();
  return (page = pageUrls.home) => {
    if (page === pageUrls.notFound) return fromBase;
    const depth = page.slice(0, page.lastIndexOf('/') + 1).split('/').length - 2;
    let href = byDepth.get(depth);
    if (!href) {
      const up = '../'.repeat(depth);
      byDepth.set(depth, (href = (sitePath) => up + sitePath.slice(1) || './'));
    }
    return href;
  };
}

/**
 * A site address as the feed and sitemap must give it: absolute under 网址 (RFC 4287 ids are IRIs,
 * sitemap locations full URLs). Without 网址 an Atom id is a tag: URI (RFC 4151) named after the
 * bulletin; its date is fixed, so an id never changes once given.
 */
export function absolute(sitePath: string, publication: Publication, as: 'id' | 'link' = 'link'): string {
  if (publication.address) return new URL(sitePath.slice(1), publication.address).href;
  return as === 'id' ? `tag:${slugify(publication.name) || 'yaoxun'},2000:${sitePath}` : sitePath.slice(1) || './';
}

export function templateEnvironment({ templates, base, compiled }: RenderOptions): nunjucks.Environment {
  const loader = compiled ? new CompiledLoader(templates, compiled) : new nunjucks.FileSystemLoader(templates);
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  if (loader instanceof CompiledLoader) loader.env = env;
  const hrefs = hrefsFrom(base);
  // A feed is read away from the site, by programs that may not know where it came from: the text in
  // it links to the site's pages and images by their full address under 网址 (see absolute).
  const feedHrefs = new WeakMap<Publication, SiteUrl>();
  const hrefsOf = ({ url, site }: Rendering['ctx']): SiteUrl => {
    if (url !== pageUrls.feed || !site) return hrefs(url);
    let href = feedHrefs.get(site.publication);
    if (!href) feedHrefs.set(site.publication, (href = (sitePath) => absolute(sitePath, site.publication)));
    return href;
  };
  // Nunjucks calls a filter with the page's context as `this` (macros see it when imported `with context`).
  type Rendering = { ctx: { url?: string; site?: Site } };
  env.addFilter('url', function (this: Rendering, sitePath: string) {
    return hrefsOf(this.ctx)(sitePath);
  });
  env.addFilter('prose', function (this: Rendering, nodes: RootContent | RootContent[]) {
    return new nunjucks.runtime.SafeString(proseHtml(nodes, hrefsOf(this.ctx)));
  });
  env.addFilter('cnDate', chineseDate);
  env.addFilter('whyRelated', whyRelated);
  // Only the addresses of the pages there is one of: every other page's address is in the site model.
  env.addGlobal('urls', pageUrls);
  env.addFilter('absolute', absolute);
  env.addGlobal('csp', CSP);
  env.addGlobal('countyMap', countyMapGlobal(env));
  return env;
}

/** One page to render: its template and context, and the material files whose change touches it. */
export interface PageSpec {
  url: string;
  template: string;
  context: Record<string, unknown>;
  /** Source paths of the material the page shows in full (its text): a change to any of these files touches it */
  sources: Set<string>;
  /** After an edit, the page of the edited material comes first; the index pages listing it can follow */
  priority: 'first' | 'later';
  /**
   * What the page shows of material beyond `sources`, as text: a material page's 相关经验 lists,
   * an index page's lines and counts. They follow the whole archive, so the page's key holds what
   * they show, not the files behind them: an edit to an article's text leaves the lists that name it alone.
   */
  shows?: string;
}

/** Each entry's 相关经验 by its anchor on the page ('' for a standalone, which is one entry). */
const relatedByAnchor = (material: Material, site: Site) =>
  Object.fromEntries(material.entries.map((e) => [e.anchor ?? '', site.related.get(e) ?? []]));

/** Everything the 相关经验 template shows of each related entry, as text for the page key. */
const relatedShown = (lists: Record<string, Relation<EntryDetail>[]>) =>
  JSON.stringify(
    Object.entries(lists).map(([anchor, list]) => [
      anchor,
      list.map(({ entry, why }) => {
        const { material } = entry;
        const origin = material.doc.type === 'standalone' ? material.doc.meta.origin : undefined;
        return [entry.url, entry.title, material.kind, material.title, origin, material.date, entry.counties.map((c) => c.label), why.counties.map((c) => c.label), why.city?.name, why.themes.map((t) => t.name), why.words];
      }),
    ]),
  );

const sourcesOf = (materials: Material[]) => new Set(materials.map((m) => m.source));

// What the index templates show of each piece, as text for page keys: kept beside macros.njk's
// entryList and materialList, the map's counts and the chips' counts, and changed with them.
// An entry is listed on several pages (its theme's, its city's, its county's): what its line shows is
// hashed once, and the pages' keys hold the hashes (at 5,000 issues a theme page lists thousands).
const entryLines = new WeakMap<EntryDetail, string>();
const entryShown = (e: EntryDetail) => {
  let line = entryLines.get(e);
  if (line === undefined) entryLines.set(e, (line = sha1(JSON.stringify([e.url, e.material.kind, e.material.title, e.title, e.material.date, e.counties.map((c) => c.label)]))));
  return line;
};
const materialShown = (m: Material) => [m.url, m.kind, m.title, m.doc.type === 'issue' ? m.doc.meta.special : undefined, m.date, m.kind === 'issue' ? m.entries.map((e) => [e.url, e.title]) : []];
const countsShown = (site: Site) => ({
  years: site.years.map((y) => [y.url, y.year, y.materials.length]),
  cities: site.cities.map((c) => [c.url, c.city.code, c.entries.length, c.counties.map((k) => [k.url, k.county.code, k.entries.length])]),
  themes: site.themes.map((t) => [t.url, t.theme.name, t.entries.length]),
});
const shown = (...parts: unknown[]) => JSON.stringify(parts);
const none = new Set<string>();

/** Every page of the site, decided from the model alone; nothing is rendered yet. */
export function planSite(site: Site): PageSpec[] {
  const specs: PageSpec[] = [];
  const plan = (url: string, template: string, context: Record<string, unknown>, sources: PageSpec['sources'], priority: PageSpec['priority'] = 'later', shows?: string) =>
    specs.push({ url, template, context, sources, priority, shows });
  const latestIssues = site.issues.slice(0, 10);
  const latestStandalones = site.standalones.slice(0, 10);
  const counts = countsShown(site);
  plan(pageUrls.home, 'home.njk', { latestIssues, latestStandalones }, none, 'later', shown(counts, latestIssues.map(materialShown), latestStandalones.map(materialShown)));
  for (const material of site.materials) {
    const special = material.doc.type === 'issue' && material.doc.meta.special ? ' ' + material.doc.meta.special : '';
    const neighbours = [material, material.prev, material.next].filter((m): m is Material => Boolean(m));
    // Named apart from the macros' `related` (the page's county and theme links), which a template imports.
    const relatedLists = relatedByAnchor(material, site);
    plan(material.url, material.kind === 'issue' ? 'issue.njk' : 'standalone.njk', { material, title: material.title + special, relatedLists }, sourcesOf(neighbours), 'first', relatedShown(relatedLists));
  }
  plan(pageUrls.years, 'years.njk', { title: '按年份' }, none, 'later', shown(counts.years));
  for (const year of site.years) plan(year.url, 'year.njk', { year, title: `${year.year} 年` }, none, 'later', shown(year.materials.map(materialShown)));
  plan(pageUrls.counties, 'counties.njk', { title: '按县区' }, none, 'later', shown(counts.cities));
  for (const city of site.cities) {
    // A city's map is shaded on the scale of the whole province: every county's count is part of what it shows.
    plan(city.url, 'city.njk', { city, title: city.city.name }, none, 'later', shown(counts.cities, city.entries.map(entryShown)));
    for (const county of city.counties) plan(county.url, 'county.njk', { county, city, title: county.county.name }, none, 'later', shown(county.entries.map(entryShown)));
  }
  plan(pageUrls.themes, 'themes.njk', { title: '按主题' }, none, 'later', shown(counts.themes));
  for (const theme of site.themes) if (theme.entries.length) plan(theme.url, 'theme.njk', { theme, title: theme.theme.name }, none, 'later', shown(theme.entries.map(entryShown)));
  plan(pageUrls.search, 'search.njk', { title: '搜索' }, none);
  plan(pageUrls.notFound, '404.njk', { title: '找不到页面' }, none);
  const byDate = [...site.materials].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const updated = `${byDate.find((m) => m.date)?.date ?? '2000-01-01'}T00:00:00+08:00`;
  const inFeed = byDate.slice(0, 50);
  plan(pageUrls.feed, 'feed.xml.njk', { materials: inFeed, updated }, sourcesOf(inFeed), 'later', shown(updated, inFeed.map((m) => m.url)));
  // A sitemap lists absolute addresses only (sitemaps.org): without 网址 there is none to give.
  if (site.publication.address) {
    const pages = specs.map((s) => s.url).filter((u) => u.endsWith('/'));
    plan(pageUrls.sitemap, 'sitemap.xml.njk', { pages }, none, 'later', shown(pages));
  }
  return specs;
}

/** Renders `template`; a failure is a TemplateError saying where in the template. */
export function renderTemplate(env: nunjucks.Environment, template: string, context: object): string {
  try {
    return env.render(template, context);
  } catch (e) {
    const text = (e as Error).message;
    const where = /\(([^)]+)\)\s*\[Line (\d+), Column (\d+)\]/.exec(text);
    const detail = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Template render error')).at(-1) ?? text;
    const file = where ? path.relative(process.cwd(), where[1]) : template;
    const place = where ? { line: Number(where[2]), column: Number(where[3]) } : undefined;
    const at = place ? `${file}:${place.line}:${place.column}` : file;
    throw new TemplateError(file, place, `模板 ${at} 出错：${detail}。请检查模板的写法（{% %} 与 {{ }} 是否成对、变量名是否正确）；内容文件没有问题。`);
  }
}

export function renderPage(env: nunjucks.Environment, site: Site, spec: PageSpec): Page {
  return { url: spec.url, content: renderTemplate(env, spec.template, { site, url: spec.url, ...spec.context }) };
}

