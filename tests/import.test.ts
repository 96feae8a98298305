// yaoxun import: the samples become exactly the bundled content, variants it was not tuned on come
// out right, and nothing is ever overwritten without --force.
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSource } from '../src/import/importSource.ts';
import { root, tempDir, yaoxun } from './helpers.ts';

// The raw samples from the archive's owners, kept verbatim.
const samples = path.join(root, 'tests', 'fixtures', 'samples');
const fixtures = path.join(root, 'tests', 'fixtures', 'import');
const listed = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.md')).sort();

describe('the samples', () => {
  it('import into exactly what content/ holds, which passes check', () => {
    const out = path.join(tempDir('import'), 'content');
    const r = yaoxun(['import', samples, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(listed(out)).toEqual(listed(path.join(root, 'content')));
    for (const file of listed(out)) expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(readFileSync(path.join(root, 'content', file), 'utf8'));
    expect(r.stdout).toMatch(/000_e00691e25a339d5b\.txt +简报 +.*issues\/2022\/11\.md +1 +已写入/);
    expect(r.stdout).toContain('「孟县」不是山西的县级行政区，按正文中的「盂县」处理');
    expect(r.stdout).toContain('识别：来源 中国青年报');
    cpSync(path.join(root, 'content', 'themes.yaml'), path.join(out, 'themes.yaml'));
    expect(yaoxun(['check', '--content', out]).code).toBe(0);
  });

  it('a second import without --force fails and changes nothing; with --force it writes', () => {
    const out = path.join(tempDir('reimport'), 'content');
    expect(yaoxun(['import', samples, '--out', out]).code).toBe(0);
    const issue = path.join(out, 'issues', '2022', '11.md');
    writeFileSync(issue, '编辑改过的版本');
    const before = statSync(issue).mtimeMs;
    const again = yaoxun(['import', path.join(samples, '000_e00691e25a339d5b.txt'), '--out', out]);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toContain('已存在，未覆盖');
    expect(again.stdout).toContain('原文件未改动；确认要替换时加 --force');
    expect(readFileSync(issue, 'utf8')).toBe('编辑改过的版本');
    expect(statSync(issue).mtimeMs).toBe(before);
    expect(yaoxun(['import', path.join(samples, '000_e00691e25a339d5b.txt'), '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(issue, 'utf8')).toBe(readFileSync(path.join(root, 'content', 'issues', '2022', '11.md'), 'utf8'));
  });

  it('importing a canonical file changes nothing', () => {
    const out = path.join(tempDir('canonical'), 'content');
    cpSync(path.join(root, 'content'), out, { recursive: true });
    const file = path.join(out, 'issues', '2022', '09.md');
    const before = statSync(file).mtimeMs;
    const r = yaoxun(['import', file, path.join(out, 'articles', 'jincheng-yixian-yipin.md'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('无变化');
    expect(statSync(file).mtimeMs).toBe(before);
    expect(importSource(readFileSync(file, 'utf8'))[0]).toMatchObject({ canonical: true, target: path.join('issues', '2022', '09.md') });
  });
});

describe('forms it was not tuned on', () => {
  for (const input of readdirSync(fixtures).filter((f) => !f.includes('.expected.'))) {
    it(input, () => {
      const result = importSource(readFileSync(path.join(fixtures, input), 'utf8'))[0];
      expect(result.text).toBe(readFileSync(path.join(fixtures, input.replace(/\.[a-z]+$/, '.expected.md')), 'utf8'));
    });
  }

  it('reads full-width digits, [2023] 第 3 期, dates with spaces, CRLF and 责　编 with a wide space', () => {
    const [result] = importSource(readFileSync(path.join(fixtures, 'variant-fullwidth-crlf.txt'), 'utf8'));
    expect(result.target).toBe(path.join('issues', '2023', '03.md'));
    expect(result.text).toMatch(/^期号: 〔2023〕第3期\n日期: 2023-03-08\n责编: 王丽\n/m);
    expect(result.text).not.toContain('\r');
    // A paragraph a page break split is whole again; run-in 一、 headings became headings.
    expect(result.text).toContain('设置阅读、培训、创业等功能区');
    expect(result.text).toContain('## 一、建好阵地\n\n一是选址进社区。');
    expect(result.text.match(/^# /gm)).toHaveLength(2);
    expect(result.warnings).toContain('版尾没有「送」：前言中写成「送: []」，请核对原件。');
  });

  it('joins a 报 list that wraps, keeps emphasis, and finds the county of 共青团…区委', () => {
    const [result] = importSource(readFileSync(path.join(fixtures, 'variant-brackets.md'), 'utf8'));
    expect(result.text).toContain('报: [省委办公厅, 省人大办公厅, 省政府办公厅]');
    expect(result.text).toContain('责编: [蔡孟好, 郭婕]');
    expect(result.text).toContain('**编者按：**');
    expect(result.text).toContain('县区: [太谷区]');
    expect(result.text).toContain('### 1.抓组织建设\n\n成立青农联');
  });

  it('turns a blog post’s HTML into paragraphs, without remote images', () => {
    const post = `---\ntitle: '团沁水县委：_青年夜校_开课'\ndate: 2023-05-04 09:30:00\n---\n<p>第一段。<img src="https://img.example/a.jpg"></p><p><strong>重点</strong>在基层。</p><p>来源：山西青年报</p>`;
    const [result] = importSource(post);
    expect(result.kind).toBe('article');
    expect(result.text).toContain('标题: 团沁水县委：“青年夜校”开课');
    expect(result.text).toContain('日期: 2023-05-04');
    expect(result.text).toContain('来源: 山西青年报');
    expect(result.text).toContain('县区: [沁水县]');
    expect(result.text).toContain('第一段。\n\n**重点**在基层。');
    expect(result.text).not.toMatch(/<|img\.example/);
    expect(result.warnings.join()).toContain('去掉了一张外部图片');
    expect(result.target).toBe(path.join('articles', 'qinshui-qingnian-yexiao.md'));
  });
});
