// Content problems are vfile messages: a place in the file, a rule id and a Chinese sentence that
// says what to write instead. Errors stop a build; warnings are reported and the build goes on.
import { closest, distance } from 'fastest-levenshtein';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';

type Place = Point | Position | undefined;

/**
 * Every rule a message can carry. A message takes its id from this list only (the type below), so
 * the editors' guide can be checked to explain each one (tests/rules.test.ts) without reading the
 * source for ids.
 */
export const RULES = [
  'front-matter-none', 'front-matter-missing', 'front-matter-unknown-key', 'front-matter-invalid', 'front-matter-yaml',
  'front-matter-colon', 'front-matter-list-typing', 'front-matter-list-bracket', 'front-matter-empty', 'front-matter-shape',
  'front-matter-county-unknown', 'front-matter-county-ambiguous',
  'issue-year-mismatch', 'issue-no-article', 'issue-duplicate', 'article-duplicate', 'article-file-name', 'article-no-title',
  'unit-county-mistyped', 'unit-county-unknown',
  'theme-unknown', 'themes-yaml', 'themes-shape', 'themes-invalid', 'themes-duplicate',
  'site-yaml', 'site-shape', 'site-unknown-key', 'site-invalid',
  'file-empty', 'not-utf8', 'file-too-large',
  'footnote-undefined', 'footnote-colon', 'footnote-unused',
  'image-missing', 'image-remote', 'image-path', 'image-outside', 'image-type', 'image-html', 'image-alt',
  'heading-line', 'paragraph-lines',
  'template-error', 'template-placeholder',
  'proofread-pending', 'proofread-doubt',
] as const;
export type RuleId = (typeof RULES)[number];

const report = (fatal: boolean) => (file: VFile, reason: string, place: Place, ruleId: RuleId): VFileMessage => {
  const message = file.message(reason, { place, ruleId, source: 'yaoxun' });
  message.fatal = fatal;
  return message;
};

export const error = report(true);
export const warning = report(false);

/** A message about a file that the file does not keep: the link stage's, which hold for one link of the whole content. */
export interface Problem {
  file: VFile;
  message: VFileMessage;
}

/** A message about `file` that is not added to the file's own list. */
function messageApart(fatal: boolean, file: string, reason: string, place: Place, ruleId: RuleId): VFileMessage {
  const message = new VFileMessage(reason, { place, ruleId, source: 'yaoxun' });
  message.fatal = fatal;
  message.file = file;
  return message;
}

/** Reports problems into `into` instead of onto their files (same signature as error and warning). */
export function problemsInto(into: Problem[]) {
  const say = (fatal: boolean) => (file: VFile, reason: string, place: Place, ruleId: RuleId) => {
    into.push({ file, message: messageApart(fatal, file.path, reason, place, ruleId) });
  };
  return { error: say(true), warning: say(false) };
}
export type Say = ReturnType<typeof problemsInto>;

export const isError = (message: VFileMessage) => message.fatal === true;

/** The known name a mistyped one was most likely meant to be (责遍 → 责编, --contnet → --content), if any is close. */
export function nearestName(written: string, known: readonly string[]): string | undefined {
  if (!written || known.length === 0) return undefined;
  const best = closest(written, known as string[]);
  return distance(written, best) <= Math.max(1, Math.floor(best.length / 2)) ? best : undefined;
}

export function countMessages(files: VFile[]) {
  let errors = 0;
  let warnings = 0;
  for (const file of files) for (const m of file.messages) isError(m) ? errors++ : warnings++;
  return { errors, warnings };
}

/** A message as reports show it, with the file it is about: `check --format json` and the dev server's overlay. */
export interface Reported {
  file: string;
  severity: 'error' | 'warning';
  line: number | null;
  column: number | null;
  rule?: string;
  message: string;
}

export function reported(file: { path: string }, m: VFileMessage): Reported {
  return { file: file.path, severity: isError(m) ? 'error' : 'warning', line: m.line ?? null, column: m.column ?? null, rule: m.ruleId, message: m.reason };
}

/** One line per message, as editors and their editors' tools expect: file:line:column 错误 … [rule] */
export function formatReported(r: Reported): string {
  const where = r.line ? `${r.file}:${r.line}:${r.column ?? 1}` : r.file;
  return `${where}  ${r.severity === 'error' ? '错误' : '警告'}  ${r.message}  [${r.rule}]`;
}

export const formatMessage = (file: { path: string }, message: VFileMessage) => formatReported(reported(file, message));

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
    messages: file.messages.map((m) => {
      const { file: _, ...message } = reported(file, m);
      return message;
    }),
  }));
}

/** A template that does not compile or fails while rendering, said in Chinese with its file and line. */
export class TemplateError extends Error {
  constructor(readonly template: string, readonly place: Point | undefined, reason: string) {
    super(reason);
  }

  /** The error as a message about the template, for a list beside the content's messages */
  asMessage(): VFileMessage {
    return messageApart(true, this.template, this.message, this.place, 'template-error');
  }
}
