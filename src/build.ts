// The pipeline in one direction: load → cache → parse → link → render → search → write.
// The stages are loaded only once the build knows it has work to do: a build with nothing changed
// then answers in a fraction of a second instead of waiting for the parser and templates to load.
// A build after a change does only what the change touches: files parsed before are read back from
// the cache, a page is rendered only when what it shows changed (its key, below), and a search bundle
// is re-indexed only when its material did. The output is the same as a cold build's, byte for byte.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadContent, sourceFiles } from './load/loadContent.ts';
import { mediaFiles } from './load/media.ts';
import { SEARCH_PAGE_MODULES } from './search/pageModules.ts';
import { pagefindVersion } from './search/writeSearchIndex.ts';
import { cacheDir, codeVersion, environmentPrint, fingerprint, lastBuild, replayMessages, saveBuild } from './cache/buildRecord.ts';
import { KnownContent } from './cache/knownContent.ts';
import { lockFolder } from './write/lock.ts';
import { sha1 } from './files.ts';
import type { StoredAnalysis } from './link/storedAnalysis.ts';
import type { LinkMemory, Material } from './link/linkSite.ts';
import type { RecordStore } from './search/records.ts';

export interface BuildOptions {
  content: string;
  out: string;
  base: string;
  templates: string;
  publicDir: string;
  /** Told how long each stage took (yaoxun build --debug) */
  timing?: (stage: string, ms: number) => void;
  /** Told when another build holds the output folder or the cache, and this one waits for it */
  waiting?: (what: string) => void;
}

export interface BuildResult {
  files: VFile[];
  errors: number;
  /** Pages in the site, issues and standalones among them */
  pages: number;
  issues: number;
  standalones: number;
  /** Nothing the site is made from changed since the last build, so nothing was written */
  upToDate: boolean;
  /** What the build left out and why, said once per build (no sitemap without 网址) */
  notes: string[];
}

/** The search index's folder: writeSearchIndex fills it, and keeps what it can by its own keys. */
const FILLED = ['pagefind'];

const NO_ADDRESS = '注意：content/site.yaml 中没有「网址」，所以没有生成 sitemap.xml（站点地图只能列完整网址），订阅源的 id 用 tag: 形式。发布后请写上网站首页的网址，例如「网址: http://intranet.example/archive/」。';

/** Builds the site; writes nothing when any file has an error, or when nothing changed since the last build. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  let lapStarted = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    options.timing?.(stage, now - lapStarted);
    lapStarted = now;
  };
  const out = path.resolve(options.out);
  const held = await lockFolder(out, '输出目录', () => options.waiting?.(out));
  try {
    const before = lastBuild(out, FILLED);
    // A file whose size, times and inode are as the last build found them is not read again.
    const knownContent = new KnownContent(options.content);
    const content = loadContent(options.content, knownContent.known);
    const sources = sourceFiles(content);
    const documents = [...content.issues, ...content.standalones];
    // Text that is new or changed is cut into words (segmenter.ts); a deletion or a template change brings none.
    const newText = knownContent.changedAmong(documents);
    knownContent.save(sources);
    lap('load');
    // A build after an edit starts loading the segmenter's dictionary in a worker thread now, while
    // this thread hashes the sources, loads the stages' code and reads the caches; one with no new text
    // to cut (nothing changed, or files only deleted) reads the settings once it knows it has work to do.
    const cutsAhead = Boolean(before && newText);
    const settingsRead = async () => {
      const [{ readSettings }, { loadSegmenterAhead }] = await Promise.all([import('./link/settings.ts'), import('./link/segmenter.ts')]);
      const read = readSettings(content);
      if (cutsAhead) loadSegmenterAhead(read.themes);
      return read;
    };
    let settings = cutsAhead ? await settingsRead() : undefined;
    // What every page and bundle depends on beside its own material: themes.yaml and site.yaml are read by all.
    const environment = environmentPrint([options.templates, options.publicDir], options.base, pagefindVersion, String(content.themesYaml?.data.hash), String(content.siteYaml?.data.hash));
    const print = fingerprint(sources, environment, mediaFiles(content.root));
    if (before?.record.fingerprint === print && (await before.present)) {
      const { record } = before;
      replayMessages(record, sources);
      return { files: sources, errors: 0, pages: record.pages, issues: record.issues, standalones: record.standalones, upToDate: true, notes: [] };
    }
    settings ??= await settingsRead();
    const [{ linkAndReport }, vocabulary, { ParseCache }, { AnalysisCache }, { KeptMemory }, { planSite, renderPage, templateEnvironment }, { materialKey, pagesToRender }, { planBundles }, { RecordCache }, { KeptRecords }, { writeSearchIndex }, { outputPath, writeSite }] = await Promise.all([
      import('./link/linkContent.ts'),
      import('./link/vocabulary.ts'),
      import('./cache/parseCache.ts'),
      import('./cache/analysisCache.ts'),
      import('./cache/keptMemory.ts'),
      import('./render/pages.ts'),
      import('./render/pageKeys.ts'),
      import('./search/bundles.ts'),
      import('./search/records.ts'),
      import('./cache/keptRecords.ts'),
      import('./search/writeSearchIndex.ts'),
      import('./write/writeSite.ts'),
    ]);
    lap('load code');
    const parseCache = new ParseCache(path.join(cacheDir, 'parsed'), codeVersion());
    if (parseCache.read(documents, content.root)) parseCache.using((await import('./parse/parseDocument.ts')).parseDocument);
    // The themes are read from themes.yaml alone: its bytes and yaoxun's version stand for them.
    const linkVersion = sha1(codeVersion(), String(content.themesYaml?.data.hash));
    const analyses = new AnalysisCache<StoredAnalysis>(path.join(cacheDir, 'analysed'), linkVersion, vocabulary).read(content.root);
    const remembered = new KeptMemory<LinkMemory>(path.join(cacheDir, 'linked'), linkVersion, content.root);
    const memory = remembered.read();
    const { files, parsed, site, errors } = linkAndReport(content, { parse: parseCache.parse, analyses, settings, memory });
    // The last build's record holds while the folder is as it left it.
    const present = await before?.present;
    const last = present && { ...before!.record, present };
    lap('parse+link');
    // The parse cache is written while the site is made, and done before the site is swapped in.
    const saving = (async () => {
      const cacheLock = await lockFolder(cacheDir, '缓存目录', () => options.waiting?.(cacheDir));
      try {
        await parseCache.save();
        await analyses.save();
        await remembered.save(memory);
      } finally {
        await cacheLock.release();
      }
    })();
    // Met below, on every way out: until then its failure must not count as unhandled.
    saving.catch(() => undefined);
    try {
      const notes = site.publication.address ? [] : [NO_ADDRESS];
      const result = { files, errors, pages: 0, issues: site.issues.length, standalones: site.standalones.length, upToDate: false, notes };
      if (errors > 0) {
        await saving;
        return result;
      }
      const hashes = new Map(sources.map((f) => [f.path, String(f.data.hash)]));
      const hashOf = (source: string) => hashes.get(source);
      const env = templateEnvironment({ templates: options.templates, base: options.base, compiled: path.join(cacheDir, 'templates') });
      const specs = planSite(site);
      const pages = pagesToRender(specs, environment, hashOf, (url) => last?.pageKeys?.[url], (url) => last?.present.has(outputPath(url)) ?? false);
      const records = new RecordCache(env);
      // The newest bundle's records are kept: edits and new issues re-index it again and again.
      const kept = new KeptRecords(path.join(cacheDir, 'records'), content.root);
      const recordKey = (m: Material) => sha1(environment, materialKey([m.source], hashOf));
      const store: RecordStore = { get: (m) => kept.get(recordKey(m)), set: (m, r) => kept.set(recordKey(m), r) };
      const bundleKeys: Record<string, string> = {};
      const bundles = planBundles(site).map((bundle, i) => {
        const key = (bundleKeys[bundle.name] = sha1(environment, bundle.name, materialKey(bundle.materials.map((m) => m.source), hashOf)));
        const same = last?.bundleKeys?.[bundle.name] === key && existsSync(path.join(out, 'pagefind', bundle.name, 'facets.json'));
        return { name: bundle.name, key, records: same ? undefined : () => records.records(site, bundle.materials, i === 0 ? store : undefined) };
      });
      lap('plan');
      // Pagefind indexes in its own processes while the pages are rendered and written here, once it has its records.
      const { size, spare } = await writeSite(out, {
        pages: (function* () {
          for (const spec of pages.render) yield renderPage(env, site, spec);
        })(),
        kept: pages.kept,
        publicDir: options.publicDir,
        copied: [...new Map(parsed.flatMap((p) => p.media).map((m) => [m.path, m])).values(), ...SEARCH_PAGE_MODULES],
        filled: FILLED,
        fill: async (staging, started) => {
          const changed = await writeSearchIndex(bundles, path.join(staging, 'pagefind'), started);
          lap('search index (pages meanwhile)');
          return changed.map((rel) => path.join('pagefind', rel));
        },
        current: last && { files: last.present, spare: last.spare },
        beforeSwap: async () => {
          await saving;
          await kept.save();
          held.check();
        },
      });
      lap('swap');
      saveBuild(out, print, size, { pages: specs.length, issues: result.issues, standalones: result.standalones, pageKeys: pages.keys, bundleKeys, spare }, files);
      return { ...result, pages: specs.length };
    } finally {
      await saving.catch(() => undefined);
    }
  } finally {
    await held.release();
  }
}
