// Content problems are vfile messages: a place in the file, a rule id and a Chinese sentence that
// says what to write instead. Errors stop a build; warnings are reported and the build goes on.
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';

type Place = Point | Position | undefined;

const report = (fatal: boolean) => (file: VFile, reason: string, place: Place, ruleId: string): VFileMessage => {
  const message = file.message(reason, { place, ruleId, source: 'yaoxun' });
  message.fatal = fatal;
  return message;
};

export const error = report(true);
export const warning = report(false);

export const isError = (message: VFileMessage) => message.fatal === true;

export function countMessages(files: VFile[]) {
  let errors = 0;
  let warnings = 0;
  for (const file of files) for (const m of file.messages) isError(m) ? errors++ : warnings++;
  return { errors, warnings };
}

/** One line per message, as editors and their editors' tools expect: file:line:column 错误 … [rule] */
export function formatMessage(file: VFile, message: VFileMessage): string {
  const where = message.line ? `${file.path}:${message.line}:${message.column ?? 1}` : file.path;
  return `${where}  ${isError(message) ? '错误' : '警告'}  ${message.reason}  [${message.ruleId}]`;
}

/** The `check` report: grouped by file, errors before warnings, counts at the end. */
export function formatReport(files: VFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    if (file.messages.length === 0) continue;
    lines.push(file.path);
    const sorted = [...file.messages].sort((a, b) => Number(isError(b)) - Number(isError(a)) || (a.line ?? 0) - (b.line ?? 0));
    for (const m of sorted) lines.push('  ' + formatMessage(file, m));
    lines.push('');
  }
  const { errors, warnings } = countMessages(files);
  lines.push(`共检查 ${files.length} 个文件：${errors} 个错误，${warnings} 个警告。`);
  return lines.join('\n');
}

export function reportJson(files: VFile[]) {
  return files.map((file) => ({
    file: file.path,
    messages: file.messages.map((m) => ({
      severity: isError(m) ? 'error' : 'warning',
      line: m.line ?? null,
      column: m.column ?? null,
      rule: m.ruleId,
      message: m.reason,
    })),
  }));
}

/** A template that does not compile or fails while rendering, said in Chinese with its file and line. */
export class TemplateError extends Error {}
