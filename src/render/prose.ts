// Prose inside the bulletin tree (mdast) → HTML. Raw HTML that editors paste is parsed and then
// cleaned by an allow-list fit for bulletins, so no script, style, frame or event handler survives.
import { createRequire } from 'node:module';
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { FootnoteReference, Root, RootContent } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype, { type Options as RehypeOptions } from 'remark-rehype';
import { unified } from 'unified';
import { EXIT, visit } from 'unist-util-visit';
import { MEDIA_PREFIX } from '../load/media.ts';

const schema: SanitizeSchema = {
  ...defaultSchema,
  // GitHub's task-list checkboxes have no place in a bulletin; pasted forms leave their inputs behind.
  tagNames: defaultSchema.tagNames?.filter((tag) => tag !== 'input'),
  // Gone with their content, so a pasted <style> does not turn into visible text.
  strip: ['script', 'style', 'template', 'noscript', 'textarea', 'select'],
  // Note anchors (a1-fn1) come from the bulletin tree and are linked to as they are; a prefix would break them.
  clobberPrefix: '',
};

/**
 * Images only as the parse stage checked and placed them (/media/…) or inline data; any other
 * source — another host, however written (/\\host, a tab inside //), or a path nothing copies — is
 * dropped, its alt text kept.
 */
function rehypeLocalImages() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      const src = String(node.properties.src ?? '');
      if (node.tagName !== 'img' || /^\/media\/[^/\\]/.test(src) || src.startsWith('data:image/') || !parent || index === undefined) return;
      const alt = String(node.properties.alt ?? '');
      parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []));
      return index;
    });
  };
}

type Handler = NonNullable<NonNullable<RehypeOptions['handlers']>['root']>;
type State = Parameters<Handler>[0];

/** A footnote reference: its mark, raised, linking to the note at the end of its article (see parse/footnotes.ts). */
function noteReference(_state: unknown, node: FootnoteReference): ElementContent {
  const link = node.data?.link;
  // The bulletin tree links every reference that is printed; one it never reached is kept as written.
  if (!link) return { type: 'text', value: `[^${node.label ?? node.identifier}]` };
  return {
    type: 'element',
    tagName: 'sup',
    properties: {},
    children: [{ type: 'element', tagName: 'a', properties: { href: `#${link.note}`, id: link.id, dataFootnoteRef: '', ariaLabel: `注释${link.number}` }, children: [{ type: 'text', value: link.marker }] }],
  };
}

const PHRASING = new Set(['text', 'emphasis', 'strong', 'delete', 'inlineCode', 'break', 'link', 'linkReference', 'image', 'imageReference', 'footnoteReference', 'html']);

/**
 * A list of nodes. Blocks go on lines of their own; text (a point, a heading, the editor's note) must
 * not: a line break between a bold lead or a note mark and the next character shows as a space in Chinese.
 */
function proseRoot(state: State, node: Root): HastRoot {
  const children = state.all(node);
  const result: HastRoot = { type: 'root', children: node.children.every((n) => PHRASING.has(n.type)) ? children : state.wrap(children) };
  state.patch(node, result);
  return state.applyData(node, result) as HastRoot;
}

/**
 * mdast → HTML, with rehype-raw where the prose holds raw HTML: it parses the whole tree again as
 * HTML (parse5), and was about a third of the conversion's time for prose that holds none, which
 * comes out the same without it (a note mark's data-footnote-ref is given its empty value for that).
 * remark-rehype types every handler as returning element content; a root handler returns a root, as its own does.
 */
const converter = (raw?: typeof import('rehype-raw').default) =>
  unified()
    .use(remarkRehype, { allowDangerousHtml: true, handlers: { root: proseRoot as unknown as Handler, footnoteReference: noteReference } })
    .use(raw ? [raw] : [])
    .use(rehypeSanitize, schema)
    .use(rehypeLocalImages)
    .use(rehypeStringify)
    .freeze();
const withoutRaw = converter();
/**
 * Loaded at the first prose that holds raw HTML, from node_modules (not bundled): loading parse5 with
 * it took about 25 ms of every build's start, and the bulletin's own text and what the importer writes hold none.
 */
let withRaw: ReturnType<typeof converter> | undefined;
const rawConverter = () => (withRaw ??= converter((createRequire(import.meta.url)('rehype-raw') as typeof import('rehype-raw')).default));

function holdsHtml(root: Root): boolean {
  let found = false;
  visit(root, 'html', () => {
    found = true;
    return EXIT;
  });
  return found;
}

/** Site paths → URLs where the site is served (the `url` filter of the templates). */
export type SiteUrl = (sitePath: string) => string;

/**
 * Prose is the same object in a page and in its search record: it is converted once. Its HTML is the
 * same on every page unless it shows images of the content folder, whose address is written relative
 * to the page: only such prose is converted once per site address.
 */
const sameEverywhere = new WeakMap<object, string>();
const converted = new WeakMap<SiteUrl, WeakMap<object, string>>();

const atSite: SiteUrl = (sitePath) => sitePath;

/** HTML for mdast: one block node (a paragraph, list, table) or a list of nodes (a heading's text). */
export function proseHtml(nodes: RootContent | RootContent[], url: SiteUrl = atSite): string {
  const plain = sameEverywhere.get(nodes);
  if (plain !== undefined) return plain;
  let cache = converted.get(url);
  if (!cache) converted.set(url, (cache = new WeakMap()));
  let html = cache.get(nodes);
  if (html === undefined) {
    const root: Root = { type: 'root', children: Array.isArray(nodes) ? nodes : [nodes] };
    const toHtml = holdsHtml(root) ? rawConverter() : withoutRaw;
    const tree = toHtml.runSync(root) as HastNodes as HastRoot;
    let media = false;
    // Images of the content folder are published under /media/, written relative to the page.
    visit(tree, 'element', (node: Element) => {
      const src = node.tagName === 'img' ? String(node.properties.src ?? '') : '';
      if (!src.startsWith(MEDIA_PREFIX)) return;
      media = true;
      node.properties.src = url(src);
    });
    html = toHtml.stringify(tree);
    (media ? cache : sameEverywhere).set(nodes, html);
  }
  return html;
}
