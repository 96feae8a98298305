// A PDF's text as paragraphs: lines rebuilt from pdf.js's positioned text, page headers, footers and
// page numbers (— 3 —) left out, and a paragraph a page break split joined again.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { FOOTER_LIST } from '../grammar.ts';
import { unifiedIdeographs } from './equivalentIdeographs.ts';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** A line of a page as laid out: its text, left and right edges, baseline (y grows up the page) and type size. */
export interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

// Any signs round the number: — 3 —, - 3 -, ·3·, and what a scan reads of them (1”).
const PAGE_NUMBER = /^([^\p{L}\p{N}]*\d{1,4}[^\p{L}\p{N}]*|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/u;
const WIDE = /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]/;
const SPACE_BETWEEN_WIDE = new RegExp(`(${WIDE.source}) (?=${WIDE.source})`, 'g');

function pageLines(items: TextItem[]): Line[] {
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
      // Letter-spaced titles (晋 团 要 讯) and style changes inside a line leave spaces between Chinese characters.
      // Fonts that share one glyph between 青 and the radical ⻘ may name it by the radical.
      const text = unifiedIdeographs(row.map((i) => i.str).join('')).replace(/\s+/g, ' ').replace(SPACE_BETWEEN_WIDE, '$1').trim();
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
    pages.push(pageLines(content.items.filter((i): i is TextItem => 'str' in i)));
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
