// Parse: a source file → the typed bulletin tree, with every problem as a message on the file.
import type { Root, Yaml } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { error, isError } from '../messages.ts';
import type { Document } from '../types.ts';
import { issueTree, standaloneTree } from './bulletinTree.ts';
import type { MediaFile } from '../load/media.ts';
import { readFrontMatter, type KeyPlaces } from './frontMatter.ts';
import { checkImages, type ImageLookup } from './images.ts';
import { warnPlaceholders } from './placeholders.ts';
import remarkTables from './remarkTables.ts';
import remarkWordHabits from './wordHabits.ts';

// remark-cjk-friendly closes emphasis next to CJK punctuation (**编者按：**党的…), which CommonMark leaves open.
const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkTables).use(remarkCjkFriendly).use(remarkWordHabits).freeze();

/** The file's mdast; the transforms may report on the file. */
function parseMarkdown(file: VFile): Root {
  return markdown.runSync(markdown.parse(file), file) as Root;
}

/** What the parse makes of one source file beside its messages, which go on the file as unified's do. */
export interface ParseResult {
  /** The typed tree; absent when the front-matter cannot be used (the reasons are on the file) */
  doc?: Document;
  /** Where each front-matter key is written, for messages later stages find about it */
  keyPlaces: KeyPlaces;
  /** The images the file shows, for the write stage to copy */
  media: MediaFile[];
  /** Where the check of its images looked on disk: what a change there may make untrue */
  imageLookups: ImageLookup[];
}

/** Parses `file`, whose images are looked for inside the content folder `contentRoot`. */
export function parseDocument(file: VFile, contentRoot: string): ParseResult {
  const result: ParseResult = { keyPlaces: {}, media: [], imageLookups: [] };
  if (file.messages.some(isError)) return result;
  const text = String(file.value);
  if (text.trim() === '') {
    error(file, '文件是空的：请从 `yaoxun new` 生成的模板开始，或删去这个文件。', { line: 1, column: 1 }, 'file-empty');
    return result;
  }
  const root = parseMarkdown(file);
  Object.assign(result, checkImages(file, root, contentRoot));
  const yaml = root.children[0]?.type === 'yaml' ? (root.children[0] as Yaml) : undefined;
  const block = yaml?.position ? { value: yaml.value, start: { line: yaml.position.start.line + 1, column: 1 } } : undefined;
  if (file.data.kind === 'standalone') {
    const meta = readFrontMatter(file, 'standalone', block, result.keyPlaces);
    return { ...result, doc: meta && standaloneTree(root, meta, file) };
  }
  const meta = readFrontMatter(file, 'issue', block, result.keyPlaces);
  warnPlaceholders(file);
  return { ...result, doc: meta && issueTree(root, meta, file) };
}
