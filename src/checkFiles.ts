// `check FILE…`: what `check` says of some files of a content folder, without parsing and linking
// the whole archive for it (an editor runs it before sending an issue). check.ts checks everything.
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadContent, sourceFiles } from './load/loadContent.ts';
import { cacheDir, codeVersion } from './cache/buildRecord.ts';
import { ParseCache, type Outline } from './cache/parseCache.ts';
import { readSettings } from './link/settings.ts';
import { addressOf, analyse, NO_WORDS, placer, type Parsed, type Placing } from './link/materials.ts';
import { countMessages, type Problem } from './messages.ts';

/**
 * `check FILE…`: the messages a whole check gives the files `wanted` (and its count of errors in the
 * whole content folder, for the exit code), without parsing and linking the whole archive. The
 * wanted files are parsed (or read back from the build's parse cache) and analysed in full; of the
 * other files only what places them among the rest counts (kind, address, 期号), which the last
 * build's outline index gives while a file is unchanged. A file without a valid outline is read
 * from the parse cache or parsed. The cache is only read: check writes nothing anywhere.
 * What is skipped is what no wanted file's messages depend on: the other files' analyses (their
 * problems are warnings on them) and every entry's words and 相关经验.
 */
export async function checkFiles(contentDir: string, wanted: string[]): Promise<{ files: VFile[]; errors: number }> {
  const content = loadContent(contentDir);
  const { themes } = readSettings(content);
  const documents = [...content.issues, ...content.standalones];
  const asked = new Set(wanted.map((f) => path.resolve(f)));
  const targets = new Set(documents.filter((f) => asked.has(path.resolve(f.path))));
  const cache = new ParseCache(path.join(cacheDir, 'parsed'), codeVersion());
  const outlines = cache.outlines(documents.filter((f) => !targets.has(f)), content.root);
  const unknown = documents.filter((f) => !outlines.has(f));
  if (cache.read(unknown, content.root)) cache.using((await import('./parse/parseDocument.ts')).parseDocument);

  // In the order the link takes them, each document with a tree: from its outline or its parse.
  const placed: { placing: Placing; source?: Parsed }[] = [];
  let outlineErrors = 0;
  for (const file of documents) {
    const outline: Outline | undefined = outlines.get(file);
    if (outline) {
      outlineErrors += outline.errors;
      placed.push({ placing: { file, type: outline.type, url: addressOf(file, outline.type, outline.issue), title: outline.issue?.label ?? '', keyPlaces: outline.keyPlaces } });
      continue;
    }
    const result = cache.parse(file, content.root);
    if (!result.doc) continue;
    const { doc } = result;
    const title = doc.type === 'issue' ? doc.meta.issue.label : doc.meta.title;
    placed.push({ placing: { file, type: doc.type, url: addressOf(file, doc.type, doc.type === 'issue' ? doc.meta.issue : undefined), title, keyPlaces: result.keyPlaces }, source: { ...result, file, doc } });
  }
  const problems: Problem[] = [];
  const place = placer(new Set(placed.filter((p) => p.placing.type === 'standalone').map((p) => path.basename(p.placing.file.path, '.md'))), problems);
  for (const { placing, source } of placed) place(placing, source && targets.has(source.file) ? analyse(source, themes, new WeakMap(), NO_WORDS).problems : []);
  for (const { file, message } of problems) file.messages.push(message);
  const files = sourceFiles(content);
  return { files, errors: countMessages(files).errors + outlineErrors };
}
