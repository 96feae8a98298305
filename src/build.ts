// The pipeline in one direction: load → parse → link → render → write (+ search index).
// The stages are loaded only once the build knows it has work to do: a build with nothing changed
// then answers in a fraction of a second instead of waiting for the parser and templates to load.
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadContent, sourceFiles } from './load/loadContent.ts';
import { mediaFiles } from './load/media.ts';
import { fingerprint, replayMessages, saveRecord, upToDate } from './write/buildRecord.ts';

export interface BuildOptions {
  content: string;
  out: string;
  base: string;
  templates: string;
  publicDir: string;
  /** Told how long each stage took (yaoxun build --debug) */
  timing?: (stage: string, ms: number) => void;
}

export interface BuildResult {
  files: VFile[];
  errors: number;
  /** Pages in the site, issues and articles among them */
  pages: number;
  issues: number;
  articles: number;
  /** Nothing the site is made from changed since the last build, so nothing was written */
  upToDate: boolean;
  /** What the build left out and why, said once per build (no sitemap without 网址) */
  notes: string[];
}

const NO_ADDRESS = '注意：content/site.yaml 中没有「网址」，所以没有生成 sitemap.xml（站点地图只能列完整网址），订阅源的 id 用 tag: 形式。发布后请写上网站首页的网址，例如「网址: http://intranet.example/archive/」。';

/** Builds the site; writes nothing when any file has an error, or when nothing changed since the last build. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  let last = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    options.timing?.(stage, now - last);
    last = now;
  };
  const out = path.resolve(options.out);
  const content = loadContent(options.content);
  const sources = sourceFiles(content);
  lap('load');
  const print = fingerprint(sources, mediaFiles(content.root), [options.templates, options.publicDir], options.base);
  const record = upToDate(out, print);
  if (record) {
    replayMessages(record, sources);
    return { files: sources, errors: 0, pages: record.pages, issues: record.issues, articles: record.articles, upToDate: true, notes: [] };
  }
  const [{ checkLoaded }, { planSite, renderPage, renderRecords, templateEnvironment }, { writeSearchIndex }, { writeSite }] = await Promise.all([
    import('./check.ts'),
    import('./render/renderSite.ts'),
    import('./search/writeSearchIndex.ts'),
    import('./write/writeSite.ts'),
  ]);
  const { files, site, errors } = checkLoaded(content);
  lap('parse+link');
  const notes = site.publication.address ? [] : [NO_ADDRESS];
  const result = { files, errors, pages: 0, issues: site.issues.length, articles: site.articles.length, upToDate: false, notes };
  if (errors > 0) return result;
  const env = templateEnvironment({ templates: options.templates, base: options.base });
  const records = renderRecords(env, site);
  const specs = planSite(site);
  lap('records');
  // Pagefind indexes in its own process while the pages are rendered and written here.
  const pages = (function* () {
    for (const spec of specs) yield renderPage(env, site, spec);
  })();
  const media = [...new Map(files.flatMap((f) => f.data.media ?? []).map((m) => [m.path, m])).values()];
  await writeSite(out, pages, options.publicDir, media, async (staging) => {
    await writeSearchIndex(records, path.join(staging, 'pagefind'));
    lap('search index (pages meanwhile)');
  });
  lap('swap');
  saveRecord(out, print, { pages: specs.length, issues: result.issues, articles: result.articles }, files);
  return { ...result, pages: specs.length };
}
