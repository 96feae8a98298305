// Typing the way Word and a Chinese IME lead editors to type: understood, or named with the line to write.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/load/loadContent.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { PLACEHOLDERS } from '../src/parse/placeholders.ts';
import type { Issue } from '../src/types.ts';
import { copyContent, readSite, tempDir, yaoxun } from './helpers.ts';

const FRONT = ['期号: 〔2022〕第11期', '日期: 2022-12-13', '责编: 郭婕', '报: [省委办公厅]', '送: [省直有关单位]', '发: [市级团委]'];
const BODY = '\n# 团盂县县委：标题\n\n正文。\n';

/** An issue whose front-matter is FRONT with the line for each key in `lines` replaced (a line with no key is added). */
function issue(lines: Record<string, string>, body = BODY) {
  const front = FRONT.map((l) => lines[l.split(':')[0]] ?? l);
  const text = ['---', ...front, ...Object.entries(lines).filter(([k]) => !FRONT.some((l) => l.startsWith(k + ':'))).map(([, l]) => l), '---', body].join('\n');
  const file = readSource('typed.md', 'issue', Buffer.from(text));
  const tree = parseDocument(file, '.').doc as Issue | undefined;
  const messages = file.messages.map((m) => ({ line: m.line, fatal: m.fatal, rule: m.ruleId, reason: m.reason }));
  return { tree, messages };
}

/** The built site of the bundled content with 11.md edited by `edit`, and what the build printed. */
function buildEdited(edit: (text: string) => string, target = path.join(tempDir('typing-site'), 'site')) {
  const content = copyContent('typing');
  const source = path.join(content, 'issues', '2022', '11.md');
  writeFileSync(source, edit(readFileSync(source, 'utf8')));
  return { ...yaoxun(['build', '--content', content, '--out', target]), target, content };
}

describe('lists typed with full-width brackets and separators', () => {
  it('reads ［郭婕，王丽］ and 【省委办公厅，团中央办公厅】 as lists and suggests the canonical line', () => {
    const { tree, messages } = issue({ 责编: '责编: ［郭婕，王丽］', 报: '报: 【省委办公厅，团中央办公厅】' });
    expect(tree?.meta.editors).toEqual(['郭婕', '王丽']);
    expect(tree?.meta.distribution.报).toEqual(['省委办公厅', '团中央办公厅']);
    expect(messages).toEqual([
      { line: 4, fatal: false, rule: 'front-matter-list-typing', reason: '「责编」的列表用了全角符号「［」「，」「］」，已读作 2 项：请写成「责编: [郭婕, 王丽]」。' },
      { line: 5, fatal: false, rule: 'front-matter-list-typing', reason: '「报」的列表用了全角符号「【」「，」「】」，已读作 2 项：请写成「报: [省委办公厅, 团中央办公厅]」。' },
    ]);
  });

  it('splits ASCII brackets on ，；and keeps 、 inside one recipient', () => {
    const { tree, messages } = issue({ 责编: '责编: [郭婕；王丽]', 发: '发: [市级团委，团省委机关各部门、直属事业单位]' });
    expect(tree?.meta.editors).toEqual(['郭婕', '王丽']);
    expect(tree?.meta.distribution.发).toEqual(['市级团委', '团省委机关各部门、直属事业单位']);
    expect(messages.map((m) => m.reason)).toEqual([
      '「责编」的列表用了全角符号「；」，已读作 2 项：请写成「责编: [郭婕, 王丽]」。',
      '「发」的列表用了全角符号「，」，已读作 2 项：请写成「发: [市级团委, 团省委机关各部门、直属事业单位]」。',
    ]);
  });

  it('leaves canonical lists, lists over several lines and 、 alone', () => {
    const { tree, messages } = issue({ 报: '报: [省委办公厅,\n  团中央办公厅]', 发: '发: [市级团委, 团省委机关各部门、直属事业单位]' });
    expect(messages).toEqual([]);
    expect(tree?.meta.distribution.报).toEqual(['省委办公厅', '团中央办公厅']);
  });

  it('names a bracket it cannot read as a list, with the line to write', () => {
    for (const line of ['报: 【省委办公厅】，【团中央办公厅】', '报: 【省委办公厅，团中央办公厅', '报: "【省委办公厅，团中央办公厅】"', '报:\n  - 【省委办公厅】\n  - 团中央办公厅']) {
      const { messages } = issue({ 报: line });
      expect(messages, line).toEqual([
        { line: 5, fatal: true, rule: 'front-matter-list-bracket', reason: '「报」的值里有括号「【」，无法读成列表：列表只用半角方括号包住整个列表，请写成「报: [省委办公厅, 团中央办公厅]」。' },
      ]);
    }
  });

  it('a real build prints no bracket in the page and reports the canonical lines', () => {
    const r = buildEdited((text) => text.replace('责编: 郭婕', '责编: ［郭婕，王丽］').replace(/^报: .*$/m, '报: 【省委办公厅，团中央办公厅】'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('11.md:4:5  警告  「责编」的列表用了全角符号「［」「，」「］」，已读作 2 项：请写成「责编: [郭婕, 王丽]」。');
    const page = readSite(r.target).get('/issues/2022/11/')!;
    expect(page.document.querySelector('.editors')?.textContent).toBe('责编：郭婕、王丽');
    const distribution = page.document.querySelector('.distribution')?.textContent ?? '';
    expect(distribution.replace(/\s+/g, '')).toContain('报：省委办公厅，团中央办公厅');
    expect(page.text).not.toMatch(/[［］【】]/);
  });
});

describe('a colon typed after a key', () => {
  it('names the full-width colon 「：」 with its line and the corrected line, for any line', () => {
    const { messages } = issue({ 期号: '期号：〔2022〕第11期', 发: '发：【市级团委，团省委机关各部门、直属事业单位】' });
    expect(messages).toEqual([
      { line: 2, fatal: true, rule: 'front-matter-colon', reason: '第 2 行的键后用了全角冒号「：」：请改成半角冒号加空格，写成「期号: 〔2022〕第11期」。' },
      { line: 7, fatal: true, rule: 'front-matter-colon', reason: '第 7 行的键后用了全角冒号「：」：请改成半角冒号加空格，写成「发: [市级团委, 团省委机关各部门、直属事业单位]」。' },
    ]);
  });

  it('names a missing space after an ASCII colon, which YAML reads as one word', () => {
    const { messages } = issue({ 期号: '期号:〔2022〕第11期' });
    expect(messages).toEqual([
      { line: 2, fatal: true, rule: 'front-matter-colon', reason: '第 2 行「期号」的冒号后缺少空格，整行会被读成一个词：请写成「期号: 〔2022〕第11期」。' },
    ]);
  });

  it('still reports the other lines’ problems in the same check', () => {
    const { messages } = issue({ 期号: '期号：〔2022〕第11期', 日期: '日期: 2022-02-30' });
    expect(messages.map((m) => m.rule)).toEqual(['front-matter-colon', 'front-matter-invalid']);
  });
});

describe('a list key with nothing after it', () => {
  it('says 送 is empty and suggests 「送: []」, which is accepted', () => {
    expect(issue({ 送: '送: ' }).messages).toEqual([
      { line: 6, fatal: true, rule: 'front-matter-empty', reason: '「送」是空的：确实没有就写成「送: []」，否则请写成列表「送: [省直有关单位, 各市党委政府]」。' },
    ]);
    const empty = issue({ 送: '送: []' });
    expect(empty.messages).toEqual([]);
    expect(empty.tree?.meta.distribution.送).toEqual([]);
  });

  it('does not offer [] for 责编, which may not be empty', () => {
    expect(issue({ 责编: '责编:' }).messages).toEqual([
      { line: 4, fatal: true, rule: 'front-matter-empty', reason: '「责编」是空的：请写成「责编: 郭婕」，多人写成列表「责编: [甲, 乙]」。' },
    ]);
  });
});

describe('placeholders of the yaoxun new template', () => {
  it('an untouched new file warns about each placeholder on its line; check still exits 0', () => {
    const content = copyContent('typing-new');
    const file = yaoxun(['new', '--content', content]).stdout.match(/\S+\.md/)![0];
    const lines = readFileSync(file, 'utf8').split('\n');
    const r = yaoxun(['check', '--content', content, file]);
    expect(r.code, r.stdout).toBe(0);
    const reported = r.stdout.split('\n').filter((l) => l.includes('[template-placeholder]'));
    // Every placeholder the template wrote (责编 follows the archive here, so not 责编姓名) is named on its line.
    const expected = lines.flatMap((line, i) =>
      Object.values(PLACEHOLDERS).filter((p) => line.includes(p.text)).map((p) => `第 ${i + 1} 行仍是模板的占位文字「${p.text}」：请换成${p.write}。`),
    );
    expect(expected.length).toBeGreaterThanOrEqual(Object.keys(PLACEHOLDERS).length - 1);
    expect(reported.map((l) => l.split('  ')[3])).toEqual(expected);
    expect(r.stdout).toContain(`仍是模板的占位文字「团××县委」：请换成报送单位，例如「团盂县县委」。`);
  });
});

describe('an article without a title', () => {
  it('is an error naming the line and the fix, for text before the first # and for an empty #', () => {
    const before = issue({}, '\n编者按：按语。\n\n团盂县县委：标题\n\n正文。\n\n# 团阳城县委：第二篇\n\n正文。\n');
    expect(before.messages).toEqual([
      { line: 12, fatal: true, rule: 'article-no-title', reason: '第 12 行起的正文没有文章标题：请在文章开头加一行标题，例如「# 团盂县县委：……」；编者按须是正文第一段，以「编者按：」开头。' },
    ]);
    const empty = issue({}, '\n#\n\n正文。\n');
    expect(empty.messages).toEqual([
      { line: 10, fatal: true, rule: 'article-no-title', reason: '第 10 行的文章标题是空的：请在「#」后写上标题，例如「# 团盂县县委：……」。' },
    ]);
  });

  it('a comment before the first # is not an article', () => {
    expect(issue({}, '\n<!-- 待核对 -->\n' + BODY).messages).toEqual([]);
  });

  it('stops the build and leaves the last good site as it was', () => {
    const good = buildEdited((text) => text);
    expect(good.code, good.stderr).toBe(0);
    const page = path.join(good.target, 'issues', '2022', '11', 'index.html');
    const before = readFileSync(page, 'utf8');
    const r = buildEdited((text) => text.replace('# 团孟县县委：', '团孟县县委：'), good.target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/11\.md:13:1 {2}错误 {2}第 13 行起的正文没有文章标题：请在文章开头加一行标题，例如「# 团盂县县委：……」/);
    expect(readFileSync(page, 'utf8')).toBe(before);
  });
});

describe('paragraphs typed as in Word', () => {
  const paragraphs = (tree: Issue | undefined) => (tree?.children[0].type === 'article' ? tree.children[0].children : []).map((c) => (c.type === 'paragraph' ? c.children.map((t) => ('value' in t ? t.value : t.type)).join('') : c.type));

  it('reads each line as a paragraph, as Word does, and says so once with the first place and the canonical form', () => {
    // The --- block takes lines 1–8, a blank line and the title 9–10, a blank line 11: the paragraph starts at line 12.
    const { tree, messages } = issue({}, '\n# 团盂县县委：标题\n\n第一段。\n第二段，**加粗**的字。\n第三段。\n\n第四段。\n第五段。\n');
    expect(paragraphs(tree)).toEqual(['第一段。', '第二段，strong的字。', '第三段。', '第四段。', '第五段。']);
    expect(messages).toEqual([
      { line: 12, fatal: false, rule: 'paragraph-lines', reason: '第 12 行起的 3 行之间没有空行，已按 Word 的习惯每行算作一段（全文共 2 处）：请在段与段之间空一行；若几行本是一段，请把它们接成一行。' },
    ]);
  });

  it('drops a first-line indent typed by hand (full-width spaces, a tab, four spaces) instead of printing code or a double indent', () => {
    const { tree, messages } = issue({}, '\n# 　　团盂县县委：标题\n\n　　全角空格。\n\n\t制表符。\n\n    四个空格。\n');
    expect(tree?.children[0].type === 'article' && tree.children[0].unit).toBe('团盂县县委');
    expect(paragraphs(tree)).toEqual(['全角空格。', '制表符。', '四个空格。']);
    expect(messages).toEqual([]);
  });

  it('places a problem on a later line of such a paragraph where it is', () => {
    const file = readSource('typed.md', 'issue', Buffer.from(['---', ...FRONT, '---', '\n# 团盂县县委：标题\n\n第一段。\n　　第二段有注释[^9]。\n'].join('\n')));
    parseDocument(file, '.');
    expect(file.messages.find((m) => m.ruleId === 'footnote-undefined')).toMatchObject({ line: 13, column: 9 });
  });

  it('reads a numbered heading typed as a line of its own as the heading it is, and says so once with the line to write', () => {
    const { tree, messages } = issue({}, '\n# 团盂县县委：标题\n\n开头。\n\n一、高位谋划，凝聚工作合力\n\n一是理顺体系。\n\n（一）加强组织建设\n\n正文。\n\n二、这一段有句号，不是标题。\n');
    const article = tree?.children[0].type === 'article' ? tree.children[0] : undefined;
    const section = article?.children.find((c) => c.type === 'section');
    expect(section?.type === 'section' && [section.ordinal, section.children.map((c) => c.type)]).toEqual([1, ['point', 'subSection']]);
    // A line with a full stop is a paragraph that happens to start with 二、, not a heading.
    expect(article?.children.filter((c) => c.type === 'section')).toHaveLength(1);
    expect(messages).toEqual([
      { line: 14, fatal: false, rule: 'heading-line', reason: '第 14 行的标题没有写「#」，已按标题排版（全文共 2 处）：请写成「## 一、高位谋划，凝聚工作合力」。' },
    ]);
  });

  it('prints as paragraphs in a real build, with no code block and no hand-typed indent', () => {
    const { code, stderr, target } = buildEdited((text) => text.replace('二十大报告指出', '\t二十大报告指出').replace('一是理顺工作体系。', '　　一是理顺工作体系。'));
    expect(code, stderr).toBe(0);
    const page = readSite(target).get('/issues/2022/11/')!;
    expect(page.document.querySelector('pre')).toBeNull();
    expect(page.html).not.toContain('\u3000一是');
  });
});
