// `check` and `inspect`: load, parse every file and link (see link/linkContent.ts), without writing anything.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadContent, readSource, SOURCE_FOLDERS, sourceKindOf, type ContentFiles } from './load/loadContent.ts';
import { linkAndReport, type LinkReport } from './link/linkContent.ts';
import type { EntryDetail, LinkCache, Material, Site } from './link/linkSite.ts';
import type { Theme } from './link/themes.ts';
import { reportJson } from './messages.ts';
import type { City, County } from './places/divisions.ts';
import { parseDocument } from './parse/parseDocument.ts';

export function checkContent(contentDir: string): LinkReport {
  return linkAndReport(loadContent(contentDir), { parse: parseDocument });
}

/** The content folder a file belongs to: the nearest folder above it that has issues/, written as the file was (relative or not). */
export function contentFolderOf(file: string): string | undefined {
  for (let dir = path.dirname(path.resolve(file)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, SOURCE_FOLDERS.issue))) return path.isAbsolute(file) ? dir : path.relative(process.cwd(), dir) || '.';
  }
  return undefined;
}

const city = (c: City) => ({ name: c.name, code: c.code, slug: c.slug });
const county = (c: County) => ({ name: c.name, code: c.code, city: c.city.name, cityCode: c.city.code, slug: c.slug });
const theme = (t: Theme) => ({ name: t.name, slug: t.slug });

/** An entry's 相关经验 as its page lists them: where each is, what it is, and why. */
const relatedView = (entry: EntryDetail, site: Site) =>
  (site.related.get(entry) ?? []).map(({ entry: other, why }) => ({
    title: other.title,
    url: other.url,
    from: other.material.kind === 'issue' ? other.material.title : other.material.doc.type === 'standalone' ? (other.material.doc.meta.origin ?? null) : null,
    date: other.material.date ?? null,
    counties: other.counties.map((c) => c.name),
    why: { counties: why.counties.map((c) => c.name), city: why.city?.name ?? null, themes: why.themes.map((t) => t.name), words: why.words },
  }));

/** What the build sees of one piece of material, without the links back to the site. */
function linkedView(material: Material, site: Site) {
  return {
    kind: material.kind,
    url: material.url,
    title: material.title,
    date: material.date ?? null,
    counties: material.counties.map(county),
    cities: material.cities.map(city),
    themes: material.themes.map(theme),
    articles: material.kind === 'issue'
      ? material.entries.map((e) => ({ title: e.title, url: e.url, counties: e.counties.map(county), themes: e.themes.map(theme), related: relatedView(e, site) }))
      : undefined,
    related: material.kind === 'standalone' ? relatedView(material.entries[0], site) : undefined,
  };
}

/**
 * One file as the build will see it: linked with the whole content folder `contentDir` (themes,
 * other files' 期号), or alone when it belongs to none. The file is added when the folder lacks it.
 */
export function inspectFile(filePath: string, contentDir: string | undefined) {
  const content: ContentFiles = contentDir ? loadContent(contentDir) : { root: path.dirname(filePath), issues: [], standalones: [] };
  const resolved = path.resolve(filePath);
  let file = [...content.issues, ...content.standalones].find((f) => path.resolve(f.path) === resolved);
  if (!file) {
    // A file outside the content folder is known by the folder it is in, as it would be inside one.
    const kind = (contentDir && sourceKindOf(contentDir, resolved)) || sourceKindOf(path.dirname(path.dirname(resolved)), resolved) || 'issue';
    file = readSource(filePath, kind);
    (kind === 'standalone' ? content.standalones : content.issues).push(file);
  }
  const cache: LinkCache = new WeakMap();
  const { parsed, site } = linkAndReport(content, { parse: parseDocument, cache });
  const doc = parsed.find((p) => p.file === file)?.doc;
  const material = doc && cache.get(doc)?.material;
  return {
    file,
    themesFile: content.themesYaml,
    /** The linked view first, then the typed tree as the parser made it. */
    json: doc && material ? { linked: { ...linkedView(material, site), messages: reportJson([file])[0].messages }, ...doc } : undefined,
  };
}
