// A standalone's URL comes from its file name in articles/, so a name must be lower-case ASCII and
// unique whatever the file system's case rules: checked through the real command line on a copy of
// the bundled content.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, tempDir, yaoxun } from './helpers.ts';

const ARTICLE = '---\n标题: 洪洞县青年志愿服务\n日期: 2022-05-01\n---\n\n洪洞县团委组织青年志愿者。\n';

function contentWith(names: string[]) {
  const content = copyContent('names');
  for (const name of names) writeFileSync(path.join(content, 'articles', name), ARTICLE);
  return content;
}

describe('article file names', () => {
  it('refuses two names that differ only in case, suggesting a free lower-case name', () => {
    const content = contentWith(['hongtong.md', 'HongTong.md']);
    const upper = path.join(content, 'articles', 'HongTong.md');
    const r = yaoxun(['build', '--content', content, '--out', path.join(tempDir('names-out'), 'site')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${upper}  错误  文章文件名「HongTong.md」含大写字母，而且与「hongtong.md」只差大小写（在 Windows 和 macOS 上两者是同一个文件）：网址取自文件名，只能用小写字母、数字和连字符，请改名为「hongtong-2.md」。  [article-file-name]`);
    expect(r.stderr).not.toMatch(/hongtong\.md {2}错误/);
  });

  it('refuses upper case, spaces and Chinese characters, suggesting the pinyin name', () => {
    const content = contentWith(['Hongtong.md', '洪洞 青年.md', 'hong_tong.md']);
    const r = yaoxun(['check', '--content', content]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('文章文件名「Hongtong.md」含大写字母：网址取自文件名，只能用小写字母、数字和连字符，请改名为「hongtong.md」。  [article-file-name]');
    expect(r.stdout).toContain('文章文件名「洪洞 青年.md」含空格、汉字：网址取自文件名，只能用小写字母、数字和连字符，请改名为「hongtong-qingnian.md」。');
    expect(r.stdout).toContain('文章文件名「hong_tong.md」含其他符号：网址取自文件名，只能用小写字母、数字和连字符，请改名为「hong-tong.md」。');
    expect(r.stdout).toMatch(/3 个错误/);
  });

  it('accepts the suggested names', () => {
    const content = contentWith(['hongtong-qingnian.md', '2022-hongtong.md']);
    const r = yaoxun(['check', '--content', content]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('article-file-name');
  });
});
