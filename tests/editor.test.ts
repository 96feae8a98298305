// yaoxun new and the check report, as an editor runs them.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../src/parse/placeholders.ts';
import { copyContent, tempDir, yaoxun } from './helpers.ts';

const year = new Date().getFullYear();

describe('yaoxun new', () => {
  it('starts an empty archive with this year’s 第1期, which passes check with a warning for each placeholder', () => {
    const content = path.join(tempDir('new-empty'), 'content');
    mkdirSync(content);
    const r = yaoxun(['new', '--content', content]);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(content, 'issues', String(year), '01.md');
    expect(r.stdout).toContain(file);
    const text = readFileSync(file, 'utf8');
    for (const key of ['期号', '日期', '责编', '专刊', '主题', '县区', '报', '送', '发']) expect(text).toMatch(new RegExp(`^#? ?${key}:`, 'm'));
    expect(text).toContain(`期号: 〔${year}〕第1期`);
    expect(text).toMatch(/^编者按：/m);
    expect(text).toMatch(/^# 团/m);
    expect(text).toMatch(/^## 一、/m);
    expect(text).toMatch(/^一是/m);
    const check = yaoxun(['check', '--content', content]);
    expect(check.code, check.stdout).toBe(0);
    // Nothing filled in yet: every placeholder of the template is named, 责编 too (no earlier issue to follow).
    for (const { text } of Object.values(PLACEHOLDERS)) expect(check.stdout).toMatch(new RegExp(`警告 {2}第 \\d+ 行仍是模板的占位文字「${text}」`));
    expect(check.stdout).toMatch(/0 个错误，\d+ 个警告/);
    const tree = JSON.parse(yaoxun(['inspect', file]).stdout);
    expect(tree.children.map((c: { type: string }) => c.type)).toEqual(['editorNote', 'article']);
  });

  it('takes the next number in a filled archive and leaves every other file as it was', () => {
    const content = copyContent('new-filled');
    const dir = path.join(content, 'issues', String(year));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '01.md'), 'first');
    writeFileSync(path.join(dir, '07.md'), 'seventh');
    expect(yaoxun(['new', '--content', content]).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['01.md', '07.md', '08.md']);
    expect(readFileSync(path.join(dir, '01.md'), 'utf8')).toBe('first');
    expect(readFileSync(path.join(dir, '07.md'), 'utf8')).toBe('seventh');
    const text = readFileSync(path.join(dir, '08.md'), 'utf8');
    expect(text).toContain(`期号: 〔${year}〕第8期`);
    // The lists and the editor follow the latest issue.
    expect(text).toContain('责编: 郭婕');
  });
});

describe('yaoxun check', () => {
  it('groups the report by file with errors before warnings and counts at the end; exit 1 on errors', () => {
    const content = copyContent('check');
    // 09.md now claims 11.md's 期号: the error lands on 11.md, beside its 孟县 warning.
    const issue = path.join(content, 'issues', '2022', '09.md');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('期号: 〔2022〕第9期', '期号: 〔2022〕第11期'));
    const r = yaoxun(['check', '--content', content]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    const at = lines.findIndex((l) => l.endsWith(path.join('2022', '11.md')));
    expect(lines[at + 1]).toMatch(/11\.md:2:1 {2}错误 {2}期号 〔2022〕第11期 与 .*09\.md 重复/);
    expect(lines[at + 2]).toMatch(/11\.md:13:1 {2}警告 {2}「孟县」/);
    expect(lines.at(-1)).toBe('共检查 6 个文件：1 个错误，1 个警告。');
  });

  it('speaks JSON for machines', () => {
    const r = yaoxun(['check', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const eleven = report.find((f: { file: string }) => f.file.endsWith(path.join('2022', '11.md')));
    expect(eleven.messages).toEqual([{ severity: 'warning', line: 13, column: 1, rule: 'unit-county-mistyped', message: expect.stringContaining('盂县') }]);
  });
});
