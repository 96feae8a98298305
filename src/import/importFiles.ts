// Runs the importer over files and folders and writes the results into a content folder: never over
// an existing file without --force, never a file that lost a sentence of its source, never two
// inputs into one file, each result checked as `yaoxun check` would. Office files are converted
// first, all in one LibreOffice run; every file is read before any is written, so a program the run
// needs and does not find (ToolMissing) ends it with nothing written.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { slugify } from '../places/slug.ts';
import path from 'node:path';
import { VFile } from 'vfile';
import { standaloneFile } from '../link/urls.ts';
import { formatMessage } from '../messages.ts';
import { parseDocument } from '../parse/parseDocument.ts';
import { markUnproofread, type Imported } from './imported.ts';
import { importSource } from './importSource.ts';
import { convertOffice, OFFICE_FORMATS, type Converted } from './office.ts';
import { IMAGE_FORMATS, ocrReady } from './ocr.ts';
import { progress } from './progress.ts';
import { FORMATS, readInput, refusal } from './readInput.ts';
import { ToolMissing } from './tools.ts';
import { missingSentences } from './sentences.ts';
import { anyFile, filesIn, writeWhole } from '../files.ts';

export interface ImportRow {
  source: string;
  target?: string;
  kind?: 'issue' | 'standalone';
  status: 'written' | 'unchanged' | 'exists' | 'failed' | 'skipped';
  inferred: string[];
  /** What the importer doubts about the source */
  warnings: string[];
  errors: string[];
  /** What `check` says of the written file, one line each as check prints it (file:line:column) */
  checked?: string[];
}

/** Files to import, and those a folder holds that cannot be, each with why. */
function expand(inputs: string[]): { files: string[]; skipped: ImportRow[] } {
  const files: string[] = [];
  const skipped: ImportRow[] = [];
  for (const input of inputs) {
    if (!statSync(input).isDirectory()) {
      files.push(input);
      continue;
    }
    for (const file of filesIn(input, anyFile)) {
      if (FORMATS.test(file)) files.push(file);
      else skipped.push({ source: file, status: 'skipped', inferred: [], warnings: [], errors: [refusal(file)] });
    }
  }
  return { files, skipped };
}

const failed = (source: string, errors: string[]): ImportRow => ({ source, status: 'failed', inferred: [], warnings: [], errors });

type Outcome = { results: Imported[]; notes: string[]; warnings: string[] } | ImportRow;

/** What a file becomes, or why nothing of it is written. */
async function importOne(source: string, converted: Converted | undefined): Promise<Outcome> {
  if (!FORMATS.test(source)) return failed(source, [refusal(source)]);
  if (converted && 'error' in converted) return failed(source, [converted.error]);
  let read;
  try {
    read = await readInput(source, converted?.docx);
  } catch (e) {
    if (e instanceof ToolMissing) throw e;
    return failed(source, [`无法读取：${e instanceof Error ? e.message : String(e)}`]);
  }
  const scan = read.scan;
  const results = importSource(read.text, read.meta).map((r) => (scan ? { ...r, text: markUnproofread(r.text) } : r));
  const own = results.length === 1 ? results[0].read : undefined;
  const missing = missingSentences(own ?? read.source, results.map((r) => r.text), [...read.dropped, ...results.flatMap((r) => r.dropped)]);
  if (missing.length) {
    const listed = missing.slice(0, 8).map((s) => `第 ${s.line} 行「${s.text.length > 40 ? `${s.text.slice(0, 40)}…` : s.text}」`);
    return failed(source, [
      `导入结果缺少原文的 ${missing.length} 句，未写入任何文件：${listed.join('；')}${missing.length > 8 ? ' 等' : ''}。这些句子在导入不认识的位置（例如版尾之后）：请把它们移进正文，或确认不要后从原文删去，再导入。`,
    ]);
  }
  return { results, notes: read.notes, warnings: read.warnings };
}

/** Within one run each target is one input's: a second standalone gets the next free name, a second issue with the same 期号 fails. */
function claim(result: Imported, source: string, claimed: Map<string, string>): { target: string } | { error: string } {
  const { dir, name } = path.parse(result.target);
  for (let n = 1; ; n++) {
    const target = path.join(dir, `${name}${n > 1 ? `-${n}` : ''}.md`);
    const owner = claimed.get(target);
    if (!owner) {
      claimed.set(target, source);
      return { target };
    }
    if (result.kind === 'issue' || result.canonical) {
      return { error: `与 ${owner} 写入同一个文件 ${target}（同一期号）：请核对两份原件的期号，只导入正确的一份。` };
    }
  }
}

/** Each file's outcome, read before anything is written. */
async function readAll(files: string[]): Promise<Outcome[]> {
  if (files.some((f) => IMAGE_FORMATS.test(f))) await ocrReady(false);
  const office = files.filter((f) => OFFICE_FORMATS.test(f));
  const converting = progress('LibreOffice 转换', office.length);
  let converted = 0;
  const conversion = office.length
    ? await convertOffice(office, (file) => converting.at(file, ++converted))
    : undefined;
  converting.end();
  try {
    const reading = progress('导入', files.length);
    const outcomes: Outcome[] = [];
    for (const [i, source] of files.entries()) {
      reading.at(source, i);
      outcomes.push(await importOne(source, conversion?.results.get(source)));
    }
    reading.end();
    return outcomes;
  } finally {
    conversion?.done();
  }
}

export async function importFiles(inputs: string[], out: string, force: boolean): Promise<ImportRow[]> {
  const { files, skipped } = expand(inputs);
  const claimed = new Map<string, string>();
  const rows: ImportRow[] = [];
  const outcomes = await readAll(files);
  for (const [i, source] of files.entries()) {
    const outcome = outcomes[i];
    if ('status' in outcome) {
      rows.push(outcome);
      continue;
    }
    for (const result of outcome.results) {
      // A canonical standalone keeps its name, made into one a URL can carry (太谷 经验.md → taigu-jingyan.md), as check requires.
      const wanted = result.canonical && result.kind === 'standalone' ? { ...result, target: standaloneFile(slugify(path.basename(source, path.extname(source))) || 'wenzhang') } : result;
      if (!wanted.target) {
        rows.push(failed(source, ['前言中的期号无法识别，未导入。']));
        continue;
      }
      const place = claim(wanted, source, claimed);
      if ('error' in place) {
        rows.push(failed(source, [place.error]));
        continue;
      }
      rows.push(write(source, wanted, out, place.target, force, outcome));
    }
  }
  return [...rows, ...skipped];
}

function write(source: string, result: Imported, out: string, file: string, force: boolean, read: { notes: string[]; warnings: string[] }): ImportRow {
  const target = path.join(out, file);
  const row: ImportRow = { source, target, kind: result.kind, status: 'written', inferred: [...read.notes, ...result.inferred], warnings: [...read.warnings, ...result.warnings], errors: [] };
  const same = path.resolve(target) === path.resolve(source) || (existsSync(target) && statSync(target).isFile() && readFileSync(target, 'utf8') === result.text);
  if (!same && existsSync(target) && !force) return { ...row, status: 'exists' };
  // What check will say of the file on its own (not what concerns the whole content folder, as a
  // 期号 used twice) is said now, at its line, not discovered at build.
  const checked = new VFile({ path: target, value: result.text });
  checked.data.kind = result.kind;
  parseDocument(checked, out);
  row.checked = checked.messages.map((m) => formatMessage(checked, m));
  if (same) return { ...row, status: 'unchanged' };
  mkdirSync(path.dirname(target), { recursive: true });
  writeWhole(target, result.text);
  return row;
}

const STATUS: Record<ImportRow['status'], string> = { written: '已写入', unchanged: '无变化', exists: '已存在，未覆盖', failed: '失败', skipped: '跳过' };

export function formatRow(row: ImportRow): string {
  const lines = [`${row.source} → ${row.target ?? '（无）'}  ${STATUS[row.status]}`];
  for (const line of row.inferred) lines.push(`  识别：${line}`);
  for (const line of row.warnings) lines.push(`  警告：${line}`);
  for (const line of row.checked ?? []) lines.push(`  检查：${line}`);
  for (const line of row.errors) lines.push(`  ${row.status === 'skipped' ? '原因' : '错误'}：${line}`);
  if (row.status === 'exists') lines.push('  目标文件已存在：原文件未改动；确认要替换时加 --force。');
  return lines.join('\n');
}

/** Columns on a terminal: a Chinese character takes two. */
const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);

export function formatSummary(rows: ImportRow[]): string {
  const header = ['文件', '类型', '写入位置', '警告', '结果'];
  const body = rows.map((r) => [path.basename(r.source), r.kind === 'issue' ? '简报' : r.kind === 'standalone' ? '文章' : '—', r.target ?? '—', String(r.warnings.length + (r.checked?.length ?? 0)), STATUS[r.status]]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((cells) => width(cells[i]))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ');
  const count = (status: ImportRow['status']) => rows.filter((r) => r.status === status).length;
  const files = new Set(rows.map((r) => r.source)).size;
  const total = `共 ${files} 个文件，${rows.length} 项结果：已写入 ${count('written')}，无变化 ${count('unchanged')}，已存在未覆盖 ${count('exists')}，失败 ${count('failed')}，跳过 ${count('skipped')}。`;
  return [line(header), ...body.map(line), '', total].join('\n');
}
