// Round trips with real parts: an issue printed to PDF by Chromium, and written as a Word file with
// the docx package, imports back to the same canonical text; a folder of every form is accounted for.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canonicalText } from '../src/import/sentences.ts';
import { useServedSite } from './browser.ts';
import { root, tempDir, yaoxun } from './helpers.ts';

const issue = path.join(root, 'content', 'issues', '2022', '11.md');
const original = readFileSync(issue, 'utf8');
/** Headings as the reader sees them: spacing aside. */
const headings = (markdown: string) => markdown.split('\n').filter((l) => /^#{1,3} /.test(l)).map((l) => l.replace(/\s+/g, ''));

/** The issue as an editor's Word file: masthead, headings in Word's heading styles, bold run-in leads, footer. */
async function issueDocx(markdown: string): Promise<Buffer> {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown)!;
  const meta = parseYaml(front) as Record<string, string | string[]>;
  const [y, m, d] = String(meta.日期).split('-').map(Number);
  const line = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const runs = (text: string) => text.split(/(\*\*[^*]+\*\*)/).filter(Boolean).map((part) => (part.startsWith('**') ? new TextRun({ text: part.slice(2, -2), bold: true }) : new TextRun(part)));
  const levels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];
  const blocks = body.trim().split(/\n\n+/).map((block) => {
    const heading = /^(#{1,3}) (.*)$/.exec(block);
    return heading ? new Paragraph({ heading: levels[heading[1].length - 1], children: [new TextRun(heading[2])] }) : new Paragraph({ children: runs(block) });
  });
  const list = (key: string) => line(`${key}：${[meta[key]].flat().join('，')}`);
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun('晋团要讯')] }),
          line(String(meta.期号)),
          line('共青团山西省委'),
          line(`${y}年${m}月${d}日`),
          ...blocks,
          list('报'),
          list('送'),
          list('发'),
          line(`责编：${[meta.责编].flat().join('、')}`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const served = useServedSite('/');
let pdf: Buffer;
beforeAll(async () => {
  const page = await served.browser.newPage();
  await page.goto(`${served.site.url}issues/2022/11/`);
  pdf = await page.pdf({ format: 'A4' });
  await page.close();
});

describe('round trips', () => {
  it('an issue printed to PDF by Chromium imports back to the same text, headings and front-matter', () => {
    const dir = tempDir('pdf-trip');
    writeFileSync(path.join(dir, '2022-11.pdf'), pdf);
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', path.join(dir, '2022-11.pdf'), '--out', out]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/识别：去掉了页眉、页脚和页码 \d+ 行/);
    const back = readFileSync(path.join(out, 'issues', '2022', '11.md'), 'utf8');
    expect(canonicalText(back)).toBe(canonicalText(original));
    expect(headings(back)).toEqual(headings(original));
    expect(back.split('---\n')[1]).toBe(original.split('---\n')[1]);
  });

  it('an issue written as a .docx imports back to the same text, headings and bold leads', async () => {
    const dir = tempDir('docx-trip');
    writeFileSync(path.join(dir, '2022-11.docx'), await issueDocx(original));
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', path.join(dir, '2022-11.docx'), '--out', out]);
    expect(r.code, r.stdout).toBe(0);
    const back = readFileSync(path.join(out, 'issues', '2022', '11.md'), 'utf8');
    expect(canonicalText(back)).toBe(canonicalText(original));
    expect(headings(back)).toEqual(headings(original));
    expect(back.split('---\n')[1]).toBe(original.split('---\n')[1]);
    for (const bold of original.match(/\*\*[^*]+\*\*/g)!) expect(back).toContain(bold);
  });
});

describe('a folder of every form', () => {
  it('imports each file and accounts for every one in the summary', async () => {
    const dir = tempDir('mixed');
    const inputs = path.join(dir, '旧稿');
    mkdirSync(inputs);
    const fixture = (...parts: string[]) => path.join(root, 'tests', 'fixtures', ...parts);
    copyFileSync(fixture('samples', '001_fd5bfc1d2af49e2d.txt'), path.join(inputs, '2022-09.txt'));
    copyFileSync(fixture('samples', '003_4ff0d51cf15c478e.txt'), path.join(inputs, 'taigu.md'));
    copyFileSync(fixture('import', 'page-news.html'), path.join(inputs, 'yuci.html'));
    copyFileSync(fixture('import', 'clipping-query.txt'), path.join(inputs, 'clipping.txt'));
    copyFileSync(fixture('import', 'hexo-table.md'), path.join(inputs, 'hexo.md'));
    writeFileSync(path.join(inputs, '2022-11.pdf'), pdf);
    writeFileSync(path.join(inputs, '2023-05.docx'), await issueDocx(readFileSync(fixture('import', 'heading-runin.expected.md'), 'utf8')));
    writeFileSync(path.join(inputs, '2019-03.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    writeFileSync(path.join(inputs, '统计.xlsx'), 'PK');
    const r = yaoxun(['import', inputs, '--out', path.join(dir, 'content')]);
    expect(r.stdout).toMatch(/2019-03\.doc → （无）  失败\n  错误：不是完整的Word 97-2003 文件/);
    expect(r.stdout).toMatch(/统计\.xlsx → （无）  跳过\n  原因：「\.xlsx」不是可导入的格式/);
    expect(r.stdout).toContain('共 9 个文件，9 项结果：已写入 7，无变化 0，已存在未覆盖 0，失败 1，跳过 1。');
    expect(r.code, r.stdout).toBe(1);
    writeFileSync(path.join(dir, 'summary.txt'), r.stdout);
  });
});
