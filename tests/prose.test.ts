// Prose → HTML (src/render/prose.ts): prose without raw HTML skips rehype-raw, and must come out as it would through it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Parent, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check.ts';
import { proseHtml } from '../src/render/prose.ts';
import { copyContent, ISSUE_FRONT_MATTER } from './helpers.ts';

/** What an editor writes beside plain paragraphs: notes, tables, lists, quotes, code, breaks, links, marks. */
const BODY = `
**编者按：**编者按含*强调*、\`代码\`和注释[^1]。

[^1]: 编者按的注释，含[链接](http://example.com/a?b=1&c=2)。

# 团阳城县委开展试点工作

第一段含**加粗**、~~删除~~和换行  
第二行，还有注释[^a]与第二个注释[^b]；符号 & < > " ' 照原样。

| 项目 | 数量 |
| --- | ---: |
| 青年之家 | 28 |

- 列表一
- 列表二
  1. 子项
  2. 子项二

> 引用的话。

---

    缩进的代码

[^a]: 第一个注释，[链接](https://a.example/)。
[^b]: 第二个注释。
`;

const BLOCKS = new Set(['paragraph', 'list', 'table', 'blockquote']);

/** A copy of `node` with an empty raw HTML node in its first paragraph or table cell: it shows nothing, but sends the prose through rehype-raw. */
function withEmptyRaw(node: RootContent): RootContent {
  const copy = structuredClone(node);
  let added = false;
  visit(copy as Nodes, (n) => {
    if (added || !['paragraph', 'tableCell'].includes(n.type)) return;
    (n as Parent).children.push({ type: 'html', value: '' });
    added = true;
  });
  return copy;
}

describe('prose', () => {
  it('converts prose without raw HTML as rehype-raw would: every block of an issue written with notes, a table, lists and a quote', () => {
    const content = copyContent('prose');
    writeFileSync(path.join(content, 'issues', '2022', '12.md'), ISSUE_FRONT_MATTER.replace('〔2023〕第1期', '〔2022〕第12期').replace('2023-01-10', '2022-12-20') + BODY);
    const { site, errors } = checkContent(content);
    expect(errors).toBe(0);
    let compared = 0;
    const types = new Set<string>();
    for (const material of site.materials) {
      visit(material.doc as unknown as Nodes, (node) => {
        if (!BLOCKS.has(node.type)) return;
        const block = node as RootContent;
        const raw = withEmptyRaw(block);
        if (JSON.stringify(raw) === JSON.stringify(block)) return;
        expect(proseHtml(block)).toBe(proseHtml(raw));
        types.add(block.type);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(50);
    expect([...types].sort()).toEqual(['blockquote', 'list', 'paragraph', 'table']);
  });
});
