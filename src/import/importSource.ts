// yaoxun import: old issues (text exported from Word or PDF, rough Markdown, blog posts) → canonical
// Markdown. The masthead and footer move into front-matter; the body is repaired (repairBody.ts).
import path from 'node:path';
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { Document as YamlDocument, isMap, parseDocument, visit as visitYaml } from 'yaml';
import { parseDate, parseIssueLabel } from '../parse/frontMatter.ts';
import { cityByName } from '../places/divisions.ts';
import { countiesInText, nearCounties, titleUnit } from '../places/findPlaces.ts';
import { slugify } from '../places/slug.ts';
import { articleHeadings, issueHeadings, rejoin, toBlocks, toMarkdown, type Block } from './repairBody.ts';

export interface Imported {
  kind: 'issue' | 'article';
  /** Where it goes inside the content folder: issues/2022/11.md or articles/<slug>.md */
  target: string;
  text: string;
  /** What was read from the source, one Chinese line each */
  inferred: string[];
  /** What could not be found or looks wrong */
  warnings: string[];
  /** The source was canonical already and is passed through unchanged */
  canonical: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const plain = (text: string) => text.replace(/^#+\s*/, '').replace(/[*【】[\]]/g, '').trim();

function frontMatter(data: Record<string, unknown>): string {
  const doc = new YamlDocument(Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)));
  visitYaml(doc, { Seq: (_, seq) => void (seq.flow = true) });
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}

/** The county a body's reporting units name, with mistyped ones resolved by what else the text says. */
function unitCounties(blocks: Block[], warnings: string[]): string[] {
  const context = new Set(countiesInText(blocks.map((b) => b.text).join('\n')).map((c) => c.name));
  const found: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'heading' || block.depth !== 1) continue;
    const unit = titleUnit(block.text);
    if (unit?.county) found.push(unit.county.name);
    else if (unit?.unknown) {
      const meant = nearCounties(unit.unknown).find((c) => context.has(c.name));
      warnings.push(meant ? `「${unit.unknown}」不是山西的县级行政区，按正文中的「${meant.name}」处理，原文未改。` : `「${unit.unknown}」不是山西的县级行政区，未写入县区。`);
      if (meant) found.push(meant.name);
    }
  }
  return [...new Set(found)];
}

interface Masthead {
  label?: ReturnType<typeof parseIssueLabel>;
  date?: string;
  special?: string;
  /** Blocks the masthead took */
  length: number;
}

function readMasthead(blocks: Block[]): Masthead {
  const masthead: Masthead = { length: 0 };
  for (const block of blocks) {
    const parts = plain(block.text).split(/\s{2,}|\t|\u3000+/).filter(Boolean);
    const known = parts.every((part) => {
      const text = part.normalize('NFKC').trim();
      if (/^晋团要讯$/.test(text) || text === '共青团山西省委') return true;
      const label = parseIssueLabel(text);
      if (label) return Boolean((masthead.label = label));
      const date = parseDate(text);
      if (date) return Boolean((masthead.date = date));
      if (/专刊$/.test(part)) return Boolean((masthead.special = part));
      return false;
    });
    if (!known || parts.length === 0) break;
    masthead.length++;
  }
  return masthead;
}

/** 报/送/发 lists that may wrap onto the next line, and 责编 (written 责 编 too). */
function readFooter(blocks: Block[]) {
  const lists: Record<string, string[]> = {};
  let editors: string[] = [];
  let current: string | undefined;
  for (const line of blocks.flatMap((b) => b.text.split('\n'))) {
    const text = line.trim();
    const key = /^(报|送|发)\s*[：:]\s*(.*)$/.exec(text);
    const editor = /^责\s*编\s*[：:]\s*(.*)$/.exec(text);
    if (key) {
      current = key[1];
      lists[current] = key[2].split(/[，,；;]/);
    } else if (editor) {
      editors = editor[1].split(/[、，,\s]+/);
      current = undefined;
    } else if (current && text) lists[current].push(...text.split(/[，,；;]/));
  }
  const clean = (items: string[] | undefined) => items?.map((s) => s.trim()).filter(Boolean);
  return { 报: clean(lists['报']), 送: clean(lists['送']), 发: clean(lists['发']), editors: editors.filter(Boolean) };
}

function importIssue(blocks: Block[], masthead: Masthead): Imported {
  const inferred: string[] = [];
  const warnings: string[] = [];
  const label = masthead.label!;
  const rest = blocks.slice(masthead.length);
  const footerAt = rest.findIndex((b) => /^报\s*[：:]/.test(b.text));
  const body = issueHeadings(rejoin(footerAt === -1 ? rest : rest.slice(0, footerAt)));
  const footer = readFooter(footerAt === -1 ? [] : rest.slice(footerAt));
  inferred.push(`期号 ${label.label}`);
  if (masthead.date) inferred.push(`日期 ${masthead.date}`);
  else warnings.push('没有找到日期：请在前言中补写「日期」。');
  if (masthead.special) inferred.push(`专刊 ${masthead.special}`);
  if (footer.editors.length) inferred.push(`责编 ${footer.editors.join('、')}`);
  else warnings.push('没有找到责编：请在前言中补写「责编」。');
  for (const key of ['报', '送', '发'] as const) {
    if (footer[key]) inferred.push(`${key} ${footer[key]!.length} 个单位`);
    else warnings.push(`版尾没有「${key}」：前言中写成「${key}: []」，请核对原件。`);
  }
  const counties = unitCounties(body, warnings);
  const articles = body.filter((b) => b.kind === 'heading' && b.depth === 1).length;
  const sections = body.filter((b) => b.kind === 'heading' && b.depth === 2).length;
  inferred.push(`${articles} 篇文章，${sections} 个部分${counties.length ? `，县区 ${counties.join('、')}` : ''}`);
  if (!body.some((b) => b.kind === 'paragraph' && /^(\*\*)?编者按/.test(b.text))) inferred.push('没有编者按');
  const text =
    frontMatter({
      期号: label.label,
      日期: masthead.date ?? `${label.year}-01-01`,
      责编: footer.editors.length > 1 ? footer.editors : (footer.editors[0] ?? '（责编）'),
      专刊: masthead.special,
      县区: counties.length ? counties : undefined,
      报: footer.报 ?? [],
      送: footer.送 ?? [],
      发: footer.发 ?? [],
    }) + `\n${toMarkdown(body)}\n`;
  return { kind: 'issue', target: path.join('issues', String(label.year), `${pad(label.number)}.md`), text, inferred, warnings, canonical: false };
}

const BOILERPLATE = /^(版权归原作者所有|转载请注明|本文来源于|点击.*阅读原文)/;
const SOURCE = /^【?\s*来源\s*[：:]\s*(.+?)\s*】?$/;

/** An ASCII file name from the place and the first words of the title: taigu-chuangxin-juli. */
function articleSlug(title: string, subtitle: string | undefined, counties: string[]): string {
  const county = countiesInText(`${title}${subtitle ?? ''}`)[0] ?? (counties[0] ? { short: undefined, name: counties[0] } : undefined);
  const city = [...cityByName.values()].find((c) => title.includes(c.short));
  const place = county ? (county.short ?? county.name) : city?.short;
  const words = (title.includes('：') ? title.slice(title.indexOf('：') + 1) : title).replace(/[^\u4e00-\u9fff]/g, '').slice(0, 4);
  return [place && slugify(place), slugify(words.slice(0, 2)), slugify(words.slice(2, 4))].filter(Boolean).join('-');
}

function importArticle(blocks: Block[], meta: { title?: string; date?: string } = {}): Imported {
  const inferred: string[] = [];
  const warnings: string[] = [];
  let source: string | undefined;
  let rest = blocks.filter((b) => {
    const m = SOURCE.exec(plain(b.text));
    if (m) source ??= m[1];
    return !m && !BOILERPLATE.test(plain(b.text));
  });
  let title = meta.title;
  if (!title && rest[0] && (rest[0].kind === 'heading' || (rest[0].text.length <= 40 && !/[。！？]/.test(rest[0].text)))) {
    title = plain(rest[0].text);
    rest = rest.slice(1);
  }
  let subtitle: string | undefined;
  if (rest[0] && plain(rest[0].text).startsWith('——')) {
    subtitle = plain(rest[0].text);
    rest = rest.slice(1);
  }
  let date = meta.date;
  if (!date && rest[0] && parseDate(plain(rest[0].text))) {
    date = parseDate(plain(rest[0].text));
    rest = rest.slice(1);
  }
  const body = articleHeadings(rejoin(rest.map((b) => (b.kind === 'paragraph' && b.text.length <= 20 && !/[。！？，,：:]/.test(b.text) && meta.title ? { kind: 'heading', depth: 2, text: b.text } : b))));
  if (!title) warnings.push('没有找到标题：请在前言中补写「标题」。');
  else inferred.push(`标题 ${title}`);
  if (date) inferred.push(`日期 ${date}`);
  else warnings.push('没有找到日期：前言中写成「日期: 不详」，请核对。');
  if (source) inferred.push(`来源 ${source}`);
  const unit = titleUnit((subtitle ?? '').replace(/^——/, '')) ?? titleUnit(title ?? '');
  const counties = unit?.county ? [unit.county.name] : [];
  if (unit?.unknown) warnings.push(`「${unit.unknown}」不是山西的县级行政区，未写入县区。`);
  if (counties.length) inferred.push(`县区 ${counties.join('、')}`);
  const text =
    frontMatter({ 标题: title ?? '（标题）', 副标题: subtitle, 日期: date ?? '不详', 来源: source, 县区: counties.length ? counties : undefined }) +
    `\n${toMarkdown(body)}\n`;
  return { kind: 'article', target: path.join('articles', `${articleSlug(title ?? '', subtitle, counties) || 'article'}.md`), text, inferred, warnings, canonical: false };
}

/** Inline HTML as Markdown text: bold and italics kept, tags dropped, remote images left out. */
function inlineText(node: Nodes, warnings: string[]): string {
  if (node.type === 'text') return node.value.replace(/\s+/g, (s) => (s.includes('\n') ? '' : ' '));
  if (node.type !== 'element' && node.type !== 'root') return '';
  if (node.type === 'element' && node.tagName === 'img') {
    warnings.push(`去掉了一张外部图片（${String(node.properties.src ?? '')}），不从其他网站加载图片。`);
    return '';
  }
  if (node.type === 'element' && node.tagName === 'br') return '  \n';
  const inner = node.children.map((c) => inlineText(c, warnings)).join('');
  if (node.type === 'element' && ['strong', 'b'].includes(node.tagName) && inner.trim()) return `**${inner.trim()}**`;
  return inner;
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'td']);

function htmlBlocks(html: string, warnings: string[]): Block[] {
  const blocks: Block[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'element' && BLOCK_TAGS.has(node.tagName)) {
      const text = inlineText(node, warnings).trim();
      const heading = /^h([1-6])$/.exec((node as Element).tagName);
      if (text) blocks.push(heading ? { kind: 'heading', depth: Number(heading[1]), text } : { kind: 'paragraph', text });
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(fromHtml(html, { fragment: true }));
  return blocks;
}

/** The day in Beijing (UTC+8) of a blog's date: 2022-04-15 10:00 as written, Fri, 15 Apr 2022 02:23:05 GMT converted. */
function blogDate(value: unknown): string | undefined {
  const text = String(value ?? '').trim();
  const zoned = /(GMT|UTC|Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const time = Date.parse(text);
  if (!zoned || Number.isNaN(time)) return parseDate(text.slice(0, 10)) ?? parseDate(text);
  return new Date(time + 8 * 3600_000).toISOString().slice(0, 10);
}

export function importSource(input: string): Imported {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Exports often start with blank lines before a blog post's front-matter.
  const front = /^\s*---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (front) {
    const doc = parseDocument(front[1]);
    const data = isMap(doc.contents) ? (doc.toJSON() as Record<string, unknown>) : {};
    if ('期号' in data || '标题' in data) {
      const label = parseIssueLabel(String(data['期号'] ?? ''));
      const target = label ? path.join('issues', String(label.year), `${pad(label.number)}.md`) : '';
      return { kind: label ? 'issue' : 'article', target, text: input, inferred: ['已是规范格式，原样保留'], warnings: [], canonical: true };
    }
    if ('title' in data) {
      const warnings: string[] = [];
      const title = String(data.title).replace(/_([^_]+)_/g, '“$1”').trim();
      const imported = importArticle(htmlBlocks(front[2], warnings), { title, date: blogDate(data.date) });
      return { ...imported, warnings: [...warnings, ...imported.warnings] };
    }
  }
  const blocks = toBlocks(text);
  const masthead = readMasthead(blocks);
  return masthead.label ? importIssue(blocks, masthead) : importArticle(blocks);
}
