// Render: the site model → pages (output path + bytes) through the Nunjucks templates in templates/.
import nunjucks from 'nunjucks';
import type { RootContent } from 'mdast';
import type { County } from '../places/divisions.ts';
import type { Site } from '../link/linkSite.ts';
import { searchRecords } from '../search/records.ts';
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
  env.addFilter('prose', (nodes: RootContent[]) => new nunjucks.runtime.SafeString(proseHtml(nodes)));
  env.addFilter('cnDate', chineseDate);
  env.addFilter('countyUrl', countyUrl);
  env.addGlobal('csp', CSP);
  return env;
}

export interface Rendered {
  pages: Page[];
  /** What the search index holds: one HTML document per article, at the URL a hit lands on */
  records: Page[];
}

export function renderSite(site: Site, options: RenderOptions): Rendered {
  const env = templateEnvironment(options);
  const pages: Page[] = [];
  const page = (url: string, template: string, context: object) =>
    pages.push({ url, content: env.render(template, { site, url, ...context }) });

  page('/', 'home.njk', {});
  for (const material of site.issues) {
    page(material.url, 'issue.njk', { material, title: `${material.title}${material.doc.type === 'issue' && material.doc.meta.special ? ' ' + material.doc.meta.special : ''}` });
  }
  for (const material of site.articles) page(material.url, 'article.njk', { material, title: material.title });
  page('/years/', 'years.njk', { title: '按年份' });
  for (const year of site.years) page(`/years/${year.year}/`, 'year.njk', { year, title: `${year.year} 年` });
  page('/counties/', 'counties.njk', { title: '按县区' });
  for (const city of site.cities) {
    page(`/counties/${city.city.slug}/`, 'city.njk', { city, title: city.city.name });
    for (const county of city.counties) page(countyUrl(county.county), 'county.njk', { county, title: county.county.name });
  }
  page('/themes/', 'themes.njk', { title: '按主题' });
  for (const theme of site.themes) if (theme.entries.length) page(`/themes/${theme.theme.slug}/`, 'theme.njk', { theme, title: theme.theme.name });
  page('/search/', 'search.njk', { title: '搜索' });
  pages.push({ url: '/404.html', content: env.render('404.njk', { site, url: '/404.html', title: '找不到页面' }) });

  const dated = site.materials.filter((m) => m.date).map((m) => m.date!).sort();
  const updated = `${dated.at(-1) ?? '2000-01-01'}T00:00:00+08:00`;
  const byDate = [...site.materials].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  pages.push({ url: '/feed.xml', content: env.render('feed.xml.njk', { materials: byDate.slice(0, 50), updated }) });
  const urls = pages.filter((p) => p.url.endsWith('/')).map((p) => p.url);
  pages.push({ url: '/sitemap.xml', content: env.render('sitemap.xml.njk', { urls }) });
  // Pagefind puts its own baseUrl (set by the search page) before these URLs.
  const records = searchRecords(site).map((record) => ({ url: record.url, content: env.render('search-record.njk', { record }) }));
  return { pages, records };
}
