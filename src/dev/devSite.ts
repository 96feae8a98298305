// The site as the dev server holds it: every page in memory, updated file by file. A change is
// parsed alone, re-linked with the cached analysis of every other file, and only the pages whose
// material it touches are rendered again. A broken file keeps its last good version in the site,
// a broken themes.yaml its last good themes, broken templates the last pages they rendered; each
// stays listed as a problem, saying what is shown instead, until it is fixed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { loadContent, readSource, SETTING_FILES, sourceKindOf, sourcePathsIn, type SettingFile, type SourceKind } from '../load/loadContent.ts';
import { linkContent } from '../link/linkContent.ts';
import type { Settings } from '../link/settings.ts';
import type { LinkCache, LinkMemory, Site } from '../link/linkSite.ts';
import { DEFAULT_PUBLICATION, readPublication } from '../link/publication.ts';
import { readThemes } from '../link/themes.ts';
import { isError, reported, TemplateError, type Reported } from '../messages.ts';
import { lookedAt } from '../parse/images.ts';
import { parseDocument } from '../parse/parseDocument.ts';
import type { ImageLookup, ParseResult } from '../types.ts';
import { pagesToRender } from '../render/pageKeys.ts';
import { planSite, renderPage, templateEnvironment, type PageSpec } from '../render/pages.ts';
import { RecordCache } from '../search/records.ts';

export interface OverlayProblem extends Reported {
  /** For an error: what the site shows while it stands */
  shown?: string;
}

const SHOWN = {
  lastGood: '网站中显示的是这个文件上次没有错误的版本。',
  never: '这个文件还没有成功生成过，网站中没有它的页面。',
  linkKept: '网站保持出错前的样子，这次修改还没有生效。',
  themesKept: '主题仍按上次正确的 themes.yaml 划分。',
  themesNone: '在 themes.yaml 改正之前，网站没有主题页。',
  templatesKept: '页面仍是模板出错前生成的样子。',
  siteKept: '网站仍用上次正确的 site.yaml（没有正确过时用默认的刊名和主办单位）。',
  templatesNone: '模板改正之前，网站还没有页面。',
};

interface Source {
  file: VFile;
  /** Where the parse of this version looked for images: an image appearing there changes it */
  imageLookups: ImageLookup[];
  /** The parse of the last version without errors, and that version's hash: kept in the site while the file is broken */
  good?: { result: ParseResult; hash: string };
}

type Env = ReturnType<typeof templateEnvironment>;

export class DevSite {
  readonly pages = new Map<string, string>();
  private sources = new Map<string, Source>();
  private specs = new Map<string, PageSpec>();
  /** Each page's key when it was last rendered (render/pageKeys.ts) */
  private pageKeys: Record<string, string> = {};
  /** themes.yaml and site.yaml as they are now, errors and all */
  private settingFiles: Partial<Record<SettingFile, VFile>> = {};
  private themesEverGood = false;
  /** The themes of the last themes.yaml without errors, the facts of the last site.yaml without errors */
  private settings: Settings = { themes: [], publication: DEFAULT_PUBLICATION };
  private cache: LinkCache = new WeakMap();
  /** What the last link left to spare the next one work; related.ts checks it against the link before using any of it */
  private memory: LinkMemory = {};
  private env: Env;
  private site?: Site;
  private linkProblems: OverlayProblem[] = [];
  /** A template that does not compile, or fails on this content, and the templates that failed */
  private templateProblem?: { problem: OverlayProblem; env: Env };
  /**
   * A change was held back (a link error, or a template that failed on it): the pages it touched
   * were never rendered, so the next link that succeeds renders every page.
   */
  private heldBack = false;
  /** Pages a change touched that wait for flush(): the index pages, rendered after the material pages. */
  private queue = new Set<string>();
  private recordCache: RecordCache;

  constructor(readonly content: string, private readonly templates: string) {
    this.env = templateEnvironment({ templates, base: '/' });
    this.recordCache = new RecordCache(this.env);
    const files = loadContent(content);
    this.readSetting('themesYaml', files.themesYaml);
    this.readSetting('siteYaml', files.siteYaml);
    for (const file of [...files.issues, ...files.standalones]) this.sources.set(path.resolve(file.path), this.parse(file));
    this.relink(true);
  }

  /** What kind of source a path inside the content folder is, if any. */
  /** Parses `file`; the site keeps showing `before`'s last good version while this one has errors. */
  private parse(file: VFile, before?: Source): Source {
    const result = parseDocument(file, this.content);
    const good = result.doc && !file.messages.some(isError) ? { result, hash: file.data.hash! } : before?.good;
    return { file, imageLookups: result.imageLookups, good };
  }

  private kindOf(file: string): SourceKind | SettingFile | undefined {
    const rel = path.relative(path.resolve(this.content), path.resolve(file));
    return (Object.keys(SETTING_FILES) as SettingFile[]).find((name) => rel === SETTING_FILES[name]) ?? sourceKindOf(this.content, file);
  }

  /** The content hash the site was made from, per source path (absolute), for a watcher to compare with the disk. */
  known(): Map<string, string> {
    const known = new Map<string, string>();
    for (const file of Object.values(this.settingFiles)) if (file) known.set(path.resolve(file.path), file.data.hash!);
    for (const [key, { file }] of this.sources) known.set(key, file.data.hash!);
    return known;
  }

  /** Every source path on disk now, and every one the site holds (absolute): what a sweep reads again. */
  sourcePaths(): string[] {
    const { issues, standalones } = sourcePathsIn(path.resolve(this.content));
    const onDisk = [...issues, ...standalones];
    return [...new Set([...onDisk, ...Object.values(SETTING_FILES).map((name) => path.resolve(this.content, name)), ...this.known().keys()])];
  }

  /**
   * A content file now holds `bytes` (undefined: it is gone): the URLs of the material pages that
   * changed (flush() renders the index pages after them).
   */
  contentChanged(file: string, bytes: Uint8Array | undefined = existsSync(file) ? readFileSync(file) : undefined): string[] {
    const kind = this.kindOf(file);
    if (kind === 'themesYaml' || kind === 'siteYaml') return this.settingChanged(kind, bytes);
    if (!kind) return [];
    const key = path.resolve(file);
    const before = this.sources.get(key);
    if (!bytes) {
      this.sources.delete(key);
      return before ? this.relink() : [];
    }
    const next = readSource(before?.file.path ?? file, kind, bytes);
    if (before && before.file.data.hash === next.data.hash) return [];
    const source = this.parse(next, before);
    this.sources.set(key, source);
    // Its messages changed even when the site did not: the caller reports problems() either way.
    // A version with errors keeps the last good one (the same parse as before): nothing to link.
    return source.good && source.good !== before?.good ? this.relink() : [];
  }

  /** The image `image` appeared, changed or went: the files whose image check looked for it are read again. */
  mediaChanged(image: string): string[] {
    let again = false;
    for (const [key, source] of this.sources) {
      if (!lookedAt(source.imageLookups, image)) continue;
      const fresh = readSource(source.file.path, source.file.data.kind, Buffer.from(String(source.file.value)));
      this.sources.set(key, this.parse(fresh, source));
      again = true;
    }
    return again ? this.relink(true) : [];
  }

  /** Templates changed: every page is rendered again with fresh templates, or kept as it was if they fail. */
  templatesChanged(): string[] {
    return this.relink(true, templateEnvironment({ templates: this.templates, base: '/' }));
  }

  /** Reads themes.yaml or site.yaml (undefined: gone); its part of the settings changes only when it has no errors. Says whether it did. */
  private readSetting(name: SettingFile, file: VFile | undefined): boolean {
    this.settingFiles[name] = file;
    const read: Partial<Settings> = name === 'themesYaml' ? { themes: readThemes(file) } : { publication: readPublication(file) };
    if (file?.messages.some(isError)) return false;
    this.settings = { ...this.settings, ...read };
    if (name === 'themesYaml') this.themesEverGood = true;
    return true;
  }

  /** themes.yaml or site.yaml changed: every page shows the site's name or its themes, so all are rendered again; a broken one keeps the last good settings. */
  private settingChanged(name: SettingFile, bytes: Uint8Array | undefined): string[] {
    const file = bytes ? readSource(path.join(this.content, SETTING_FILES[name]), undefined, bytes) : undefined;
    if (!this.readSetting(name, file)) return [];
    if (name === 'themesYaml') {
      // Each document's analysis (its themes, the warnings about themes it names) was made with the old themes.
      this.cache = new WeakMap();
    }
    return this.relink(true);
  }

  /** Every error and warning the content, themes and templates have now, for the overlay; empty when all is well. */
  problems(): OverlayProblem[] {
    // Each file's messages are its parse's own (link problems come apart, fresh from each link), so none repeats.
    const add = (file: VFile, m: VFileMessage, shown: string) => problems.push(toProblem(file, m, shown));
    const problems: OverlayProblem[] = [];
    const { themesYaml, siteYaml } = this.settingFiles;
    if (themesYaml) for (const m of themesYaml.messages) add(themesYaml, m, this.themesEverGood ? SHOWN.themesKept : SHOWN.themesNone);
    if (siteYaml) for (const m of siteYaml.messages) add(siteYaml, m, SHOWN.siteKept);
    for (const { file, good } of this.sources.values()) for (const m of file.messages) add(file, m, good ? SHOWN.lastGood : SHOWN.never);
    problems.push(...this.linkProblems);
    if (this.templateProblem) problems.push(this.templateProblem.problem);
    // Errors first, then warnings; each in file order.
    return problems.sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
  }

  /** The search records of the whole site; each material's are rendered once and kept while it is unchanged. */
  records() {
    return this.site ? this.recordCache.records(this.site, this.site.materials) : [];
  }

  /** Renders the next index page a change queued behind the material pages; returns its URL, or undefined when none waits. */
  renderQueued(): string | undefined {
    const [url] = this.queue;
    if (url === undefined) return undefined;
    this.queue.delete(url);
    const spec = this.specs.get(url);
    if (spec && this.site) {
      const content = this.attempt(this.env, () => renderPage(this.env, this.site!, spec).content);
      if (content !== undefined) this.pages.set(url, content);
    }
    return url;
  }

  /** Renders every queued page; returns their URLs. */
  flush(): string[] {
    const urls: string[] = [];
    for (let url = this.renderQueued(); url !== undefined; url = this.renderQueued()) urls.push(url);
    return urls;
  }

  /** Runs a render with `env`; a template failure becomes the template problem instead of an exception. */
  private attempt<T>(env: Env, render: () => T): T | undefined {
    try {
      return render();
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      this.templateProblem = { problem: toProblem({ path: e.template }, e.asMessage(), this.site ? SHOWN.templatesKept : SHOWN.templatesNone), env };
      return undefined;
    }
  }

  /**
   * Links the site again and renders with `env` the pages a build would render now (their key
   * changed, see render/pageKeys.ts), or, `everything`, all pages: after new templates or settings,
   * or a parse whose result changed with its bytes the same (an image appeared). Nothing is kept
   * unless every page it renders now succeeds.
   */
  private relink(everything = false, env: Env = this.env): string[] {
    // The same link as a build's, with the files in the order a build loads them; each file's tree is its last good one.
    const files = [...this.sources.keys()].sort().map((key) => this.sources.get(key)!.file);
    const content = { root: this.content, issues: files.filter((f) => f.data.kind === 'issue'), standalones: files.filter((f) => f.data.kind === 'standalone') };
    const parse = (file: VFile) => this.sources.get(path.resolve(file.path))?.good?.result;
    const { site, problems } = linkContent(content, { parse, cache: this.cache, settings: this.settings, memory: this.memory });
    // An error of the link (the same 期号 twice, a file name no URL can carry) holds the whole change back.
    this.linkProblems = problems.map(({ file, message }) => toProblem(file, message, SHOWN.linkKept));
    if (problems.some(({ message }) => isError(message)) && this.site) {
      this.heldBack = true;
      return [];
    }
    if (this.heldBack) everything = true;
    const specs = new Map(planSite(site).map((spec) => [spec.url, spec]));
    const hashOf = (source: string) => this.sources.get(path.resolve(source))?.good?.hash;
    // The dev server's environment is its templates and settings; a change to either renders everything.
    const plan = pagesToRender(specs.values(), '', hashOf, (url) => (everything ? undefined : this.pageKeys[url]), (url) => this.pages.has(url));
    const rendered = new Map<string, string>();
    const queued: string[] = [];
    const failed = this.attempt(env, () => {
      for (const spec of plan.render) {
        // The page being edited first; the index pages listing it follow in flush().
        if (everything || spec.priority === 'first') rendered.set(spec.url, renderPage(env, site, spec).content);
        else queued.push(spec.url);
      }
      return false;
    }) ?? true;
    if (failed) {
      this.heldBack = true;
      return [];
    }
    this.heldBack = false;
    // Fresh templates that render, or the content that made the same templates fail, settle the problem;
    // content rendered with the last good templates while the new ones are broken does not.
    if (this.templateProblem && (env !== this.env || this.templateProblem.env === env)) this.templateProblem = undefined;
    if (env !== this.env) this.recordCache = new RecordCache(env);
    this.env = env;
    this.site = site;
    const before = this.specs;
    this.specs = specs;
    this.pageKeys = plan.keys;
    for (const [url, content] of rendered) this.pages.set(url, content);
    for (const url of queued) this.queue.add(url);
    const updated = [...rendered.keys()];
    for (const url of before.keys()) {
      if (!specs.has(url)) {
        this.pages.delete(url);
        this.queue.delete(url);
        updated.push(url);
      }
    }
    return updated;
  }
}

/** A message as the overlay shows it; an error also says what the site shows while it stands. */
function toProblem(file: { path: string }, m: VFileMessage, shown: string): OverlayProblem {
  return { ...reported(file, m), ...(isError(m) ? { shown } : {}) };
}


