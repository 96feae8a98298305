// The pipeline in one direction: load → parse → link → render → write (+ search index).
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadContent, type ContentFiles } from './load/loadContent.ts';
import { linkSite, type Parsed, type Site } from './link/linkSite.ts';
import { readThemes } from './link/themes.ts';
import { countMessages } from './messages.ts';
import { parseDocument } from './parse/parseDocument.ts';
import { planSite, renderPage, renderRecords, templateEnvironment } from './render/renderSite.ts';
import { writeSearchIndex } from './search/writeSearchIndex.ts';
import { fingerprint, replayMessages, saveRecord, upToDate } from './write/buildRecord.ts';
import { writeSite } from './write/writeSite.ts';

export interface BuildOptions {
  content: string;
  out: string;
  base: string;
  templates: string;
  publicDir: string;
  /** Told how long each stage took (yaoxun build --debug) */
  timing?: (stage: string, ms: number) => void;
}

export interface Checked {
  files: VFile[];
  site: Site;
  errors: number;
}

/** Every source file of the content folder, themes.yaml first. */
const sourceFiles = (content: ContentFiles) => [...(content.themes ? [content.themes] : []), ...content.issues, ...content.articles];

/** Parse and link loaded content without writing anything. */
function checkLoaded(content: ContentFiles): Checked {
  const themes = readThemes(content.themes);
  const parsed: Parsed[] = [];
  for (const file of [...content.issues, ...content.articles]) {
    const doc = parseDocument(file);
    if (doc) parsed.push({ file, doc });
  }
  const site = linkSite(parsed, themes);
  const files = sourceFiles(content);
  return { files, site, errors: countMessages(files).errors };
}

/** Load, parse and link without writing anything: what `check` reports. */
export function checkContent(contentDir: string): Checked {
  return checkLoaded(loadContent(contentDir));
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
}

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
  lap('load');
  const print = fingerprint(sourceFiles(content), [options.templates, options.publicDir], options.base);
  const record = upToDate(out, print);
  if (record) {
    replayMessages(record, sourceFiles(content));
    return { files: sourceFiles(content), errors: 0, pages: record.pages, issues: record.issues, articles: record.articles, upToDate: true };
  }
  const { files, site, errors } = checkLoaded(content);
  lap('parse+link');
  const result = { files, errors, pages: 0, issues: site.issues.length, articles: site.articles.length, upToDate: false };
  if (errors > 0) return result;
  const env = templateEnvironment({ templates: options.templates, base: options.base });
  const records = renderRecords(env, site);
  const specs = planSite(site);
  lap('records');
  // Pagefind indexes in its own process while the pages are rendered and written here.
  const pages = (function* () {
    for (const spec of specs) yield renderPage(env, site, spec);
  })();
  await writeSite(out, pages, options.publicDir, async (staging) => {
    await writeSearchIndex(records, path.join(staging, 'pagefind'));
    lap('search index (pages meanwhile)');
  });
  lap('swap');
  saveRecord(out, print, { pages: specs.length, issues: result.issues, articles: result.articles }, files);
  return { ...result, pages: specs.length };
}
