// Link, one document at a time: what a piece of material is in the site (its address, counties,
// cities, themes, description, entries) and the problems found on the way, and where each document
// stands among the others (two files for one address, a standalone's file name). linkSite.ts builds
// the whole site from these; `yaoxun check FILE` uses them alone, for FILE in full and for the other
// files from their outlines (kind and 期号), so it says of FILE exactly what a build says. Nothing
// here needs the words of the text (相关经验, related.ts): they come through `Words`.
import path from 'node:path';
import { toString } from 'mdast-util-to-string';
import { EXIT, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { countyCoded, type City, type County } from '../places/divisions.ts';
import { citiesAsUnits, countiesInText, writtenCounty } from '../places/findPlaces.ts';
import { problemsInto, type Problem, type Say } from '../messages.ts';
import type { Article, Document, Issue, IssueLabel, ParseResult, Standalone } from '../types.ts';
import { slugify } from '../places/slug.ts';
import type { WordCounts } from './related.ts';
import { themesInText, type Theme } from './themes.ts';
import { urls } from './urls.ts';

/** A source file whose parse made a tree, with what the parse found beside it */
export interface Parsed extends ParseResult {
  file: VFile;
  doc: Document;
}

/** One place a reader can land on: a whole piece of material or one article of an issue. */
export interface Entry {
  material: Material;
  /** Anchor of the article within an issue page */
  anchor?: string;
  /** The material's page, at the article's anchor for an issue's article */
  url: string;
  title: string;
}

/** A county, city or theme with the address of its page, as the site lists it and as a material's page links to it. */
export interface CountyLink {
  county: County;
  url: string;
}
export interface CityLink {
  city: City;
  url: string;
}
export interface ThemeLink {
  theme: Theme;
  url: string;
}
export const countyLink = (county: County): CountyLink => ({ county, url: urls.county(county) });
export const cityLink = (city: City): CityLink => ({ city, url: urls.city(city) });
export const themeLink = (theme: Theme): ThemeLink => ({ theme, url: urls.theme(theme) });

export interface Material {
  kind: 'issue' | 'standalone';
  url: string;
  /** 〔2022〕第11期 for an issue, the headline for a standalone */
  title: string;
  date?: string;
  year?: number;
  source: string;
  doc: Document;
  counties: County[];
  cities: City[];
  themes: Theme[];
  /** Plain text saying what it is, for its page's meta description and its feed entry's summary */
  description: string;
  /** An issue with a 编者按, which is searched as a record of its own */
  editorNote: boolean;
  /** Issue: its articles as entries; standalone: itself */
  entries: EntryDetail[];
  /** What its page links to besides its neighbours: its year's page, its counties' and themes' pages */
  links: { year?: string; counties: CountyLink[]; themes: ThemeLink[] };
  prev?: Material;
  next?: Material;
}

export interface EntryDetail extends Entry {
  counties: County[];
  /** The cities of its counties, and a city it names as a unit (团晋城市委) */
  cities: City[];
  themes: Theme[];
  /** Its words, for 相关经验 (related.ts) */
  words: WordCounts;
}

function articleCounties(article: Article, text: string, fromFrontMatter: County[]): County[] {
  const found = new Set<County>();
  const unit = article.county ? countyCoded(article.county) : undefined;
  if (unit) found.add(unit);
  for (const c of countiesInText(article.title + text)) found.add(c);
  for (const c of fromFrontMatter) if (text.includes(c.name) || article.title.includes(c.name)) found.add(c);
  return [...found];
}

/** Where a front-matter key is written (the parse stage kept it), or the file's first line. */
const keyAt = (source: Pick<Parsed, 'keyPlaces'>, ...keys: string[]) => keys.map((key) => source.keyPlaces[key]).find(Boolean) ?? { line: 1, column: 1 };

function frontMatterCounties(source: Parsed, names: string[], say: Say): County[] {
  return names.flatMap((name) => {
    const { county, doubt } = writtenCounty(name);
    if (doubt) say.warning(source.file, doubt.reason, keyAt(source, '县区'), doubt.kind === 'ambiguous' ? 'front-matter-county-ambiguous' : 'front-matter-county-unknown');
    return county ? [county] : [];
  });
}

function themesNamed(source: Parsed, names: string[], themes: Theme[], say: Say): Theme[] {
  return names.flatMap((name) => {
    const theme = themes.find((t) => t.name === name);
    if (!theme) say.warning(source.file, `主题「${name}」不在 themes.yaml 中：请用其中的名称（${themes.map((t) => t.name).slice(0, 6).join('、')}……），或先在 themes.yaml 中添加。`, keyAt(source, '主题'), 'theme-unknown');
    return theme ? [theme] : [];
  });
}

const union = <T>(...lists: T[][]) => [...new Set(lists.flat())];

const plain = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Up to the first full stop, with the closing quotes or brackets that belong to it. */
const firstSentence = (text: string) => /^.*?[。！？!?][”’」』）)]*/s.exec(text)?.[0] ?? text;

/** What an issue is about in a sentence: its 编者按's first, or the titles of its articles when it has none. */
function issueDescription(doc: Issue): string {
  const note = doc.children.find((c) => c.type === 'editorNote');
  const said = note ? plain(firstSentence(toString(note.children))) : '';
  return said || `${doc.meta.issue.label}：${doc.children.flatMap((c) => (c.type === 'article' ? [c.title] : [])).join('；')}`;
}

/** What a standalone is about: its first paragraph with text (or run-in point), else its subtitle or title. */
function standaloneDescription(doc: Standalone): string {
  let first = '';
  visit(doc, ['paragraph', 'point'], (node) => {
    first = plain(toString(node));
    return first ? EXIT : undefined;
  });
  return first || doc.meta.subtitle || doc.meta.title;
}

export const linksOf = (material: Material): Material['links'] => ({
  year: material.year ? urls.year(material.year) : undefined,
  counties: material.counties.map(countyLink),
  themes: material.themes.map(themeLink),
});

function issueMaterial(source: Parsed, doc: Issue, themes: Theme[], say: Say, words: Words): Material {
  const { meta } = doc;
  const fmCounties = frontMatterCounties(source, meta.counties, say);
  const fmThemes = themesNamed(source, meta.themes, themes, say);
  const material: Material = {
    kind: 'issue',
    url: addressOf(source.file, 'issue', meta.issue),
    title: meta.issue.label,
    date: meta.date,
    year: meta.issue.year,
    source: source.file.path,
    doc,
    description: issueDescription(doc),
    editorNote: doc.children.some((c) => c.type === 'editorNote'),
    counties: [],
    cities: [],
    themes: [],
    entries: [],
    links: { counties: [], themes: [] },
  };
  for (const node of doc.children) {
    if (node.type !== 'article') continue;
    const text = toString(node.children);
    const counties = articleCounties(node, text, fmCounties);
    material.entries.push({
      material,
      anchor: node.id,
      url: urls.article(material.url, node.id),
      title: node.title,
      counties,
      cities: union(counties.map((c) => c.city), citiesAsUnits(node.title + text)),
      themes: union(themesInText(node.title + text, themes), fmThemes),
      words: words(node.title, text),
    });
  }
  const all = toString(doc);
  material.counties = union(fmCounties, ...material.entries.map((e) => e.counties));
  material.themes = union(fmThemes, ...material.entries.map((e) => e.themes));
  material.cities = union(material.counties.map((c) => c.city), citiesAsUnits(all));
  material.links = linksOf(material);
  return material;
}

function standaloneMaterial(source: Parsed, doc: Standalone, themes: Theme[], say: Say, words: Words): Material {
  const { file } = source;
  const { meta } = doc;
  const body = toString(doc);
  const text = meta.title + (meta.subtitle ?? '') + body;
  const material: Material = {
    kind: 'standalone',
    url: addressOf(file, 'standalone'),
    title: meta.title,
    date: meta.date,
    year: meta.date ? Number(meta.date.slice(0, 4)) : undefined,
    source: file.path,
    doc,
    description: standaloneDescription(doc),
    editorNote: false,
    counties: union(frontMatterCounties(source, meta.counties, say), countiesInText(text)),
    cities: [],
    themes: union(themesNamed(source, meta.themes, themes, say), themesInText(text, themes)),
    entries: [],
    links: { counties: [], themes: [] },
  };
  material.cities = union(material.counties.map((c) => c.city), citiesAsUnits(text));
  material.links = linksOf(material);
  material.entries.push({
    material,
    url: material.url,
    title: meta.title,
    counties: material.counties,
    cities: material.cities,
    themes: material.themes,
    words: words(meta.title + (meta.subtitle ?? ''), body),
  });
  return material;
}

/** A standalone's URL is its file name, so the name must already be what a URL may hold. */
const STANDALONE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Refuses a file name a URL cannot carry as it is, or one that differs from another only in case
 * (the same file on Windows and macOS), and suggests a free lower-case pinyin name.
 */
function checkStandaloneName(file: VFile, names: Set<string>, say: Say) {
  const name = path.basename(file.path, '.md');
  if (STANDALONE_NAME.test(name)) return;
  const problems = [
    /[A-Z]/.test(name) && '大写字母',
    /\s/.test(name) && '空格',
    /\p{Script=Han}/u.test(name) && '汉字',
    /[^A-Za-z0-9\s\p{Script=Han}-]|^-|-$|--/u.test(name) && '其他符号',
  ].filter(Boolean);
  const twin = [...names].find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  const stem = slugify(name) || 'wenzhang';
  let suggested = stem;
  for (let n = 2; names.has(suggested) && suggested !== name; n++) suggested = `${stem}-${n}`;
  const clash = twin ? `，而且与「${twin}.md」只差大小写（在 Windows 和 macOS 上两者是同一个文件）` : '';
  say.error(file, `文章文件名「${name}.md」含${problems.join('、')}${clash}：网址取自文件名，只能用小写字母、数字和连字符，请改名为「${suggested}.md」。`, undefined, 'article-file-name');
}

/** What the link stage made of one document, kept between links while the document and the themes stay the same. */
export interface Analysis {
  material: Material;
  problems: Problem[];
}
export type LinkCache = WeakMap<Document, Analysis>;

/** How an entry's words are counted (related.ts), or not at all when nothing will compare them. */
export type Words = (title: string, body: string) => WordCounts;
/** No words: for a link whose 相关经验 nobody reads (`yaoxun check`) */
export const NO_WORDS: Words = () => ({ ids: new Uint32Array(0), counts: new Float64Array(0) });

/** A document's address: an issue's from its 期号, a standalone's from its file name. */
export function addressOf(file: VFile, type: Document['type'], issue?: Pick<IssueLabel, 'year' | 'number'>): string {
  return type === 'issue' ? urls.issue(issue!.year, issue!.number) : urls.standalone(path.basename(file.path, '.md'));
}

/**
 * Analyses that outlive the process (a build's, in its cache: storedAnalysis.ts), each given back
 * only for the document as it is now and the themes of this link.
 */
export interface KeptAnalyses {
  get(source: Parsed): Analysis | undefined;
  set(source: Parsed, analysis: Analysis): void;
}

/**
 * One document's analysis, from `cache` while the document is the same, else from `kept`; made with
 * `words` otherwise. Its problems are all warnings: whether a file has errors never depends on its analysis.
 */
export function analyse(source: Parsed, themes: Theme[], cache: LinkCache, words: Words, kept?: KeptAnalyses): Analysis {
  let analysis = cache.get(source.doc) ?? kept?.get(source);
  if (!analysis) {
    const found: Problem[] = [];
    const say = problemsInto(found);
    const material = source.doc.type === 'issue' ? issueMaterial(source, source.doc, themes, say, words) : standaloneMaterial(source, source.doc, themes, say, words);
    analysis = { material, problems: found };
    kept?.set(source, analysis);
  }
  cache.set(source.doc, analysis);
  return analysis;
}

/** What placing a document among the others needs of it: which file, what kind, its address and where its 期号 or 标题 is written. */
export interface Placing {
  file: VFile;
  type: Document['type'];
  url: string;
  /** An issue's 期号 as printed (〔2022〕第11期) */
  title: string;
  keyPlaces: ParseResult['keyPlaces'];
}

/** Places documents in the order given, each once; `standaloneNames` are the file names of all standalones with a tree. */
export function placer(standaloneNames: Set<string>, into: Problem[]) {
  const say = problemsInto(into);
  const byUrl = new Map<string, VFile>();
  /**
   * Says what is wrong with where a document stands (its file name, an address another file has),
   * with its own analysis's `problems` in between, as a file's messages have always been ordered;
   * gives whether the document keeps its address (the first file to claim one keeps it).
   */
  return (doc: Placing, problems: Problem[]): boolean => {
    const { file, url } = doc;
    if (doc.type === 'standalone') checkStandaloneName(file, standaloneNames, say);
    into.push(...problems);
    const other = byUrl.get(url);
    if (other) {
      const reason = doc.type === 'issue'
        ? `期号 ${doc.title} 与 ${other.path} 重复：请改正其中一个文件的期号。`
        : `文件名与 ${other.path} 对应同一网址 ${url}：请改用不同的文件名。`;
      say.error(file, reason, keyAt(doc, '期号', '标题'), doc.type === 'issue' ? 'issue-duplicate' : 'article-duplicate');
      return false;
    }
    byUrl.set(url, file);
    return true;
  };
}
