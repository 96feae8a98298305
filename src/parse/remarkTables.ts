// Tables, the one GitHub-flavoured addition bulletins use. The whole of remark-gfm (autolinks,
// footnotes, task lists) made parsing 40% slower on a 1,000-issue archive.
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Processor } from 'unified';

export default function remarkTables(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}
