// Parse: a source file → the typed bulletin tree, with every problem as a message on the file.
import type { Root, Yaml } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { error, isError } from '../messages.ts';
import type { ParseResult } from '../types.ts';
import { issueTree, standaloneTree } from './bulletinTree.ts';
import { readFrontMatter } from './frontMatter.ts';
import { checkImages } from './images.ts';
import { warnPlaceholders } from './placeholders.ts';
import { warnDoubts } from './proofread.ts';
import remarkTables from './remarkTables.ts';
import remarkWordHabits from './wordHabits.ts';

// remark-cjk-friendly closes emphasis next to CJK punctuation (**编者按：**党的…), which CommonMark leaves open.
const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkTables).use(remarkCjkFriendly).use(remarkWordHabits).freeze();

/** The file's mdast; the transforms may report on the file. */
function parseMarkdown(file: VFile): Root {
  return markdown.runSync(markdown.parse(file), file) as Root;
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
  warnDoubts(file);
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
