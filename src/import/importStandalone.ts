// A standalone piece (plain text, rough Markdown, a blog post's body, a clipping) → canonical file
// under articles/, with what its first lines say (title, subtitle, date, 来源) moved into front-matter.
import { standaloneFile } from '../link/urls.ts';
import { parseDate } from '../parse/frontMatter.ts';
import type { County } from '../places/divisions.ts';
import { cityMentioned, countiesInText, countyWrittenName, unitCounty } from '../places/findPlaces.ts';
import { slugify } from '../places/slug.ts';
import type { StandaloneMeta } from '../types.ts';
import { frontMatter, plain, type Imported } from './imported.ts';
import { rejoin, standaloneHeadings, toMarkdown, type Block } from './repairBody.ts';

const BOILERPLATE = /^(版权归原作者所有|转载请注明|本文来源于|点击.*阅读原文)/;
const ORIGIN = /^【?\s*来源\s*[：:]\s*(.+?)\s*】?$/;

/** What the caller already knows from outside the body (a blog's front-matter, a clipping's lines). */
export interface StandaloneMetaIn extends Partial<Pick<StandaloneMeta, 'title' | 'subtitle' | 'date' | 'origin' | 'author' | 'link'>> {
  /** Short lines without punctuation are the body's own headings (a blog post's 边探索边改革) */
  shortLinesAreHeadings?: boolean;
}

/** An ASCII file name from the place and the first words of the title: taigu-chuangxin-juli. */
function standaloneSlug(title: string, subtitle: string | undefined, ofUnit: County | undefined): string {
  const county = countiesInText(`${title}${subtitle ?? ''}`)[0] ?? ofUnit;
  const city = cityMentioned(title);
  const place = county ? (county.short ?? county.name) : city?.short;
  const words = (title.includes('：') ? title.slice(title.indexOf('：') + 1) : title).replace(/[^\u4e00-\u9fff]/g, '').slice(0, 4);
  return [place && slugify(place), slugify(words.slice(0, 2)), slugify(words.slice(2, 4))].filter(Boolean).join('-');
}

export function importStandalone(blocks: Block[], meta: StandaloneMetaIn = {}): Imported {
  const inferred: string[] = [];
  const warnings: string[] = [];
  const dropped: string[] = [];
  let named: string | undefined;
  let rest = blocks.filter((b) => {
    const m = ORIGIN.exec(plain(b.text));
    if (m) named ??= m[1];
    if (BOILERPLATE.test(plain(b.text))) dropped.push(b.text);
    return !m && !BOILERPLATE.test(plain(b.text));
  });
  // What the text says of its origin wins over what its web address suggests.
  const origin = named ?? meta.origin;
  let title = meta.title;
  if (!title && rest[0] && (rest[0].kind === 'heading' || (rest[0].text.length <= 40 && !/[。！？]/.test(rest[0].text)))) {
    title = plain(rest[0].text);
    rest = rest.slice(1);
  }
  let subtitle = meta.subtitle;
  if (!subtitle && rest[0] && plain(rest[0].text).startsWith('——')) {
    subtitle = plain(rest[0].text);
    rest = rest.slice(1);
  }
  let date = meta.date;
  if (!date && rest[0] && parseDate(plain(rest[0].text))) {
    date = parseDate(plain(rest[0].text));
    rest = rest.slice(1);
  }
  const headed = rest.map((b): Block => (b.kind === 'paragraph' && b.text.length <= 20 && !/[。！？，,：:]/.test(b.text) && meta.shortLinesAreHeadings ? { kind: 'heading', depth: 2, text: b.text } : b));
  const body = standaloneHeadings(rejoin(headed));
  if (!title) warnings.push('没有找到标题：请在前言中补写「标题」。');
  else inferred.push(`标题 ${title}`);
  if (subtitle && meta.subtitle) inferred.push(`副标题 ${subtitle}`);
  if (date) inferred.push(`日期 ${date}`);
  else warnings.push('没有找到日期：前言中写成「日期: 不详」，请核对。');
  if (origin) inferred.push(`来源 ${origin}`);
  if (meta.author) inferred.push(`作者 ${meta.author}`);
  if (meta.link) inferred.push(`原文链接 ${meta.link}`);
  // A mistyped unit (团孟县县委) is read as the county the text names elsewhere, as in an issue.
  const context = new Set(countiesInText([title, subtitle, ...body.map((b) => b.text)].join('\n')));
  const unit = unitCounty((subtitle ?? '').replace(/^——/, ''), context) ?? unitCounty(title ?? '', context);
  const counties = unit?.county ? [countyWrittenName(unit.county)] : [];
  // The title stays as written, so check will not say this: the import does, with what it wrote.
  if (unit?.doubt?.kind === 'mistyped') warnings.push(`标题中的「${unit.unit}」不是山西的县级单位，按正文中的「${unit.county!.name}」写入县区，标题未改：请核对。`);
  else if (unit?.doubt) warnings.push(unit.doubt.reason);
  if (counties.length) inferred.push(`县区 ${counties.join('、')}`);
  const text =
    frontMatter({ 标题: title ?? '（标题）', 副标题: subtitle, 日期: date ?? '不详', 来源: origin, 作者: meta.author, 原文链接: meta.link, 县区: counties.length ? counties : undefined }) +
    `\n${toMarkdown(body)}\n`;
  // Untitled material is named by its first words or its date, never by a name every such file shares.
  const firstWords = body.find((b) => b.kind === 'paragraph')?.text ?? '';
  const slug = standaloneSlug(title ?? firstWords, subtitle, unit?.county) || (date ? `article-${date}` : 'article');
  return { kind: 'standalone', target: standaloneFile(slug), text, inferred, warnings, dropped, canonical: false };
}
