// Parser fixtures: each Markdown file beside the tree `yaoxun inspect` must print for it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/load/loadContent.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { countyCoded } from '../src/places/divisions.ts';
import { proseHtml } from '../src/render/prose.ts';
import type { Issue } from '../src/types.ts';
import { expectFixture } from './helpers.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'parse');

describe('bulletin tree fixtures', () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    it(name, () => {
      const file = readSource(path.join(dir, name), 'issue');
      const tree = parseDocument(file, dir).doc;
      expect(file.messages.map((m) => m.reason)).toEqual([]);
      expectFixture(path.join(dir, name.replace(/\.md$/, '.json')), JSON.stringify(tree, null, 2) + '\n');
    });
  }
});

describe('the bundled issues', () => {
  const parse = (p: string) => {
    const file = readSource(p, 'issue');
    return { file, tree: parseDocument(file, 'content').doc as Issue };
  };

  it('〔2022〕第11期: editor note, one article, three numbered sections of three points each', () => {
    const { tree } = parse('content/issues/2022/11.md');
    expect(tree.meta.issue).toEqual({ year: 2022, number: 11, label: '〔2022〕第11期' });
    expect(tree.meta.date).toBe('2022-12-13');
    expect(tree.children.map((c) => c.type)).toEqual(['editorNote', 'article']);
    const article = tree.children[1];
    if (article.type !== 'article') throw new Error('no article');
    const sections = article.children.filter((c) => c.type === 'section');
    expect(sections.map((s) => s.type === 'section' && s.ordinal)).toEqual([1, 2, 3]);
    for (const s of sections) {
      if (s.type !== 'section') continue;
      expect(s.children.filter((c) => c.type === 'point').map((p) => p.type === 'point' && p.ordinal)).toEqual([1, 2, 3]);
      expect(s.position?.start.line).toBeGreaterThan(10);
    }
    expect(article.unit).toBe('团孟县县委');
  });

  it('warns that 孟县 is not a county and suggests 盂县, without making it one', () => {
    const { file, tree } = parse('content/issues/2022/11.md');
    const [warning] = file.messages;
    expect(warning.fatal).toBe(false);
    expect(warning.ruleId).toBe('unit-county-mistyped');
    expect(warning.reason).toContain('是否应为「盂县」');
    expect(warning.line).toBe(13);
    const article = tree.children[1];
    expect(article.type === 'article' && countyCoded(article.county!)?.name).toBe('盂县');
  });

  it('〔2022〕第9期: two articles, the 专刊 label, sub-sections numbered 1. 2.', () => {
    const { file, tree } = parse('content/issues/2022/09.md');
    expect(file.messages).toEqual([]);
    expect(tree.meta.special).toBe('县域共青团基层组织改革工作专刊');
    const articles = tree.children.filter((c) => c.type === 'article');
    expect(articles.map((a) => a.type === 'article' && countyCoded(a.county!)?.name)).toEqual(['阳城县', '榆次区']);
  });
});

describe('prose', () => {
  it('closes **编者按：** next to CJK punctuation, which CommonMark leaves open', () => {
    const file = readSource('x.md', 'standalone', Buffer.from('---\n标题: 测试\n---\n\n**编者按：**党的十八大以来。\n'));
    const tree = parseDocument(file, '.').doc!;
    const html = proseHtml(tree.children as never);
    expect(html).toBe('<p><strong>编者按：</strong>党的十八大以来。</p>');
  });

  it('keeps tables and emphasis but drops scripts, handlers, frames and remote images', () => {
    const md = '---\n标题: 测试\n---\n\n<p onclick="x()">段落<script>alert(1)</script></p>\n\n<iframe src="https://evil.example/"></iframe>\n\n<img src="https://evil.example/a.png"><img src="/assets/a.png" alt="本站图片">\n\n[链接](javascript:alert(1))\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n';
    const tree = parseDocument(readSource('x.md', 'standalone', Buffer.from(md)), '.').doc!;
    const html = proseHtml(tree.children as never);
    expect(html).not.toMatch(/script|onclick|iframe|evil\.example|javascript:/);
    expect(html).toContain('<table>');
    // A pasted <img> shows only as an image the parse stage checked (/media/…): this one would break under a sub-path.
    expect(html).not.toContain('<img');
    expect(html).toContain('本站图片');
  });
});
