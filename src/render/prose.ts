// Prose inside the bulletin tree (mdast) → HTML. Raw HTML that editors paste is parsed and then
// cleaned by an allow-list fit for bulletins, so no script, style, frame or event handler survives.
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Root, RootContent } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

const schema: SanitizeSchema = {
  ...defaultSchema,
  // GitHub's task-list checkboxes have no place in a bulletin; pasted forms leave their inputs behind.
  tagNames: defaultSchema.tagNames?.filter((tag) => tag !== 'input'),
  // Gone with their content, so a pasted <style> does not turn into visible text.
  strip: ['script', 'style', 'template', 'noscript', 'textarea', 'select'],
  // Footnote ids are prefixed by remark-rehype already; the default clobber prefix would break them.
  clobberPrefix: '',
};

/** Another host's address: https://…, //… — loading it would make readers' browsers leave the intranet. */
const REMOTE = /^\s*([a-z][a-z0-9+.-]*:|\/\/|\\\\)/i;

/** Images only from the site itself (or inline data); a remote image is dropped, its alt text kept. */
function rehypeLocalImages() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      const src = String(node.properties.src ?? '');
      if (node.tagName !== 'img' || !REMOTE.test(src) || src.startsWith('data:image/') || !parent || index === undefined) return;
      const alt = String(node.properties.alt ?? '');
      parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []));
      return index;
    });
  };
}

const toHtml = unified()
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema)
  .use(rehypeLocalImages)
  .use(rehypeStringify)
  .freeze();

/** Prose is the same object in a page and in its search record: it is converted once. */
const converted = new WeakMap<object, string>();

/** HTML for mdast: one block node (a paragraph, list, table) or a list of nodes (a heading's text). */
export function proseHtml(nodes: RootContent | RootContent[]): string {
  let html = converted.get(nodes);
  if (html === undefined) {
    const root: Root = { type: 'root', children: Array.isArray(nodes) ? nodes : [nodes] };
    html = toHtml.stringify(toHtml.runSync(root) as HastNodes as HastRoot);
    converted.set(nodes, html);
  }
  return html;
}
