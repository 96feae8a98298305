// The site as the dev server holds it: every page in memory, updated file by file. A change is
// parsed alone, re-linked with the cached analysis of every other file, and only the pages whose
// material it touches are rendered again. A broken file keeps its last good version in the site.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
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

  constructor(readonly content: string, private readonly templates: string) {
    this.env = templateEnvironment({ templates, base: '/' });
    const files = loadContent(content);
    this.themesFile = files.themes;
    this.themes = readThemes(files.themes);
    for (const file of [...files.issues, ...files.articles]) this.sources.set(path.resolve(file.path), { file, doc: parseDocument(file) });
    this.relink('all');
  }

  /** What kind of source a path inside the content folder is, if any. */
  kindOf(file: string): SourceKind | 'themes' | undefined {
    const rel = path.relative(path.resolve(this.content), path.resolve(file)).split(path.sep);
    if (rel[0] === 'themes.yaml' && rel.length === 1) return 'themes';
    if (!file.endsWith('.md')) return undefined;
    return rel[0] === 'issues' ? 'issue' : rel[0] === 'articles' ? 'article' : undefined;
  }

  /** A content file was added, changed or removed: the URLs whose pages changed. */
  contentChanged(file: string): string[] {
    const kind = this.kindOf(file);
    if (kind === 'themes') return this.themesChanged();
    if (!kind) return [];
    const key = path.resolve(file);
    const before = this.sources.get(key);
    if (!existsSync(file)) {
      this.sources.delete(key);
      return before ? this.relink(key) : [];
    }
    const next = readSource(path.relative(process.cwd(), key) || key, kind);
    if (before && before.file.data.hash === next.data.hash) return [];
    const doc = parseDocument(next);
    this.sources.set(key, { file: next, doc: doc ?? before?.doc });
    return doc ? this.relink(key) : [];
  }

  /** Templates changed: every page is rendered again with fresh templates. */
  templatesChanged(): string[] {
    this.env = templateEnvironment({ templates: this.templates, base: '/' });
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
    const problems = files.flatMap((file) =>
      file.messages.filter(isError).map((m) => ({ file: file.path, line: m.line, column: m.column, message: m.reason, rule: m.ruleId })),
    );
    return [...problems, ...this.linkProblems];
  }

  records() {
    return this.site ? renderRecords(this.env, this.site) : [];
  }

  /** Links the site again and renders the pages `changed` (a source path, or all) touches. */
  private relink(changed: string | 'all'): string[] {
    const parsed = [...this.sources.values()].filter((s): s is Required<Source> => Boolean(s.doc)).map(({ file, doc }) => ({ file, doc }));
    const site = linkSite(parsed, this.themes, this.cache);
    // Link problems (the same 期号 twice) belong to this link only; they are reported, not kept on the file.
    this.linkProblems = parsed.flatMap(({ file }) => {
      const found = file.messages.filter((m) => m.ruleId === 'issue-duplicate' || m.ruleId === 'article-duplicate');
      file.messages = file.messages.filter((m) => !found.includes(m));
      return found.map((m) => ({ file: file.path, line: m.line, column: m.column, message: m.reason, rule: m.ruleId }));
    });
    if (this.linkProblems.length && this.site) return [];
    const before = this.specs;
    const relative = changed === 'all' ? 'all' : path.relative(process.cwd(), changed);
    const touches = (spec: PageSpec | undefined) =>
      spec !== undefined && (spec.sources === 'all' || [...spec.sources].some((s) => path.resolve(s) === path.resolve(relative)));
    const updated: string[] = [];
    this.specs = new Map(planSite(site).map((spec) => [spec.url, spec]));
    this.site = site;
    for (const [url, spec] of this.specs) {
      if (relative === 'all' || !before.has(url) || touches(spec) || touches(before.get(url))) {
        this.pages.set(url, String(renderPage(this.env, site, spec).content));
        updated.push(url);
      }
    }
    for (const url of before.keys()) {
      if (!this.specs.has(url)) {
        this.pages.delete(url);
        updated.push(url);
      }
    }
    return updated;
  }
}
