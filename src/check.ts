// Load, parse and link: everything `check` reports and `build` starts from, without writing anything.
import type { VFile } from 'vfile';
import { loadContent, sourceFiles, type ContentFiles } from './load/loadContent.ts';
import { linkSite, type Parsed, type Site } from './link/linkSite.ts';
import { readThemes } from './link/themes.ts';
import { countMessages } from './messages.ts';
import { parseDocument } from './parse/parseDocument.ts';

export interface Checked {
  files: VFile[];
  site: Site;
  errors: number;
}

/** Parse and link loaded content. */
export function checkLoaded(content: ContentFiles): Checked {
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

export function checkContent(contentDir: string): Checked {
  return checkLoaded(loadContent(contentDir));
}
