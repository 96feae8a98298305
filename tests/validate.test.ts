// Validation messages: every problem has a place, a rule id and a Chinese sentence saying what to write.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check.ts';
import { readSource } from '../src/load/loadContent.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { parseDate, parseIssueLabel } from '../src/parse/frontMatter.ts';
import { tempDir } from './helpers.ts';

const FRONT = ['期号: 〔2022〕第11期', '日期: 2022-12-13', '责编: 郭婕', '报: [省委办公厅]', '送: [各市党委政府]', '发: [市级团委]'];

function messages(text: string | Buffer) {
  const file = readSource('content/issues/2022/11.md', 'issue', typeof text === 'string' ? Buffer.from(text) : text);
  const tree = parseDocument(file, '.').doc;
  return { tree, list: file.messages.map((m) => ({ line: m.line, column: m.column, rule: m.ruleId, fatal: m.fatal, reason: m.reason })) };
}
const issue = (lines: string[], body = '# 团阳城县委：经验\n\n正文。') => `---\n${lines.join('\n')}\n---\n\n${body}\n`;

describe('front-matter', () => {
  it('accepts a canonical issue without a message', () => {
    const { tree, list } = messages(issue(FRONT));
    expect(list).toEqual([]);
    expect(tree?.type).toBe('issue');
  });

  it('suggests the nearest known key for an unknown one (责遍 → 责编), on its line', () => {
    const { list } = messages(issue([...FRONT.filter((l) => !l.startsWith('责编')), '责遍: 郭婕']));
    expect(list).toContainEqual(expect.objectContaining({ line: 7, column: 1, rule: 'front-matter-unknown-key', fatal: true, reason: expect.stringContaining('是否应为「责编」') }));
    expect(list).toContainEqual(expect.objectContaining({ rule: 'front-matter-missing', reason: expect.stringContaining('缺少「责编」') }));
  });

  it('names each missing key and how to write it', () => {
    const { list } = messages(issue(['期号: 〔2022〕第11期']));
    const missing = list.filter((m) => m.rule === 'front-matter-missing').map((m) => m.reason);
    expect(missing).toHaveLength(5);
    expect(missing.join()).toMatch(/缺少「日期」：请写成「日期: 2022-12-13」/);
  });

  it('rejects an impossible date and an unreadable 期号 at their lines', () => {
    const { list } = messages(issue(['期号: 第十一期', '日期: 2022-02-30', ...FRONT.slice(2)]));
    expect(list).toContainEqual(expect.objectContaining({ line: 2, rule: 'front-matter-invalid', reason: expect.stringContaining('「第十一期」无法识别为期号') }));
    expect(list).toContainEqual(expect.objectContaining({ line: 3, rule: 'front-matter-invalid', reason: expect.stringContaining('「2022-02-30」不是有效的日期') }));
  });

  it('explains the YAML trap of an unquoted [2022] 第 11 期', () => {
    const { list } = messages(issue(['期号: [2022] 第 11 期', ...FRONT.slice(1)]));
    expect(list).toEqual([expect.objectContaining({ line: 2, rule: 'front-matter-yaml', reason: expect.stringContaining('请给期号加引号') })]);
  });

  it('reports an empty file, a file without front-matter and bytes that are not UTF-8', () => {
    expect(messages('').list[0]).toMatchObject({ rule: 'file-empty', line: 1 });
    expect(messages('# 标题\n').list[0]).toMatchObject({ rule: 'front-matter-none', line: 1 });
    expect(messages(Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0xff])).list[0]).toMatchObject({ rule: 'not-utf8', reason: expect.stringContaining('UTF-8') });
  });

  it('refuses a file far larger than any bulletin, saying so', () => {
    const huge = Buffer.alloc(3 * 1024 * 1024, 'a');
    expect(messages(huge).list).toEqual([expect.objectContaining({ rule: 'file-too-large', fatal: true, reason: expect.stringContaining('3.0 MB') })]);
  });

  it('accepts a UTF-8 BOM and CRLF line endings silently', () => {
    const text = '\uFEFF' + issue(FRONT).replace(/\n/g, '\r\n');
    const { tree, list } = messages(text);
    expect(list).toEqual([]);
    expect(tree?.type === 'issue' && tree.meta.editors).toEqual(['郭婕']);
  });
});

describe('期号 and 日期 forms', () => {
  it.each([
    ['〔2022〕第11期', 2022, 11],
    ['[2022] 第 11 期', 2022, 11],
    ['［２０２２］第１１期', 2022, 11],
    ['2022-11', 2022, 11],
    ['2022年第3期', 2022, 3],
  ])('%s', (text, year, number) => {
    expect(parseIssueLabel(text)).toEqual({ year, number, label: `〔${year}〕第${number}期` });
  });
  it('reads dates as editors write them and refuses impossible ones', () => {
    expect(parseDate('2022年9月26日')).toBe('2022-09-26');
    expect(parseDate('2022 年 10 月 24 日')).toBe('2022-10-24');
    expect(parseDate('2022/9/6')).toBe('2022-09-06');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('明天')).toBeUndefined();
  });
});

describe('check across files', () => {
  it('reports the same 期号 in two files as an error naming both', () => {
    const root = tempDir('dup');
    mkdirSync(path.join(root, 'issues', '2022'), { recursive: true });
    writeFileSync(path.join(root, 'issues', '2022', '11.md'), issue(FRONT));
    writeFileSync(path.join(root, 'issues', '2022', '12.md'), issue(FRONT));
    const { files, errors } = checkContent(root);
    expect(errors).toBe(1);
    const message = files.flatMap((f) => f.messages.map((m) => ({ file: f.path, m })))[0];
    expect(message.file).toMatch(/12\.md$/);
    expect(message.m.reason).toContain(path.join(root, 'issues', '2022', '11.md'));
    expect(message.m.line).toBe(2);
  });
});
