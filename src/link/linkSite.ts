// Link: parsed documents → the site model: each piece of material with its counties, cities and
// themes (materials.ts), every list that leads to material (years, cities, counties, themes), every
// address (urls.ts) and each entry's 相关经验 (related.ts). The render stage plans a page for each of
// them and lays it out.
import path from 'node:path';
import { cities, type City, type County } from '../places/divisions.ts';
import type { Problem } from '../messages.ts';
import { DEFAULT_PUBLICATION, type Publication } from './publication.ts';
import { relate, wordCounts, type Relation, type RelatedMemory } from './related.ts';
import { analyse, cityLink, countyLink, placer, themeLink, type CityLink, type CountyLink, type EntryDetail, type LinkCache, type Material, type Parsed, type ThemeLink, type Words } from './materials.ts';
import { keptIn, type AnalysisStore } from './storedAnalysis.ts';
import type { Theme } from './themes.ts';
import { urls } from './urls.ts';

export type { Analysis, CityLink, CountyLink, Entry, EntryDetail, LinkCache, Material, Parsed, ThemeLink } from './materials.ts';

export interface Site {
  publication: Publication;
  /** Newest first */
  issues: Material[];
  standalones: Material[];
  materials: Material[];
  years: { year: number; url: string; materials: Material[] }[];
  cities: (CityLink & { counties: (CountyLink & { entries: EntryDetail[] })[]; entries: EntryDetail[] })[];
  themes: (ThemeLink & { entries: EntryDetail[] })[];
  /** 相关经验: each entry's related entries, most related first */
  related: Map<EntryDetail, Relation<EntryDetail>[]>;
}


const byDateDesc = (a: Material, b: Material) => (b.date ?? '').localeCompare(a.date ?? '') || a.url.localeCompare(b.url);

/** The site model, and the problems of this link: they hold for the whole content as linked now, so they are returned, not written onto the files. */
export interface LinkedSite {
  site: Site;
  problems: Problem[];
}


/** What the last link of the same content left for 相关经验 (related.ts), and where this link leaves its own. */
export interface LinkMemory {
  related?: RelatedMemory;
}

/**
 * `cache` keeps each document's analysis between links (the dev server re-links after every edit);
 * it is only valid for one set of themes. `store` keeps them between processes (a build's cache),
 * and must hold only analyses made with `themes`. `memory` is read and replaced.
 */
export function linkSite(parsed: Parsed[], themes: Theme[], cache: LinkCache = new WeakMap(), publication = DEFAULT_PUBLICATION, store?: AnalysisStore, memory: LinkMemory = {}): LinkedSite {
  const issues: Material[] = [];
  const standalones: Material[] = [];
  const problems: Problem[] = [];
  const standaloneNames = new Set(parsed.filter((p) => p.doc.type === 'standalone').map((p) => path.basename(p.file.path, '.md')));
  const place = placer(standaloneNames, problems);
  const words: Words = (title, body) => wordCounts(title, body, themes);
  const kept = store && keptIn(store, themes);
  for (const source of parsed) {
    const { material, problems: found } = analyse(source, themes, cache, words, kept);
    if (place({ file: source.file, type: source.doc.type, url: material.url, title: material.title, keyPlaces: source.keyPlaces }, found)) (source.doc.type === 'issue' ? issues : standalones).push(material);
  }
  issues.sort(byDateDesc);
  standalones.sort(byDateDesc);
  issues.forEach((m, i) => {
    m.next = issues[i - 1];
    m.prev = issues[i + 1];
  });
  const materials = [...issues, ...standalones];

  const years = [...new Set(materials.flatMap((m) => (m.year ? [m.year] : [])))]
    .sort((a, b) => b - a)
    .map((year) => ({ year, url: urls.year(year), materials: materials.filter((m) => m.year === year) }));

  const entries = materials.flatMap((m) => m.entries);
  // Each list in one pass over the entries, in their order: filtering all of them once per county took 0.3 s at 5,000 issues.
  const byCounty = new Map<County, EntryDetail[]>();
  const byCity = new Map<City, EntryDetail[]>();
  const byTheme = new Map<Theme, EntryDetail[]>();
  const add = <K>(lists: Map<K, EntryDetail[]>, key: K, e: EntryDetail) => (lists.get(key) ?? (lists.set(key, []), lists.get(key)!)).push(e);
  for (const e of entries) {
    for (const county of new Set(e.counties)) add(byCounty, county, e);
    const inCities = new Set(e.counties.map((c) => c.city));
    if (e.material.kind === 'standalone') for (const city of e.material.cities) inCities.add(city);
    for (const city of inCities) add(byCity, city, e);
    for (const theme of new Set(e.themes)) add(byTheme, theme, e);
  }
  const cityList = cities.map((city) => {
    const counties = [...byCounty.keys()]
      .filter((c) => c.city === city)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((county) => ({ ...countyLink(county), entries: byCounty.get(county)! }));
    return { ...cityLink(city), counties, entries: byCity.get(city) ?? [] };
  });

  const themeList = themes.map((theme) => ({ ...themeLink(theme), entries: byTheme.get(theme) ?? [] }));
  const { related, memory: relatedMemory } = relate(entries, memory.related);
  memory.related = relatedMemory;
  return { site: { publication, issues, standalones, materials, years, cities: cityList, themes: themeList, related }, problems };
}
