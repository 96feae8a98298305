// Runs the importer over files and folders and writes the results into a content folder: never over
// an existing file without --force, each result checked as `yaoxun check` would.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { readSource } from '../load/loadContent.ts';
import { isError } from '../messages.ts';
import { parseDocument } from '../parse/parseDocument.ts';
import { importSource } from './importSource.ts';

export interface ImportRow {
  source: string;
  target?: string;
  kind?: 'issue' | 'article';
  status: 'written' | 'unchanged' | 'exists' | 'failed';
  inferred: string[];
  warnings: string[];
}

const IMPORTABLE = /\.(txt|md|markdown|html?)$/i;

function expand(inputs: string[]): string[] {
  return inputs.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && IMPORTABLE.test(e.name))
          .map((e) => path.join(e.parentPath, e.name))
          .sort()
      : [input],
  );
}

export function importFiles(inputs: string[], out: string, force: boolean): ImportRow[] {
  return expand(inputs).map((source): ImportRow => {
    const file = readSource(source);
    if (file.messages.some(isError)) return { source, status: 'failed', inferred: [], warnings: file.messages.map((m) => m.reason) };
    const result = importSource(String(file.value));
    const relative = result.canonical && result.kind === 'article' ? path.join('articles', path.basename(source)) : result.target;
    if (!relative) return { source, status: 'failed', inferred: [], warnings: ['前言中的期号无法识别，未导入。'] };
    const target = path.join(out, relative);
    const row: ImportRow = { source, target, kind: result.kind, status: 'written', inferred: result.inferred, warnings: [...result.warnings] };
    // What import writes must pass check; what it cannot fix is said here, not discovered at build.
    const checked = new VFile({ path: target, value: result.text });
    checked.data.kind = result.kind;
    parseDocument(checked);
    for (const m of checked.messages.filter(isError)) row.warnings.push(`导入结果第 ${m.line ?? 1} 行：${m.reason}`);
    if (path.resolve(target) === path.resolve(source) || (existsSync(target) && statSync(target).isFile() && readSource(target).value === result.text)) {
      return { ...row, status: 'unchanged' };
    }
    if (existsSync(target) && !force) return { ...row, status: 'exists' };
    mkdirSync(path.dirname(target), { recursive: true });
    // Written beside the target and renamed over it, so a failure never leaves half a file.
    const temporary = `${target}.importing`;
    writeFileSync(temporary, result.text);
    renameSync(temporary, target);
    return row;
  });
}

const STATUS: Record<ImportRow['status'], string> = { written: '已写入', unchanged: '无变化', exists: '已存在，未覆盖', failed: '失败' };

export function formatRow(row: ImportRow): string {
  const lines = [`${row.source} → ${row.target ?? '（无）'}  ${STATUS[row.status]}`];
  for (const line of row.inferred) lines.push(`  识别：${line}`);
  for (const line of row.warnings) lines.push(`  警告：${line}`);
  if (row.status === 'exists') lines.push('  目标文件已存在：原文件未改动；确认要替换时加 --force。');
  return lines.join('\n');
}

/** Columns on a terminal: a Chinese character takes two. */
const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);

export function formatSummary(rows: ImportRow[]): string {
  const header = ['文件', '类型', '写入位置', '警告', '结果'];
  const body = rows.map((r) => [path.basename(r.source), r.kind === 'issue' ? '简报' : r.kind === 'article' ? '文章' : '—', r.target ?? '—', String(r.warnings.length), STATUS[r.status]]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((cells) => width(cells[i]))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
