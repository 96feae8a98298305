// A PDF's text as paragraphs: lines rebuilt from pdf.js's positioned text, page headers, footers and
// page numbers (— 3 —) left out, and a paragraph a page break split joined again.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { FOOTER_LIST } from '../grammar.ts';
import { unifiedIdeographs } from './equivalentIdeographs.ts';
import { WIDE } from './wide.ts';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** A line of a page as laid out: its text, left and right edges, baseline (y grows up the page) and type size. */
export interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

// Any signs round the number: — 3 —, - 3 -, ·3·, and what a scan reads of them (1”, 一 1] 一: a dash read as 一).
const PAGE_NUMBER = /^((?:[^\p{L}\p{N}]|一)*\d{1,4}(?:[^\p{L}\p{N}]|一)*|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/u;
const SPACE_BETWEEN_WIDE = new RegExp(`(${WIDE.source}) (?=${WIDE.source})`, 'g');

/**
 * Where the page's text holds a real space: pdf.js's text items say a space wherever glyphs stand apart
 * (LibreOffice sets 2022年 as 2022 年, Asian–Latin spacing; justified lines stretch), so the items alone
 * cannot tell a typed 「QQ 群」 from 「QQ群」. The glyphs the page draws can: a typed space is a space
 * glyph, added spacing is only a position. Each item gets its text again with exactly those spaces; an
 * item of spaces alone becomes empty. Undefined when the glyphs do not line up with the items (fonts
 * without Unicode names): then the geometry is all there is.
 */
function withTypedSpaces(items: TextItem[], glyphs: string[]): string[] | undefined {
  const fold = (c: string) => c.normalize('NFKC');
  let g = 0;
  let matched = 0;
  let total = 0;
  const out = items.map((item) => {
    // A wide gap (a tab between unit and date) stays a gap, drawn or not.
    if (!item.str.trim()) return item.width > Math.abs(item.transform[0]) ? ' ' : '';
    let text = '';
    for (const c of item.str) {
      if (/\s/.test(c)) continue;
      total++;
      let space = false;
      // The next drawn glyph that is this character, a few along at most (pdf.js drops or splits some).
      let k = g;
      for (; k < glyphs.length && k < g + 8; k++) {
        if (glyphs[k] === ' ') space = true;
        else if (fold(glyphs[k]) === fold(c) || fold(glyphs[k]).startsWith(fold(c))) break;
      }
      if (k < glyphs.length && k < g + 8) {
        matched++;
        g = k + 1;
        if (space) text += ' ';
      }
      text += c;
    }
    return text;
  });
  return total > 0 && matched / total > 0.95 ? out : undefined;
}

/** The characters the page draws, in content order, spaces as ' ' (a line's end draws none). */
async function drawnGlyphs(page: { getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }> }): Promise<string[]> {
  const ops = await page.getOperatorList();
  const glyphs: string[] = [];
  for (const [i, fn] of ops.fnArray.entries()) {
    if (fn !== OPS.showText) continue;
    for (const glyph of ops.argsArray[i][0] as ({ unicode: string } | number | null)[]) if (glyph && typeof glyph === 'object') glyphs.push(/^\s+$/.test(glyph.unicode) ? ' ' : glyph.unicode);
  }
  return glyphs;
}

/** `typed`: the items' texts carry only the spaces the page draws (withTypedSpaces). */
function pageLines(items: TextItem[], typed: boolean): Line[] {
  const rows = new Map<number, TextItem[]>();
  for (const item of items) {
    if (!item.str) continue;
    const y = Math.round(item.transform[5] / 2) * 2;
    rows.set(y, [...(rows.get(y) ?? []), item]);
  }
  return [...rows]
    .sort((a, b) => b[0] - a[0])
    .map(([y, row]) => {
      row.sort((a, b) => a.transform[4] - b.transform[4]);
      // Without the drawn glyphs, letter-spaced titles (晋 团 要 讯) and style changes inside a line leave
      // spaces between Chinese characters. Fonts that share one glyph between 青 and the radical ⻘ may name it by the radical.
      const joined = unifiedIdeographs(row.map((i) => i.str).join('')).replace(/\s+/g, ' ');
      const text = (typed ? joined : joined.replace(SPACE_BETWEEN_WIDE, '$1')).trim();
      const last = row.at(-1)!;
      return { text, x: row[0].transform[4], right: last.transform[4] + last.width, y, size: Math.max(...row.map((i) => Math.abs(i.transform[3]) || i.height)) };
    })
    .filter((line) => line.text);
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values.map(Math.round)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

/** Text that stands at the top or bottom of most pages, digits aside, is a running header or footer. */
const running = (text: string) => text.replace(/\d+/g, '#');

// Words broken across lines are joined by a space; a number broken across lines (1|5) is not.
const joinText = (a: string, b: string) => (WIDE.test(a.at(-1)!) || WIDE.test(b[0]) || (/\d$/.test(a) && /^\d/.test(b)) ? a + b : `${a} ${b}`);

export async function pdfText(bytes: Uint8Array): Promise<{ text: string; dropped: string[] }> {
  const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: Line[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.filter((i): i is TextItem => 'str' in i);
    // A page without text (a scan) is not walked again: its operators would decode the page image.
    const typed = items.some((i) => i.str.trim()) ? withTypedSpaces(items, await drawnGlyphs(page)) : undefined;
    pages.push(pageLines(typed ? items.map((item, i) => ({ ...item, str: typed[i] })) : items, typed !== undefined));
  }
  await pdf.destroy();
  return pageParagraphs(pages);
}

/** Paragraphs from laid-out lines, a PDF's or a scan's: running headers, footers and page numbers left out. */
export function pageParagraphs(pages: Line[][]): { text: string; dropped: string[] } {
  const edges = new Map<string, number>();
  for (const lines of pages) for (const line of new Set([lines[0], lines.at(-1)].filter(Boolean).map((l) => running(l!.text)))) edges.set(line, (edges.get(line) ?? 0) + 1);
  const dropped: string[] = [];
  const isChrome = (line: Line, lines: Line[]) =>
    (line === lines[0] || line === lines.at(-1)) && (PAGE_NUMBER.test(line.text) || (pages.length > 2 && edges.get(running(line.text))! > pages.length / 2));
  const kept = pages.map((lines) =>
    lines.filter((line) => {
      if (!isChrome(line, lines)) return true;
      dropped.push(line.text);
      return false;
    }),
  );
  const all = kept.flat();
  // The text block's edges are where most lines start and end (a justified page), not the extremes.
  const left = mostCommon(all.map((l) => l.x));
  const right = mostCommon(all.map((l) => l.right));
  const paragraphs: string[] = [];
  let previous: Line | undefined;
  for (const [index, lines] of kept.entries()) {
    for (const [i, line] of lines.entries()) {
      const indent = (line.x - left) / line.size;
      const continues =
        previous !== undefined &&
        // The line before ran to the right margin: the sentence goes on here, on this page or the next.
        previous.right > right - previous.size * 1.5 &&
        // An indent starts a paragraph, except under 报： where the list hangs.
        (!(indent > 1.2 && indent < 2.6) || FOOTER_LIST.test(paragraphs.at(-1)!)) &&
        Math.abs(line.size - previous.size) < previous.size * 0.1 &&
        (i === 0 ? index > 0 : previous.y - line.y < line.size * 2.2);
      if (continues) paragraphs[paragraphs.length - 1] = joinText(paragraphs.at(-1)!, line.text);
      else paragraphs.push(line.text);
      previous = line;
    }
  }
  return { text: paragraphs.join('\n\n'), dropped };
}
