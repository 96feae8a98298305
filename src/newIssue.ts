// yaoxun new: the next issue of this year, from templates/new-issue.md.njk, never over an existing file.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { isoDay } from './grammar.ts';
import { issueFile } from './link/urls.ts';
import { loadContent } from './load/loadContent.ts';
import { parseDocument } from './parse/parseDocument.ts';
import { placeholderTexts } from './parse/placeholders.ts';
import type { Issue } from './types.ts';

const DEFAULT_DISTRIBUTION = {
  报: ['省委办公厅', '省人大办公厅', '省政府办公厅', '省政协办公厅', '团中央办公厅'],
  送: ['省直有关单位', '各市党委政府', '团省委班子成员'],
  发: ['市级团委', '团省委机关各部门、直属事业单位'],
};

/** Writes the next issue for `today` and returns its path; the 报/送/发 lists and 责编 follow the latest issue. */
export function newIssue(content: string, templates: string, today = new Date()): string {
  const year = today.getFullYear();
  const dir = path.dirname(path.join(content, issueFile(year, 1)));
  const taken = existsSync(dir) ? readdirSync(dir).map((f) => /^(\d+)\.md$/.exec(f)).filter((m) => m !== null).map((m) => Number(m[1])) : [];
  const number = Math.max(0, ...taken) + 1;
  const file = path.join(content, issueFile(year, number));
  const latest = loadContent(content)
    .issues.map((f) => parseDocument(f, content).doc)
    .filter((d): d is Issue => d?.type === 'issue')
    .sort((a, b) => b.meta.date.localeCompare(a.meta.date))[0];
  const text = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), { autoescape: false }).render('new-issue.md.njk', {
    year,
    number,
    // The editor's calendar day, not UTC's.
    date: isoDay(year, today.getMonth() + 1, today.getDate()),
    editors: latest?.meta.editors ?? [],
    distribution: latest?.meta.distribution ?? DEFAULT_DISTRIBUTION,
    placeholder: placeholderTexts,
  });
  mkdirSync(dir, { recursive: true });
  // 'wx' fails if the file exists: a new issue never replaces one.
  writeFileSync(file, text, { flag: 'wx' });
  return file;
}
