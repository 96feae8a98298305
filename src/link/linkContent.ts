// Parse and link loaded content: what `check` reports, `build` renders and `yaoxun dev` serves. The
// callers differ only in where a document's tree comes from: `check` parses every file, a build reads
// most from its cache (and need not even load the Markdown parser when nothing new came in), the dev
// server keeps each file's last version without errors.
import type { VFile } from 'vfile';
import { sourceFiles, type ContentFiles } from '../load/loadContent.ts';
import { countMessages, type Problem } from '../messages.ts';
import type { ParseResult } from '../types.ts';
import { linkSite, type LinkCache, type LinkMemory, type Parsed, type Site } from './linkSite.ts';
import { readSettings, type Settings } from './settings.ts';
import type { AnalysisStore } from './storedAnalysis.ts';

export interface LinkOptions {
  /** What a file's parse gives: a tree, or none to show; `contentRoot` is the folder its images must be in */
  parse: (file: VFile, contentRoot: string) => ParseResult | undefined;
  /** Receives each document's analysis, and gives it back while the document is the same */
  cache?: LinkCache;
  /** The same across processes (a build's cache): it must hold only analyses made with these settings' themes */
  analyses?: AnalysisStore;
  /** By default read from the content's own themes.yaml and site.yaml */
  settings?: Settings;
  /** What the last link of this content left to spare work (related.ts), replaced by this link's */
  memory?: LinkMemory;
}

export interface LinkedContent {
  parsed: Parsed[];
  site: Site;
  /** The link's problems (the same 期号 twice, …): they hold for this link of the whole content, so no file keeps them */
  problems: Problem[];
}

export function linkContent(content: ContentFiles, { parse, cache, analyses, settings = readSettings(content), memory }: LinkOptions): LinkedContent {
  const parsed: Parsed[] = [];
  for (const file of [...content.issues, ...content.standalones]) {
    const result = parse(file, content.root);
    if (result?.doc) parsed.push({ ...result, file, doc: result.doc });
  }
  const { site, problems } = linkSite(parsed, settings.themes, cache, settings.publication, analyses, memory);
  return { parsed, site, problems };
}

export interface LinkReport {
  files: VFile[];
  parsed: Parsed[];
  site: Site;
  errors: number;
}

/** Linked once and reported per file, as `check` prints and `build` records: the link's problems join their files. */
export function linkAndReport(content: ContentFiles, options: LinkOptions): LinkReport {
  const { parsed, site, problems } = linkContent(content, options);
  for (const { file, message } of problems) file.messages.push(message);
  const files = sourceFiles(content);
  return { files, parsed, site, errors: countMessages(files).errors };
}
