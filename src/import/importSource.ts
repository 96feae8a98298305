// yaoxun import: which form a text is in, and the importer for it. Canonical files pass through,
// Hexo posts and clippings have their own readers, a masthead makes an issue (several mastheads,
// several issues), anything else is a standalone.
import { isMap, parseDocument } from 'yaml';
import { parseIssueLabel } from '../parse/frontMatter.ts';
import { importBlogPost } from './blogPost.ts';
import { importClipping, isClipping } from './clipping.ts';
import { importStandalone, type StandaloneMetaIn } from './importStandalone.ts';
import { importIssue, issueStarts, readMasthead } from './importIssue.ts';
import type { Imported } from './imported.ts';
import { issueFile } from '../link/urls.ts';
import { toBlocks } from './repairBody.ts';

export type { Imported } from './imported.ts';

/** Everything `input` holds, as canonical files: one for most sources, one per masthead for a file of several issues. */
export function importSource(input: string, meta: StandaloneMetaIn = {}): Imported[] {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Exports often start with blank lines before a blog post's front-matter.
  const front = /^\s*---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (front) {
    const doc = parseDocument(front[1]);
    const data = isMap(doc.contents) ? (doc.toJSON() as Record<string, unknown>) : {};
    if ('期号' in data || '标题' in data) {
      const label = parseIssueLabel(String(data['期号'] ?? ''));
      const target = label ? issueFile(label.year, label.number) : '';
      return [{ kind: label ? 'issue' : 'standalone', target, text: input, inferred: ['已是规范格式，原样保留'], warnings: [], dropped: [], canonical: true }];
    }
    if ('title' in data) return [importBlogPost(data, front[2])];
  }
  if (isClipping(text)) return [importClipping(text)];
  const blocks = toBlocks(text);
  const starts = issueStarts(blocks);
  if (starts.length === 0) return [importStandalone(blocks, meta)];
  const before = blocks.slice(0, starts[0]);
  return [
    ...(before.length ? [importStandalone(before, meta)] : []),
    ...starts.map((start, i) => {
      const issue = blocks.slice(start, starts[i + 1]);
      return importIssue(issue, readMasthead(issue));
    }),
  ];
}
