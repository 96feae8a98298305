// Scanned paper → text: tesseract (chi_sim) reads each page image, driven as a process, and its
// words come back with their boxes and confidences (TSV). The boxes make lines, and the lines go
// through the same paragraph rules as a PDF's (pdfText.ts pageParagraphs), so a scan is the same
// bulletin as its text. A word read with low confidence is put in 〖〗 for the editor to check.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FOOTER_EDITORS, FOOTER_LIST } from '../grammar.ts';
import { type Line, pageParagraphs } from './pdfText.ts';
import { findTool, PDFTOPPM, TESSERACT, ToolMissing } from './tools.ts';
import { WIDE } from './wide.ts';

const run = promisify(execFile);

export const IMAGE_FORMATS = /\.(png|jpe?g|tiff?)$/i;
/** Below this confidence (0–100) a word is marked as doubtful. */
const DOUBTFUL = 60;
/** Marks a doubtful reading in the written text; check points at each until the editor removes them. */
export const DOUBT_OPEN = '〖';
export const DOUBT_CLOSE = '〗';
/**
 * Resolution pages of a scanned PDF are rendered at for reading. Not the 300 dpi a scanner writes:
 * chi_sim's network reads 16 pt 仿宋 better at 200 (tests/importOffice.test.ts's 300 dpi scan, character
 * similarity 0.978 at 300, 0.990 at 225, 0.991 at 200; at 150 and 175 the masthead is no longer read).
 */
const DPI = 200;


interface Word {
  text: string;
  /** block, paragraph and line numbers: which line of the page the word is on */
  line: string;
  left: number;
  top: number;
  width: number;
  height: number;
  conf: number;
}

let languageChecked: Promise<void> | undefined;

/** tesseract, with its Chinese data: either missing is said as the package to install. */
function tesseract(): string {
  const program = findTool(TESSERACT);
  languageChecked ??= run(program, ['--list-langs']).then(({ stdout }) => {
    if (!/^chi_sim$/m.test(stdout)) throw new ToolMissing(`tesseract 已安装，但没有简体中文识别数据（chi_sim）：Debian/Ubuntu 上请运行「sudo apt-get install tesseract-ocr-chi-sim」，Windows 上重新运行 Tesseract 安装程序并选上 Chinese Simplified，然后再导入。`);
  });
  return program;
}

/** Checks before a run that the programs a scan needs are there (pdftoppm too, for a PDF). */
export async function ocrReady(pdf: boolean): Promise<void> {
  tesseract();
  if (pdf) findTool(PDFTOPPM);
  await languageChecked;
}

/** The words tesseract read, and the height of each of its lines' boxes. */
function words(tsv: string): { words: Word[]; lineHeights: Map<string, number> } {
  const rows = tsv
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'));
  const id = (c: string[]) => `${c[2]}.${c[3]}.${c[4]}`;
  return {
    words: rows.filter((c) => c[0] === '5' && c[11]?.trim()).map((c) => ({ text: c[11].trim(), line: id(c), left: +c[6], top: +c[7], width: +c[8], height: +c[9], conf: +c[10] })),
    lineHeights: new Map(rows.filter((c) => c[0] === '4').map((c) => [id(c), +c[9]])),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Words into tesseract's lines (read as one block, a tabbed unit-and-date line is one line, as on paper), doubtful words marked. */
function lines({ words: all, lineHeights }: ReturnType<typeof words>): { lines: Line[]; doubtful: number } {
  const byLine = new Map<string, Word[]>();
  for (const word of all) byLine.set(word.line, [...(byLine.get(word.line) ?? []), word]);
  // Rules (under the masthead, round 报/送/发) come out as lines of dashes and bars: no text.
  const rows = [...byLine.values()].filter((row) => row.some((w) => /[\p{L}\p{N}]/u.test(w.text)));
  let doubtful = 0;
  const out = rows.map((row): Line => {
    row.sort((a, b) => a.left - b.left);
    // The rule above 送：, 发： or 责编： can come out as one stray character in front of it.
    const rest = row.slice(1).map((w) => w.text).join('');
    if (row.length > 1 && [...row[0].text].length === 1 && (FOOTER_LIST.test(rest) || FOOTER_EDITORS.test(rest))) row.shift();
    // A word's box can take in the line above or below (a heading's words came out 57 to 83 high on a
    // 61-high line), the line's box cannot be lower than its letters: the smaller tells the size.
    const size = Math.min(median(row.filter((w) => WIDE.test(w.text)).map((w) => w.height)) || median(row.map((w) => w.height)), lineHeights.get(row[0].line) ?? Infinity);
    let text = '';
    let open = false;
    for (const [i, word] of row.entries()) {
      const before = row[i - 1];
      const gap = before ? word.left - (before.left + before.width) : 0;
      const doubt = word.conf < DOUBTFUL && /[\p{L}\p{N}]/u.test(word.text);
      if (open && !doubt) text += DOUBT_CLOSE;
      if (before && (gap > size * 1.5 || !(WIDE.test(before.text.at(-1)!) || WIDE.test(word.text[0])))) text += ' ';
      if (doubt && !open) {
        text += DOUBT_OPEN;
        doubtful++;
      }
      open = doubt;
      text += word.text;
    }
    if (open) text += DOUBT_CLOSE;
    const last = row.at(-1)!;
    // y grows up the page, as in a PDF.
    return { text, x: row[0].left, right: last.left + last.width, y: -(row[0].top + size), size };
  });
  return { lines: out, doubtful };
}

async function readPage(image: string): Promise<{ lines: Line[]; doubtful: number }> {
  const { stdout } = await run(tesseract(), [image, 'stdout', '-l', 'chi_sim', '--psm', '6', 'tsv'], { maxBuffer: 64 * 1024 * 1024 });
  return lines(words(stdout));
}

export interface Scan {
  text: string;
  dropped: string[];
  /** Words marked as doubtful */
  doubtful: number;
  pages: number;
}

/** The text of scanned page images, in order. */
export async function ocrImages(images: string[]): Promise<Scan> {
  const pages: Line[][] = [];
  let doubtful = 0;
  for (const image of images) {
    const page = await readPage(image);
    pages.push(page.lines);
    doubtful += page.doubtful;
  }
  return { ...pageParagraphs(pages), doubtful, pages: pages.length };
}

/** The text of an image-only PDF: its pages rendered by pdftoppm, then read. */
export async function ocrPdf(file: string): Promise<Scan> {
  const pdftoppm = findTool(PDFTOPPM);
  // Said before the pages are rendered, which takes seconds.
  await ocrReady(true);
  const work = mkdtempSync(path.join(os.tmpdir(), 'yaoxun-scan-'));
  try {
    await run(pdftoppm, ['-r', String(DPI), '-gray', '-png', file, path.join(work, 'page')]);
    const images = readdirSync(work)
      .filter((f) => f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]))
      .map((f) => path.join(work, f));
    return await ocrImages(images);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
