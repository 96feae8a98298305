// The site as the dev server holds it: every page in memory, updated file by file. A change is
// parsed alone, re-linked with the cached analysis of every other file, and only the pages whose
// material it touches are rendered again. A broken file keeps its last good version in the site.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { loadContent, readSource, type SourceKind } from '../load/loadContent.ts';
import { linkSite, type Material, type Site } from '../link/linkSite.ts';
import { readThemes, type Theme } from '../link/themes.ts';
import { isError } from '../messages.ts';
import { parseDocument } from '../parse/parseDocument.ts';
import { planSite, renderPage, renderRecords, templateEnvironment, type PageSpec } from '../render/renderSite.ts';
import type { Document } from '../types.ts';

export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  rule?: string;
}

const toProblem = (file: VFile, m: VFileMessage): Problem => ({ file: file.path, line: m.line, column: m.column, message: m.reason, rule: m.ruleId });

interface Source {
  file: VFile;
  /** The last version that parsed without errors, kept in the site while the file is broken */
  doc?: Document;
}

export class DevSite {
  readonly pages = new Map<string, string>();
  private sources = new Map<string, Source>();
  private specs = new Map<string, PageSpec>();
  private themesFile?: VFile;
  private themes: Theme[] = [];
  private cache = new WeakMap<Document, Material>();
  private env;
  private site?: Site;
  private linkProblems: Problem[] = [];
  /** Pages a change touched that wait for flush(): the index pages, rendered after the material pages. */
  private queue = new Set<string>();
  private recordCache = new WeakMap<Material, string[]>();

  constructor(readonly content: string, private readonly templates: string) {
    this.env = templateEnvironment({ templates, base: '/' });
    const files = loadContent(content);
    this.themesFile = files.themes;
    this.themes = readThemes(files.themes);
    for (const file of [...files.issues, ...files.articles]) this.sources.set(path.resolve(file.path), { file, doc: parseDocument(file) });
    this.relink('all');
  }

  /** What kind of source a path inside the content folder is, if any. */
  private kindOf(file: string): SourceKind | 'themes' | undefined {
    const rel = path.relative(path.resolve(this.content), path.resolve(file)).split(path.sep);
    if (rel[0] === 'themes.yaml' && rel.length === 1) return 'themes';
    if (!file.endsWith('.md')) return undefined;
    return rel[0] === 'issues' ? 'issue' : rel[0] === 'articles' ? 'article' : undefined;
  }

  /** A content file was added, changed or removed: the URLs of the material pages it changed (flush() renders the rest). */
  contentChanged(file: string): string[] {
    const kind = this.kindOf(file);
    if (kind === 'themes') return this.themesChanged();
    if (!kind) return [];
    const key = path.resolve(file);
    const before = this.sources.get(key);
    if (!existsSync(file)) {
      this.sources.delete(key);
      return before ? this.relink(before.file.path) : [];
    }
    const next = readSource(before?.file.path ?? file, kind);
    if (before && before.file.data.hash === next.data.hash) return [];
    const doc = parseDocument(next);
    this.sources.set(key, { file: next, doc: doc ?? before?.doc });
    return doc ? this.relink(next.path) : [];
  }

  /** Templates changed: every page is rendered again with fresh templates. */
  templatesChanged(): string[] {
    this.env = templateEnvironment({ templates: this.templates, base: '/' });
    this.recordCache = new WeakMap();
    return this.relink('all');
  }

  private themesChanged(): string[] {
    this.themesFile = existsSync(path.join(this.content, 'themes.yaml')) ? readSource(path.join(this.content, 'themes.yaml')) : undefined;
    this.themes = readThemes(this.themesFile);
    this.cache = new WeakMap();
    return this.relink('all');
  }

  /** Every error the content has now, for the overlay; empty when all is well. */
  problems(): Problem[] {
    const files = [...(this.themesFile ? [this.themesFile] : []), ...[...this.sources.values()].map((s) => s.file)];
    return [...files.flatMap((file) => file.messages.filter(isError).map((m) => toProblem(file, m))), ...this.linkProblems];
  }

  /** The search records of the whole site; each material's are rendered once and kept while it is unchanged. */
  records() {
    if (!this.site) return [];
    return this.site.materials.flatMap((material) => {
      let records = this.recordCache.get(material);
      if (!records) this.recordCache.set(material, (records = renderRecords(this.env, { ...this.site!, materials: [material] })));
      return records;
    });
  }

  /** Renders the next index page a change queued behind the material pages; returns its URL, or undefined when none waits. */
  renderQueued(): string | undefined {
    const [url] = this.queue;
    if (url === undefined) return undefined;
    this.queue.delete(url);
    this.render(url);
    return url;
  }

  /** Renders every queued page; returns their URLs. */
  flush(): string[] {
    const urls: string[] = [];
    for (let url = this.renderQueued(); url !== undefined; url = this.renderQueued()) urls.push(url);
    return urls;
  }

  private render(url: string) {
    const spec = this.specs.get(url);
    if (spec && this.site) this.pages.set(url, renderPage(this.env, this.site, spec).content);
  }

  /** Links the site again and renders the pages `changed` (a source's path as loaded, or all) touches. */
  private relink(changed: string | 'all'): string[] {
    const parsed = [...this.sources.values()].filter((s): s is Required<Source> => Boolean(s.doc)).map(({ file, doc }) => ({ file, doc }));
    const site = linkSite(parsed, this.themes, this.cache);
    // Link problems (the same 期号 twice) belong to this link only; they are reported, not kept on the file.
    this.linkProblems = parsed.flatMap(({ file }) => {
      const found = file.messages.filter((m) => m.ruleId === 'issue-duplicate' || m.ruleId === 'article-duplicate');
      file.messages = file.messages.filter((m) => !found.includes(m));
      return found.map((m) => toProblem(file, m));
    });
    if (this.linkProblems.length && this.site) return [];
    const before = this.specs;
    const touches = (spec: PageSpec | undefined) => spec !== undefined && (spec.sources === 'all' || spec.sources.has(changed));
    const updated: string[] = [];
    this.specs = new Map(planSite(site).map((spec) => [spec.url, spec]));
    this.site = site;
    for (const [url, spec] of this.specs) {
      if (changed === 'all' || !before.has(url) || touches(spec) || touches(before.get(url))) {
        // The page being edited first; the index pages listing it follow in flush().
        if (changed === 'all' || spec.template === 'issue.njk' || spec.template === 'article.njk') {
          this.render(url);
          updated.push(url);
        } else this.queue.add(url);
      }
    }
    for (const url of before.keys()) {
      if (!this.specs.has(url)) {
        this.pages.delete(url);
        this.queue.delete(url);
        updated.push(url);
      }
    }
    return updated;
  }
}
