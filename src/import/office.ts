// Word 97 .doc, WPS, RTF and ODT files → .docx through LibreOffice, all of a run's files in one
// soffice process (its start-up costs seconds), with a profile of the run's own so that two imports
// at once, or a LibreOffice the user has open, never share one. soffice writes the files in the
// order given, so the file it is on is the first whose .docx has not appeared; one that makes no
// progress for the timeout is given up, the process ended and started again for the rest.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findTool, SOFFICE } from './tools.ts';

export const OFFICE_FORMATS = /\.(doc|wps|rtf|odt)$/i;

/** Seconds a file may take (YAOXUN_OFFICE_TIMEOUT); the first also waits for LibreOffice to start. */
const perFile = () => Number(process.env.YAOXUN_OFFICE_TIMEOUT) || 120;
const STARTUP_SECONDS = 60;

export type Converted = { docx: string } | { error: string };

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const NAMES: Record<string, string> = { '.doc': 'Word 97-2003 文件（.doc）', '.wps': 'WPS 文件（.wps）', '.rtf': 'RTF 文件', '.odt': 'OpenDocument 文件（.odt）' };

/**
 * Whether the file is what its name says, by its first bytes. LibreOffice reads any file it cannot
 * place as plain text, so a damaged .doc would come back as a page of stray characters.
 */
function looksRight(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    const size = fstatSync(fd).size;
    const ole = head.equals(OLE) && size >= 1536 && size % 512 === 0;
    const rtf = head.subarray(0, 5).toString('latin1') === '{\\rtf';
    const zip = head.subarray(0, 4).toString('latin1') === 'PK\x03\x04';
    // Word and WPS also save RTF and web pages under .doc.
    const html = /^\s*</.test(head.toString('latin1'));
    return path.extname(file).toLowerCase() === '.odt' ? zip : ole || rtf || (html && !/\.rtf$/i.test(file));
  } finally {
    closeSync(fd);
  }
}

export interface Conversion {
  results: Map<string, Converted>;
  /** Removes the converted files and the profile */
  done(): void;
}

/** Converts `files` to .docx; `progress` hears of each file as it is done. */
export async function convertOffice(files: string[], progress: (file: string) => void = () => {}): Promise<Conversion> {
  const results = new Map<string, Converted>();
  for (const file of files) {
    if (looksRight(file)) continue;
    results.set(file, { error: `不是完整的${NAMES[path.extname(file).toLowerCase()]}（开头的文件头不对，或文件不完整，可能已损坏）：请在 Word 或 WPS 中打开它，另存为 .docx 后再导入。` });
    progress(file);
  }
  files = files.filter((file) => !results.has(file));
  if (files.length === 0) return { results, done: () => {} };
  const soffice = findTool(SOFFICE);
  const work = mkdtempSync(path.join(os.tmpdir(), 'yaoxun-office-'));
  const done = () => rmSync(work, { recursive: true, force: true });
  try {
    // Numbered links: two inputs named alike (2019/1.doc, 2020/1.doc, 1.rtf) never meet in the output folder.
    const links = files.map((file, i) => {
      const link = path.join(work, 'in', `${String(i).padStart(5, '0')}${path.extname(file).toLowerCase()}`);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(path.resolve(file), link);
      return link;
    });
    const outdir = path.join(work, 'out');
    const output = (i: number) => path.join(outdir, `${path.basename(links[i], path.extname(links[i]))}.docx`);
    let next = 0;
    while (next < files.length) {
      const from = next;
      const stuck = await runSoffice(soffice, path.join(work, 'profile'), outdir, links.slice(from), (k) => existsSync(output(from + k)), (k) => progress(files[from + k]));
      // What it wrote is done; after a clean end, what it did not write it could not read.
      for (; next < files.length && (existsSync(output(next)) || !stuck); next++) {
        results.set(files[next], existsSync(output(next)) ? { docx: output(next) } : { error: 'LibreOffice 打不开这个文件（可能已损坏，或不是扩展名所说的格式）：请在 Word 或 WPS 中打开后另存为 .docx，再导入。' });
      }
      if (next < files.length) {
        results.set(files[next], { error: `LibreOffice 转换这个文件超过 ${perFile()} 秒没有完成，已放弃：请在 Word 或 WPS 中打开后另存为 .docx 再导入（或用环境变量 YAOXUN_OFFICE_TIMEOUT 给出更长的秒数）。` });
        progress(files[next]);
        next++;
      }
    }
    return { results, done };
  } catch (e) {
    done();
    throw e;
  }
}

/**
 * One soffice run over `inputs`; true when it was ended because the file it was on took too long.
 * `written(k)` tells whether the k-th input's output is there: progress is polled, not signalled.
 */
function runSoffice(soffice: string, profile: string, outdir: string, inputs: string[], written: (k: number) => boolean, progress: (k: number) => void): Promise<boolean> {
  const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--invisible', '--norestore', '--nologo', '--nodefault', '--nolockcheck', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', outdir, ...inputs];
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
    let count = 0;
    let since = Date.now();
    let stuck = false;
    const end = () => {
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    // An import stopped (Ctrl+C) takes its LibreOffice with it: started apart, it would outlive it.
    process.once('exit', end);
    const timer = setInterval(() => {
      // soffice writes a file's .docx as soon as it has read it: the file after the last output is the one it is on.
      while (count < inputs.length && written(count)) {
        progress(count++);
        since = Date.now();
      }
      const allowed = (perFile() + (count === 0 ? STARTUP_SECONDS : 0)) * 1000;
      if (!stuck && Date.now() - since > allowed) {
        stuck = true;
        end();
      }
    }, 200);
    child.on('error', (e) => {
      clearInterval(timer);
      process.off('exit', end);
      reject(new Error(`无法启动 LibreOffice（${soffice}）：${e.message}`));
    });
    child.on('close', () => {
      clearInterval(timer);
      process.off('exit', end);
      if (!stuck) for (; count < inputs.length; count++) progress(count);
      resolve(stuck);
    });
  });
}
