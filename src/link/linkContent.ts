// Parse and link loaded content with a parser given by the caller: `check` parses every file, a build
// reads most from its cache and need not even load the Markdown parser when nothing new came in.
import type { VFile } from 'vfile';
import { sourceFiles, type ContentFiles } from '../load/loadContent.ts';
import { countMessages } from '../messages.ts';
import type { Document } from '../types.ts';
import { linkSite, type LinkCache, type Parsed, type Site } from './linkSite.ts';
import { readPublication } from './publication.ts';
import { readThemes } from './themes.ts';

export interface Checked {
  files: VFile[];
  parsed: Parsed[];
  site: Site;
  errors: number;
}

/** `cache` receives each document's analysis. */
export function linkContent(content: ContentFiles, parse: (file: VFile) => Document | undefined, cache?: LinkCache): Checked {
  const themes = readThemes(content.themes);
  const parsed: Parsed[] = [];
  for (const file of [...content.issues, ...content.articles]) {
    const doc = parse(file);
    if (doc) parsed.push({ file, doc });
  }
  const { site, problems } = linkSite(parsed, themes, cache, readPublication(content.site));
  // The report and the build read messages per file: this link's problems join their files here.
  for (const { file, message } of problems) file.messages.push(message);
  const files = sourceFiles(content);
  return { files, parsed, site, errors: countMessages(files).errors };
}
