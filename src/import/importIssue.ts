// An old issue → canonical issue file: the masthead and footer move into front-matter, the body is
// repaired (repairBody.ts). A file may hold several issues: each masthead starts one.
import { parseDate, parseIssueLabel } from '../parse/frontMatter.ts';
import { DOUBT_MARK, FOOTER_EDITORS, FOOTER_LIST, labelPiece, MASTHEAD_NAME, mastheadPieces, opensFooter, SPECIAL_ISSUE } from '../grammar.ts';
import { countiesInText, countyWrittenName, unitCounty } from '../places/findPlaces.ts';
import { frontMatter, plain, type Imported } from './imported.ts';
import { issueFile } from '../link/urls.ts';
import { issueHeadings, rejoin, toMarkdown, type Block } from './repairBody.ts';

export interface Masthead {
  label?: ReturnType<typeof parseIssueLabel>;
  date?: string;
  special?: string;
  /** Blocks the masthead took */
  length: number;
  /** Its pieces as the source writes them (晋团要讯, 〔2022〕第11期, the date …): the front-matter says them in its own form */
  words: string[];
  /** Lines in the masthead that say nothing readable (what a scan makes of its big letters) */
  unread: string[];
  /** Masthead lines a scan read with doubt (marked 〖〗): read all the same, for the editor to check */
  doubtful: string[];
}

export function readMasthead(blocks: Block[]): Masthead {
  return afterStrayLines(blocks) ?? readPieces(blocks);
}

/** A short line that says nothing: what a scan can make of a masthead's big letters (SILEZ 时). */
const stray = (text: string) => text.replace(/\s/g, '').length <= 8 && !/[，。：:]/.test(text) && !mastheadLine(text);

/**
 * The masthead where a scan read its name as one or two stray lines (left out, and said so): only
 * when masthead lines with the 期号 and the publisher or the date follow them (a text's own lines
 * never look like that); undefined otherwise.
 */
function afterStrayLines(blocks: Block[]): Masthead | undefined {
  for (let lead = 0; lead < 2 && stray(plain(blocks[lead]?.text ?? '')); ) {
    const masthead = readPieces(blocks.slice(++lead));
    if (!masthead.label || !(masthead.date || masthead.words.includes('共青团山西省委'))) continue;
    masthead.unread.unshift(...blocks.slice(0, lead).map((b) => plain(b.text)));
    masthead.length += lead;
    return masthead;
  }
  return undefined;
}

/** The masthead lines that open `blocks`, from its name (or its first line where a scan lost the name) on. */
function readPieces(blocks: Block[]): Masthead {
  const masthead: Masthead = { length: 0, words: [], unread: [], doubtful: [] };
  const known = (piece: string): void => {
    const text = piece.normalize('NFKC').trim();
    masthead.words.push(text);
    const label = labelPiece(text);
    masthead.label ??= label && parseIssueLabel(`${label.year}年第${label.number}期`);
    masthead.date ??= parseDate(text);
  };
  for (const [i, block] of blocks.entries()) {
    const text = plain(block.text);
    const line = mastheadLine(text);
    if (line) {
      if (line.pieces) line.pieces.forEach(known);
      else masthead.special = line.special;
      // plain() reads through a scan's marks of doubt; the editor is told what the front-matter took from them.
      if (block.text.search(DOUBT_MARK) >= 0) masthead.doubtful.push(block.text.trim());
    }
    // The masthead's big letters can leave a scan a short line of stray characters under them.
    else if (i === 1 && MASTHEAD_NAME.test(masthead.words.join('')) && stray(text) && mastheadLine(plain(blocks[2]?.text ?? ''))) masthead.unread.push(text);
    else break;
    masthead.length++;
  }
  return masthead;
}

/** What a masthead line (its plain text) holds: its pieces, or a special issue's name; undefined when it is not one. */
function mastheadLine(text: string): { pieces: string[]; special?: undefined } | { pieces?: undefined; special: string } | undefined {
  const pieces = mastheadPieces(text.normalize('NFKC'));
  if (pieces) return { pieces };
  if (SPECIAL_ISSUE.test(text) && !text.includes('\n') && text.length <= 40) return { special: text };
  return undefined;
}

/** Where each issue of a file starts: a block that opens a masthead with a 期号, or a scan's stray lines before one. */
export function issueStarts(blocks: Block[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const first = plain(blocks[i].text).split(/\s|\n/)[0].normalize('NFKC');
    const masthead = MASTHEAD_NAME.test(first) ? readPieces(blocks.slice(i)) : afterStrayLines(blocks.slice(i));
    if (!masthead?.label) continue;
    starts.push(i);
    // The name under a scan's stray lines starts no second issue.
    i += masthead.length - 1;
  }
  return starts;
}

/** 报/送/发 lists that may wrap onto the next line, and 责编 (written 责 编 too). */
function readFooter(blocks: Block[]) {
  const lists: Record<string, string[]> = {};
  let editors: string[] = [];
  let current: string | undefined;
  for (const line of blocks.flatMap((b) => b.text.split('\n'))) {
    const text = line.trim();
    const key = FOOTER_LIST.exec(text);
    const editor = FOOTER_EDITORS.exec(text);
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

/**
 * The counties a body's reporting units name, as the front-matter writes them, with mistyped ones
 * resolved by what else the text says. A doubt is not said here: the unit stays in the article's
 * title, so the check of the written file says it, at its line.
 */
function unitCounties(blocks: Block[]): string[] {
  const context = new Set(countiesInText(blocks.map((b) => b.text).join('\n')));
  const found: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'heading' || block.depth !== 1) continue;
    const unit = unitCounty(block.text, context);
    if (unit?.county) found.push(countyWrittenName(unit.county));
  }
  return [...new Set(found)];
}

export function importIssue(blocks: Block[], masthead: Masthead): Imported {
  const inferred: string[] = [];
  const warnings: string[] = [];
  const label = masthead.label!;
  const rest = blocks.slice(masthead.length);
  const footerAt = rest.findIndex((b) => opensFooter(plain(b.text)));
  const body = issueHeadings(rejoin(footerAt === -1 ? rest : rest.slice(0, footerAt)));
  const footer = readFooter(footerAt === -1 ? [] : rest.slice(footerAt));
  inferred.push(`期号 ${label.label}`);
  if (masthead.date) inferred.push(`日期 ${masthead.date}`);
  else warnings.push('原件中没有找到日期：前言中写成「日期: 不详」，请对照原件补写（补写之前 check 会报错）。');
  if (masthead.special) inferred.push(`专刊 ${masthead.special}`);
  for (const line of masthead.doubtful) warnings.push(`报头中的「${line}」有识别把握不大的字（〖〗中），已照读出的写入前言：请对照原件核对期号和日期。`);
  for (const line of masthead.unread) warnings.push(`报头中的「${line}」不成文字（多半是扫描件上报头大字的残影），已略去：请对照原件核对。`);
  if (footer.editors.length) inferred.push(`责编 ${footer.editors.join('、')}`);
  else warnings.push('没有找到责编：请在前言中补写「责编」。');
  for (const key of ['报', '送', '发'] as const) {
    if (footer[key]) inferred.push(`${key} ${footer[key]!.length} 个单位`);
    else warnings.push(`版尾没有「${key}」：前言中写成「${key}: []」，请核对原件。`);
  }
  const counties = unitCounties(body);
  const articles = body.filter((b) => b.kind === 'heading' && b.depth === 1).length;
  const sections = body.filter((b) => b.kind === 'heading' && b.depth === 2).length;
  inferred.push(`${articles} 篇文章，${sections} 个部分${counties.length ? `，县区 ${counties.join('、')}` : ''}`);
  if (!body.some((b) => b.kind === 'paragraph' && /^(\*\*)?编者按/.test(b.text))) inferred.push('没有编者按');
  const text =
    frontMatter({
      期号: label.label,
      // A date the source does not give is not made up: 不详 stands until the editor writes it (check asks).
      日期: masthead.date ?? '不详',
      责编: footer.editors.length > 1 ? footer.editors : (footer.editors[0] ?? '（责编）'),
      专刊: masthead.special,
      县区: counties.length ? counties : undefined,
      报: footer.报 ?? [],
      送: footer.送 ?? [],
      发: footer.发 ?? [],
    }) + `\n${toMarkdown(body)}\n`;
  const target = issueFile(label.year, label.number);
  return { kind: 'issue', target, text, inferred, warnings, dropped: [...masthead.words, ...masthead.unread], canonical: false };
}
