// Prose inside the bulletin tree (mdast) → HTML. Raw HTML that editors paste is parsed and then
// cleaned by an allow-list fit for bulletins, so no script, style, frame or event handler survives.
import type { Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Root, RootContent } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const schema: SanitizeSchema = {
  ...defaultSchema,
  // Images only from the site itself: a remote image would make readers' browsers leave the intranet.
  protocols: { ...defaultSchema.protocols, src: [] },
  // Footnote ids are prefixed by remark-rehype already; the default clobber prefix would break them.
  clobberPrefix: '',
};

const toHtml = unified()
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema)
  .use(rehypeStringify)
  .freeze();

/** HTML for mdast nodes: blocks (paragraphs, lists, tables) or phrasing (a heading's text). */
export function proseHtml(nodes: RootContent[]): string {
  const root: Root = { type: 'root', children: nodes };
  const hast = toHtml.runSync(root) as HastRoot;
  return toHtml.stringify(hast as HastNodes as HastRoot);
}
