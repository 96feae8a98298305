// The pipeline in one direction: load → parse → link → render → write (+ search index).
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadContent } from './load/loadContent.ts';
import { linkSite, type Parsed, type Site } from './link/linkSite.ts';
import { readThemes } from './link/themes.ts';
import { countMessages } from './messages.ts';
import { parseDocument } from './parse/parseDocument.ts';
import { renderSite, type Page } from './render/renderSite.ts';
import { writeSearchIndex } from './search/writeSearchIndex.ts';
import { writeSite } from './write/writeSite.ts';

export interface BuildOptions {
  content: string;
  out: string;
  base: string;
  templates: string;
  publicDir: string;
}

export interface Checked {
  files: VFile[];
  site: Site;
  errors: number;
}

/** Load, parse and link without writing anything: what `check` reports and `build` starts from. */
export function checkContent(contentDir: string): Checked {
  const content = loadContent(contentDir);
  const themes = readThemes(content.themes);
  const parsed: Parsed[] = [];
  for (const file of [...content.issues, ...content.articles]) {
    const doc = parseDocument(file);
    if (doc) parsed.push({ file, doc });
  }
  const site = linkSite(parsed, themes);
  const files = [...(content.themes ? [content.themes] : []), ...content.issues, ...content.articles];
  return { files, site, errors: countMessages(files).errors };
}

export interface BuildResult extends Checked {
  pages: Page[];
}

/** Builds the site; writes nothing when any file has an error. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const checked = checkContent(options.content);
  if (checked.errors > 0) return { ...checked, pages: [] };
  const { pages, records } = renderSite(checked.site, { templates: options.templates, base: options.base });
  await writeSite(path.resolve(options.out), pages, options.publicDir, (staging) => writeSearchIndex(records, path.join(staging, 'pagefind')));
  return { ...checked, pages };
}
