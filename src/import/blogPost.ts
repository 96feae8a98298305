// A Hexo post: its front-matter gives title and date; its body is Markdown (as Hexo's own posts are)
// or HTML (as exported from a CMS), which becomes Markdown.
import { parseDate } from '../parse/frontMatter.ts';
import { htmlText, htmlToMarkdown, imageLeftOut, parseHtml } from './htmlToMarkdown.ts';
import { importStandalone } from './importStandalone.ts';
import type { Imported } from './imported.ts';
import { toBlocks } from './repairBody.ts';

/** The day in Beijing (UTC+8) of a blog's date: 2022-04-15 10:00 as written, Fri, 15 Apr 2022 02:23:05 GMT converted. */
function blogDate(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
  const zoned = /(GMT|UTC|Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const time = Date.parse(text);
  if (!zoned || Number.isNaN(time)) return parseDate(text.slice(0, 10)) ?? parseDate(text);
  return new Date(time + 8 * 3600_000).toISOString().slice(0, 10);
}

const MARKDOWN_IMAGE = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)/g;
const HTML_BODY = /<\/?(p|div|h[1-6]|table|ul|ol|br|img|section|span|strong)\b/i;

/** Hexo writes _x_ for emphasis in titles that CMS exports used for quotation marks. */
export const blogTitle = (data: Record<string, unknown>) => String(data.title).replace(/_([^_]+)_/g, '“$1”').trim();

export function importBlogPost(data: Record<string, unknown>, body: string): Imported {
  const warnings: string[] = [];
  const html = HTML_BODY.test(body) ? parseHtml(body) : undefined;
  const images: string[] = [];
  const markdown = html
    ? htmlToMarkdown(html, warnings)
    : body.replace(MARKDOWN_IMAGE, (image, url: string) => {
        images.push(image);
        warnings.push(imageLeftOut(url));
        return '';
      });
  const imported = importStandalone(toBlocks(markdown), { title: blogTitle(data), date: blogDate(data.date), shortLinesAreHeadings: true });
  if (!imported.text.split(/\n---\n/)[1]?.trim()) warnings.push('这篇博客文章没有正文：请核对原文。');
  return { ...imported, warnings: [...warnings, ...imported.warnings], dropped: [...images, ...imported.dropped], read: `${blogTitle(data)}\n${html ? htmlText(html) : body}` };
}
