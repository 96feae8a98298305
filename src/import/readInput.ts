// A file as text the importer reads, by its format: plain text and Markdown (UTF-8, or GBK converted),
// .docx through mammoth (and .doc, .wps, .rtf, .odt as the .docx LibreOffice made of them, office.ts),
// .pdf through pdf.js, a saved web page's article; a scan (an image, a PDF with no text) through OCR.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import type { StandaloneMetaIn } from './importStandalone.ts';
import { htmlText, htmlToMarkdown, pageArticle, parseHtml } from './htmlToMarkdown.ts';
import { pdfText } from './pdfText.ts';
import { IMAGE_FORMATS, ocrImages, ocrPdf, type Scan } from './ocr.ts';

export interface Read {
  /** Markdown or plain text for importSource */
  text: string;
  /** The source's own text, which every written file together must keep */
  source: string;
  /** Lines the reader left out on purpose (page numbers, running headers) */
  dropped: string[];
  meta: StandaloneMetaIn;
  notes: string[];
  warnings: string[];
  /** Read from a scan: the text is OCR's, to be proofread */
  scan?: Scan;
}

export const FORMATS = /\.(txt|md|markdown|html?|docx|pdf|doc|wps|rtf|odt|png|jpe?g|tiff?)$/i;
const MAX_BYTES = 20 * 1024 * 1024;

export const refusal = (file: string) =>
  `${path.extname(file) ? `「${path.extname(file)}」` : '没有扩展名的文件'}不是可导入的格式：可导入 .txt、.md、.html、.docx、.doc、.wps、.rtf、.odt、.pdf 和扫描图片 .png、.jpg、.tif；其他格式请先另存为其中一种。`;

/** What a scan's import says of its text. */
function scanned(read: Read, scan: Scan) {
  read.scan = scan;
  read.text = read.source = scan.text;
  read.dropped = scan.dropped;
  read.notes.push(`扫描件：用 tesseract 识别了 ${scan.pages} 页文字${scan.doubtful ? `，其中 ${scan.doubtful} 处拿不准，已用〖〗标出` : ''}；写入的文件标为「校对: 未校对」。核对不丢内容时只能对照识别出的文字`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8, else GBK (GB18030, its superset) when that reads as Chinese text. */
function decode(bytes: Buffer, notes: string[]): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const text = iconv.decode(bytes, 'gb18030');
    const wide = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    if (text.includes('\uFFFD') || wide < text.replace(/\s/g, '').length / 4) throw new Error('不是 UTF-8 编码，也不像 GBK 编码的中文文本：请在编辑器中以 UTF-8 编码另存后再导入。');
    notes.push('文件是 GBK 编码：已按 GBK 读入，写入的文件是 UTF-8，原文件未改动。');
    return text;
  }
}

/** Word's own heading and title styles become headings; bold runs stay bold (mammoth's default). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/** `converted`: the .docx LibreOffice made of a .doc, .wps, .rtf or .odt `file`. */
export async function readInput(file: string, converted?: string): Promise<Read> {
  const bytes = readFileSync(converted ?? file);
  if (bytes.length > MAX_BYTES) throw new Error(`文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_BYTES / 1024 / 1024} MB 的上限：请检查是否误存了其他内容。`);
  const read: Read = { text: '', source: '', dropped: [], meta: {}, notes: [], warnings: [] };
  const ext = converted ? '.docx' : path.extname(file).toLowerCase();
  if (converted) read.notes.push('经 LibreOffice 转为 .docx 读入');
  if (IMAGE_FORMATS.test(file)) {
    scanned(read, await ocrImages([file]));
  } else if (ext === '.docx') {
    const html = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP });
    const tree = parseHtml(html.value);
    read.text = htmlToMarkdown(tree, read.warnings);
    read.source = (await mammoth.extractRawText({ buffer: bytes })).value;
  } else if (ext === '.pdf') {
    const pdf = await pdfText(new Uint8Array(bytes));
    // A PDF of page images (a scan) has no text of its own: its pages are read by OCR.
    if (!/[\p{L}\p{N}]/u.test(pdf.text)) scanned(read, await ocrPdf(file));
    else {
      read.text = read.source = pdf.text;
      read.dropped = pdf.dropped;
    }
    if (read.dropped.length) read.notes.push(`去掉了页眉、页脚和页码 ${read.dropped.length} 行`);
  } else if (ext === '.html' || ext === '.htm') {
    const page = pageArticle(decode(bytes, read.notes));
    read.text = htmlToMarkdown(page.tree, read.warnings);
    // The window title is the page's, not the article's: used as a title only when the article has none.
    read.source = htmlText(page.tree);
    read.meta = { title: page.title, link: page.link, date: page.date };
  } else {
    read.text = read.source = decode(bytes, read.notes);
  }
  return read;
}
