// The office's programs the importer drives (LibreOffice, tesseract, pdftoppm): optional, installed
// from the system's packages, found on PATH or where the YAOXUN_* variable says. A missing one ends
// the whole run with one line naming what to install, before anything is written.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface Tool {
  /** The program's name on PATH */
  command: string;
  /** The variable that names its path instead */
  variable: string;
  /** Where Windows' installer puts it, when that is not on PATH */
  windows?: string;
  /** What the one line says: what it is needed for and how to install it */
  needed: string;
}

export const SOFFICE: Tool = {
  command: 'soffice',
  variable: 'YAOXUN_SOFFICE',
  windows: 'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
  needed:
    '读取 .doc、.wps、.rtf、.odt 需要 LibreOffice，但没有找到 soffice：Debian/Ubuntu 上请运行「sudo apt-get install libreoffice-writer-nogui」，Windows 上请从 libreoffice.org 下载并运行 LibreOffice 安装程序，然后再导入（也可用环境变量 YAOXUN_SOFFICE 指明 soffice 的位置）。',
};

export const TESSERACT: Tool = {
  command: 'tesseract',
  variable: 'YAOXUN_TESSERACT',
  windows: 'C:\\Program Files\\Tesseract-OCR\\tesseract.exe',
  needed:
    '扫描件（图片、没有文字的 PDF）要用 tesseract 识别文字，但没有找到 tesseract：Debian/Ubuntu 上请运行「sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim」，Windows 上请安装 Tesseract（UB Mannheim 的安装程序，选上 Chinese Simplified），然后再导入（也可用环境变量 YAOXUN_TESSERACT 指明它的位置）。',
};

export const PDFTOPPM: Tool = {
  command: 'pdftoppm',
  variable: 'YAOXUN_PDFTOPPM',
  needed:
    '扫描的 PDF 要先用 pdftoppm 转成图片再识别，但没有找到 pdftoppm：Debian/Ubuntu 上请运行「sudo apt-get install poppler-utils」，Windows 上请安装 Poppler for Windows，然后再导入（也可用环境变量 YAOXUN_PDFTOPPM 指明它的位置）。',
};

/** A program the run cannot do without; its message is the one line to print. */
export class ToolMissing extends Error {}

const runnable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The program's path, or ToolMissing. */
export function findTool(tool: Tool): string {
  const named = process.env[tool.variable];
  if (named) {
    if (runnable(named)) return named;
    throw new ToolMissing(tool.needed);
  }
  const names = process.platform === 'win32' ? [`${tool.command}.exe`, `${tool.command}.com`] : [tool.command];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) if (runnable(path.join(dir, name))) return path.join(dir, name);
  }
  if (process.platform === 'win32' && tool.windows && runnable(tool.windows)) return tool.windows;
  throw new ToolMissing(tool.needed);
}
