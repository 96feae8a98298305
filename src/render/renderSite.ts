// Render: the site model → pages (output path + bytes) through the Nunjucks templates in templates/.
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { RootContent } from 'mdast';
import type { County } from '../places/divisions.ts';
import type { Entry, Material, Site } from '../link/linkSite.ts';
import { asciiForms, searchRecords } from '../search/records.ts';
import { TemplateError } from '../messages.ts';
import { proseHtml } from './prose.ts';

export interface Page {
  /** Site URL: /issues/2022/11/ or /feed.xml */
  url: string;
  content: string;
}

export interface RenderOptions {
  templates: string;
  /** Where the site is served: '/', '/archive/' or 'https://intranet.example/archive/' */
  base: string;
}

/** Only the site itself; Pagefind's search runs WebAssembly, which needs 'wasm-unsafe-eval'. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

export const countyUrl = (county: County) => `/counties/${county.city.slug}/${county.slug}/`;

/** 2022-12-13 → 2022年12月13日, as the bulletin prints it. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function templateEnvironment({ templates, base }: RenderOptions): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  const prefix = base.replace(/\/$/, '');
  env.addFilter('url', (path: string) => prefix + path);
  env.addFilter('prose', (nodes: RootContent | RootContent[]) => new nunjucks.runtime.SafeString(proseHtml(nodes)));
  env.addFilter('cnDate', chineseDate);
  env.addFilter('countyUrl', countyUrl);
  env.addGlobal('csp', CSP);
  return env;
}

/** One page to render: its template and context, and the material files whose change touches it. */
export interface PageSpec {
  url: string;
  template: string;
  context: Record<string, unknown>;
  /** Source paths of the material the page shows; `all` for pages that show every piece (counts, sitemap) */
  sources: Set<string> | 'all';
  /** After an edit, the page of the edited material comes first; the index pages listing it can follow */
  priority: 'first' | 'later';
}

const sourcesOf = (materials: Material[]) => new Set(materials.map((m) => m.source));
const entrySources = (entries: Entry[]) => sourcesOf(entries.map((e) => e.material));

/** Every page of the site, decided from the model alone; nothing is rendered yet. */
export function planSite(site: Site): PageSpec[] {
  const specs: PageSpec[] = [];
  const plan = (url: string, template: string, context: Record<string, unknown>, sources: PageSpec['sources'], priority: PageSpec['priority'] = 'later') =>
    specs.push({ url, template, context, sources, priority });
  const latestIssues = site.issues.slice(0, 10);
  const latestArticles = site.articles.slice(0, 10);
  plan('/', 'home.njk', { latestIssues, latestArticles }, 'all');
  for (const material of site.materials) {
    const special = material.doc.type === 'issue' && material.doc.meta.special ? ' ' + material.doc.meta.special : '';
    const neighbours = [material, material.prev, material.next].filter((m): m is Material => Boolean(m));
    plan(material.url, material.kind === 'issue' ? 'issue.njk' : 'article.njk', { material, title: material.title + special }, sourcesOf(neighbours), 'first');
  }
  plan('/years/', 'years.njk', { title: '按年份' }, 'all');
  for (const year of site.years) plan(`/years/${year.year}/`, 'year.njk', { year, title: `${year.year} 年` }, sourcesOf(year.materials));
  plan('/counties/', 'counties.njk', { title: '按县区' }, 'all');
  for (const city of site.cities) {
    plan(`/counties/${city.city.slug}/`, 'city.njk', { city, title: city.city.name }, entrySources(city.entries));
    for (const county of city.counties) plan(countyUrl(county.county), 'county.njk', { county, title: county.county.name }, entrySources(county.entries));
  }
  plan('/themes/', 'themes.njk', { title: '按主题' }, 'all');
  for (const theme of site.themes) if (theme.entries.length) plan(`/themes/${theme.theme.slug}/`, 'theme.njk', { theme, title: theme.theme.name }, entrySources(theme.entries));
  plan('/search/', 'search.njk', { title: '搜索' }, new Set());
  plan('/404.html', '404.njk', { title: '找不到页面' }, new Set());
  const byDate = [...site.materials].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const updated = `${byDate.find((m) => m.date)?.date ?? '2000-01-01'}T00:00:00+08:00`;
  plan('/feed.xml', 'feed.xml.njk', { materials: byDate.slice(0, 50), updated }, 'all');
  plan('/sitemap.xml', 'sitemap.xml.njk', { urls: specs.map((s) => s.url).filter((u) => u.endsWith('/')) }, 'all');
  return specs;
}

function render(env: nunjucks.Environment, template: string, context: object): string {
  try {
    return env.render(template, context);
  } catch (e) {
    const text = (e as Error).message;
    const where = /\(([^)]+)\)\s*\[Line (\d+), Column (\d+)\]/.exec(text);
    const detail = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Template render error')).at(-1) ?? text;
    const file = where ? `${path.relative(process.cwd(), where[1])}:${where[2]}:${where[3]}` : template;
    throw new TemplateError(`模板 ${file} 出错：${detail}。请检查模板的写法（{% %} 与 {{ }} 是否成对、变量名是否正确）；内容文件没有问题。`);
  }
}

export function renderPage(env: nunjucks.Environment, site: Site, spec: PageSpec): Page {
  return { url: spec.url, content: render(env, spec.template, { site, url: spec.url, ...spec.context }) };
}

/** What the search index holds: one HTML document per article; each says in its meta where it lands. */
export function renderRecords(env: nunjucks.Environment, site: Site): string[] {
  return searchRecords(site).map((record) => asciiForms(render(env, 'search-record.njk', { record })));
}
