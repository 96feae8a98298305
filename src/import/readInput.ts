// A file as text the importer reads, by its format: plain text and Markdown (UTF-8, or GBK converted),
// .docx through mammoth, .pdf through pdf.js, a saved web page's article; .doc is refused with the
// command that converts it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import type { StandaloneMetaIn } from './importStandalone.ts';
import { htmlText, htmlToMarkdown, pageArticle, parseHtml } from './htmlToMarkdown.ts';
import { pdfText } from './pdfText.ts';

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
}

export const FORMATS = /\.(txt|md|markdown|html?|docx|pdf)$/i;
export const WORD_97 = /\.doc$/i;
const MAX_BYTES = 20 * 1024 * 1024;

export const refusal = (file: string) =>
  WORD_97.test(file)
    ? `Word 97-2003 格式（.doc）不能直接读取：请先转为 .docx，例如「libreoffice --headless --convert-to docx ${path.basename(file)}」，或在 Word 中另存为 .docx，再导入。`
    : `不是可导入的格式：可导入 .txt、.md、.docx、.pdf、.html；其他格式请先另存为其中一种。`;

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

export async function readInput(file: string): Promise<Read> {
  const bytes = readFileSync(file);
  if (bytes.length > MAX_BYTES) throw new Error(`文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_BYTES / 1024 / 1024} MB 的上限：请检查是否误存了其他内容。`);
  const read: Read = { text: '', source: '', dropped: [], meta: {}, notes: [], warnings: [] };
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') {
    const html = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP });
    const tree = parseHtml(html.value);
    read.text = htmlToMarkdown(tree, read.warnings);
    read.source = (await mammoth.extractRawText({ buffer: bytes })).value;
  } else if (ext === '.pdf') {
    const pdf = await pdfText(new Uint8Array(bytes));
    if (!pdf.text.trim()) throw new Error('PDF 中没有文字（可能是扫描件）：请先用文字识别软件转成文字，再导入。');
    read.text = read.source = pdf.text;
    read.dropped = pdf.dropped;
    if (pdf.dropped.length) read.notes.push(`去掉了页眉、页脚和页码 ${pdf.dropped.length} 行`);
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
