// HTML of any origin (a blog post's body, a page saved from a browser, mammoth's output of a .docx)
// → Markdown, through rehype-parse → rehype-remark → remark-stringify, tables included.
import type { Element, Root as HastRoot } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import type { Root as MdastRoot } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { WIDE } from './wide.ts';

/** A line break inside Chinese text is the source's wrapping, not a space. */
const WRAP_BETWEEN_WIDE = new RegExp(`(${WIDE.source})[ \\t]*\\n[ \\t\\n]*(?=${WIDE.source})`, 'g');

export const parseHtml = (html: string): HastRoot => unified().use(rehypeParse, { fragment: false }).parse(html);

/** The text a reader sees in `tree`, one block a line: what the import must keep. */
export const htmlText = (tree: HastRoot | Element) => toText(tree);

export const imageLeftOut = (url: string) =>
  /^(https?:)?\/\//.test(url)
    ? `去掉了一张外部图片（${url}），不从其他网站加载图片。`
    : `去掉了一张原网站的站内图片（${url}），图片不随文章导入；需要时请向原网站索取。`;

/** Images are not archived: remote ones are never loaded, site-local ones were not saved with the post. */
function dropImages(tree: MdastRoot, warnings: string[]) {
  visit(tree, 'image', (node, index, parent) => {
    warnings.push(imageLeftOut(node.url));
    parent!.children.splice(index!, 1);
    return [SKIP, index!];
  });
  visit(tree, 'text', (node) => void (node.value = node.value.replace(WRAP_BETWEEN_WIDE, '$1')));
}

export function htmlToMarkdown(tree: HastRoot, warnings: string[]): string {
  const processor = unified()
    .data('toMarkdownExtensions', [gfmTableToMarkdown()])
    .use(rehypeRemark)
    // The parser reads **一是抓好。**其他 as emphasis (remark-cjk-friendly), so it is written that way too.
    .use(remarkCjkFriendly)
    .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', rule: '-' });
  const mdast = processor.runSync(tree) as MdastRoot;
  dropImages(mdast, warnings);
  return processor.stringify(mdast).replace(/\\\n/g, '  \n');
}

const CHROME = 'script, style, nav, header, footer, aside, form, noscript, iframe';

export interface PageArticle {
  tree: HastRoot;
  title?: string;
  link?: string;
  date?: string;
}

/**
 * A page saved from a browser: its article without the site around it. The part read is <article>,
 * else <main>, else the element holding the most paragraph text.
 */
export function pageArticle(html: string): PageArticle {
  const page = parseHtml(html);
  const meta = (selector: string) => select(selector, page)?.properties.content as string | undefined;
  const link = (select('link[rel=canonical]', page)?.properties.href as string | undefined) ?? meta('meta[property="og:url"]');
  const date = meta('meta[name=publishdate]') ?? meta('meta[property="article:published_time"]') ?? (select('time[datetime]', page)?.properties.dateTime as string | undefined);
  const documentTitle = select('title', page);
  for (const chrome of selectAll(CHROME, page)) chrome.children = [];
  const paragraphs = selectAll('p', page);
  const byText = new Map<Element, number>();
  for (const p of paragraphs) {
    const parent = findParent(page, p);
    if (parent) byText.set(parent, (byText.get(parent) ?? 0) + toText(p).length);
  }
  const best = [...byText].sort((a, b) => b[1] - a[1])[0]?.[0];
  const chosen = select('article', page) ?? select('main', page) ?? best ?? select('body', page);
  const tree: HastRoot = chosen ? { type: 'root', children: [chosen] } : page;
  const h1 = select('h1', tree);
  const title = h1 ? undefined : documentTitle ? toText(documentTitle).trim() || undefined : undefined;
  return { tree, title, link, date: date?.slice(0, 10) };
}

function findParent(tree: HastRoot, child: Element): Element | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (node) => {
    if (node.children.includes(child)) {
      found = node;
      return false;
    }
  });
  return found;
}
