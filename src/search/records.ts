// What staff search: one record per article (and per editor's note), so a hit lands on the article
// and a county filter narrows to the articles about that county, not whole issues.
import type { PhrasingContent } from 'mdast';
import type nunjucks from 'nunjucks';
import type { Material, Site } from '../link/linkSite.ts';
import { segmenterFor } from '../link/segmenter.ts';
import type { County } from '../places/divisions.ts';
import { renderTemplate } from '../render/pages.ts';
import type { Article, Note, RunInPoint, Prose, Section } from '../types.ts';
import { asciiForms } from './searchLogic.js';
import { spacedWords } from './words.ts';

export interface SearchRecord {
  /** The page the record lands on: /issues/2022/11/ */
  page: string;
  /** Where on that page: note, a1, or none for a standalone's page */
  anchor?: string;
  title: string;
  label?: string;
  date?: string;
  counties: string[];
  filters: Record<string, string[]>;
  heading?: string;
  subtitle?: string;
  note?: PhrasingContent[];
  children: (Section | RunInPoint | Prose)[];
  /** Footnotes are indexed with the text that cites them: they name sources, documents and places staff look for. */
  notes: Note[];
}

const unique = (values: string[]) => [...new Set(values)];

export function searchRecords(site: Site): SearchRecord[] {
  const records: SearchRecord[] = [];
  for (const material of site.materials) {
    const doc = material.doc;
    const base = {
      date: material.date,
      label: doc.type === 'issue' ? doc.meta.issue.label : undefined,
    };
    const filters = (counties: County[], themes: { name: string }[], cities: { name: string }[]) => ({
      年份: material.year ? [String(material.year)] : [],
      城市: unique([...counties.map((c) => c.city.name), ...cities.map((c) => c.name)]),
      县区: unique(counties.map((c) => c.label)),
      主题: unique(themes.map((t) => t.name)),
      类型: [material.kind === 'issue' ? '简报' : '文章'],
    });
    if (doc.type === 'standalone') {
      const [entry] = material.entries;
      records.push({ ...base, page: material.url, title: material.title, heading: material.title, subtitle: doc.meta.subtitle, counties: entry.counties.map((c) => c.label), filters: filters(entry.counties, entry.themes, material.cities), children: doc.children, notes: doc.notes });
      continue;
    }
    const note = doc.children.find((c) => c.type === 'editorNote');
    if (note) {
      records.push({ ...base, page: material.url, anchor: 'note', title: `${material.title} 编者按`, counties: material.counties.map((c) => c.label), filters: filters(material.counties, material.themes, material.cities), note: note.children, children: [], notes: note.notes });
    }
    for (const entry of material.entries) {
      const article = doc.children.find((c): c is Article => c.type === 'article' && c.id === entry.anchor)!;
      records.push({ ...base, page: material.url, title: `${material.title} ${article.title}`, heading: article.title, anchor: article.id, counties: entry.counties.map((c) => c.label), filters: filters(entry.counties, entry.themes, []), children: article.children, notes: article.notes });
    }
  }
  return records;
}

/**
 * What the search index holds: one HTML document per article, its text cut into words (words.ts);
 * each says in its meta where it lands.
 */
export function renderRecords(env: nunjucks.Environment, site: Site, segmenter = segmenterFor(site.themes.map((t) => t.theme))): string[] {
  // One reading of full-width characters for the index and the queries typed on the search page.
  return searchRecords(site).map((record) => spacedWords(segmenter, asciiForms(renderTemplate(env, 'search-record.njk', { record }))));
}

/** Records kept beyond one process (a build's cache), each material's for what it is made of now. */
export interface RecordStore {
  get(material: Material): string[] | undefined;
  set(material: Material, records: string[]): void;
}

/**
 * Each material's records, rendered once with one template environment and kept while the material
 * is the same object: the link keeps an unchanged file's material, so the dev server renders again
 * only what an edit touched; a build renders each bundle's materials through it once, and takes
 * those `store` holds from it.
 */
export class RecordCache {
  private kept = new WeakMap<Material, string[]>();

  constructor(private readonly env: nunjucks.Environment) {}

  *records(site: Site, materials: Material[], store?: RecordStore): Iterable<string> {
    // Its dictionary loads at the first cut: not at all when every record is kept.
    const segmenter = segmenterFor(site.themes.map((t) => t.theme));
    for (const material of materials) {
      let records = this.kept.get(material) ?? store?.get(material);
      if (!records) {
        records = renderRecords(this.env, { ...site, materials: [material] }, segmenter);
        store?.set(material, records);
      }
      this.kept.set(material, records);
      yield* records;
    }
  }
}
