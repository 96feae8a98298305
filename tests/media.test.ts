// Footnotes and local images, as editors write them: a copy of the bundled content with an issue of
// two articles that both number their notes from [^1], an image beside it and an article file with a
// note, built for real under a sub-path and opened in Chromium.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAxe, seriousViolations, useServedSite } from './browser.ts';
import { type BuiltPage, copyContent, htmlProblems, ISSUE_FRONT_MATTER, png, readSite, tempDir, yaoxun } from './helpers.ts';



const ISSUE = `${ISSUE_FRONT_MATTER}
编者按：本期刊发两地经验。

# 团阳城县委：青年之家覆盖全部乡镇

阳城建成青年之家 28 家[^1]，覆盖全部乡镇[^2]，比上年多 6 家[^1]。

![阳城县青年之家外景](images/photo.png)

[^1]: 数据截至 2022 年底，由县团委统计。
[^2]: 含社区青年之家 5 家。

# 团盂县县委：团代表联络站进社区

盂县设立团代表联络站 12 个[^1]。

[^1]: 联络站依托“蒲公英驿站”设立。
`;

const ARTICLE = `---
标题: 晋城青年之家见闻
日期: 2023-02-01
来源: 晋城日报
---

晋城的青年之家[^来源]开放到晚上九点。

[^来源]: 据晋城市团委介绍。
`;

const PHOTO = png(3, 2);

/** A content folder holding only `files` (path inside the folder → text or bytes). */
function contentWith(files: Record<string, string | Buffer>): string {
  const content = path.join(tempDir('media-content'), 'content');
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(content, name)), { recursive: true });
    writeFileSync(path.join(content, name), data);
  }
  return content;
}

/** Builds a content folder that must fail into an output folder that already holds a served.site. */
function buildFails(content: string) {
  const out = path.join(tempDir('media-out'), 'site');
  mkdirSync(out);
  writeFileSync(path.join(out, 'index.html'), 'last good site');
  const r = yaoxun(['build', '--content', content, '--out', out]);
  expect(r.code, r.stderr).toBe(1);
  expect(readdirSync(out)).toEqual(['index.html']);
  expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('last good site');
  return r.stderr;
}

const BASE = '/archive/';
const served = useServedSite(BASE, () => {
  const content = copyContent('media');
  mkdirSync(path.join(content, 'issues', '2023', 'images'), { recursive: true });
  writeFileSync(path.join(content, 'issues', '2023', '01.md'), ISSUE);
  writeFileSync(path.join(content, 'issues', '2023', 'images', 'photo.png'), PHOTO);
  writeFileSync(path.join(content, 'issues', '2023', 'images', 'unused.png'), png(1, 1));
  writeFileSync(path.join(content, 'articles', 'jincheng-jianwen.md'), ARTICLE);
  return content;
});
let pages: Map<string, BuiltPage>;
beforeAll(() => {
  pages = readSite(served.site.out);
});

/** What an article holds last of its own text: the 相关经验 list after it is the site's, not the article's. */
const lastOfText = (article: Element) => [...article.children].filter((child) => !child.matches('.related-experience')).at(-1);

describe('footnotes', () => {
  it('are printed at the end of the article that cites them, numbered per article, with links both ways', () => {
    const { document } = pages.get('/issues/2023/01/')!;
    const pieces = [...document.querySelectorAll('article.piece')];
    expect(pieces.map((p) => p.querySelector('h2')?.textContent)).toEqual(['团阳城县委：青年之家覆盖全部乡镇', '团盂县县委：团代表联络站进社区']);
    const notesOf = (piece: Element) => [...piece.querySelectorAll('.notes li')].map((li) => li.textContent!.replace(/\s|↩\d?/g, ''));
    // The last of each article's text, before the next article and the 报/送/发 block (only the site's
    // 相关经验 list, which is not the article's text, may follow).
    for (const piece of pieces) expect(lastOfText(piece)?.matches('.notes'), piece.outerHTML).toBe(true);
    expect(notesOf(pieces[0])).toEqual(['①数据截至2022年底，由县团委统计。', '②含社区青年之家5家。']);
    expect(notesOf(pieces[1])).toEqual(['①联络站依托“蒲公英驿站”设立。']);
    expect(pieces[0].querySelector('.notes h3')?.textContent).toBe('注释');
    expect([...pieces[0].querySelectorAll('a[data-footnote-ref]')].map((a) => a.textContent)).toEqual(['①', '②', '①']);
    expect(document.querySelector('main')!.textContent).not.toContain('[^');
    // The mark sits on the character it follows: a line break around it would show as a space in Chinese.
    expect(pieces[0].querySelector('p')!.innerHTML).toMatch(/28 家<sup>.*<\/sup>，覆盖全部乡镇<sup>/);

    // Every reference leads to its note in the same article, and every note back to each reference.
    const refs = [...document.querySelectorAll('a[data-footnote-ref]')];
    expect(refs).toHaveLength(4);
    for (const ref of refs) {
      const note = document.getElementById(ref.getAttribute('href')!.slice(1))!;
      expect(note.closest('article.piece')).toBe(ref.closest('article.piece'));
      expect([...note.querySelectorAll('a.note-back')].map((a) => a.getAttribute('href'))).toContain(`#${ref.id}`);
    }
    for (const back of document.querySelectorAll('a.note-back')) expect(document.getElementById(back.getAttribute('href')!.slice(1))?.matches('a[data-footnote-ref]')).toBe(true);

    // Both articles number from [^1]; no anchor is used twice on the page.
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('in an article file are printed at its end too', () => {
    const { document } = pages.get('/articles/jincheng-jianwen/')!;
    const article = document.querySelector('article.standalone')!;
    expect(lastOfText(article)?.matches('.notes')).toBe(true);
    const ref = article.querySelector('a[data-footnote-ref]')!;
    expect(ref.textContent).toBe('①');
    expect(document.getElementById(ref.getAttribute('href')!.slice(1))?.textContent).toContain('据晋城市团委介绍。');
  });

  it('are valid HTML and pass the accessibility audit', async () => {
    expect(await htmlProblems(pages.values())).toEqual([]);
    const context = await served.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${served.site.url}issues/2023/01/`);
    expect(seriousViolations('/issues/2023/01/', await runAxe(page))).toEqual([]);
    await context.close();
  });

  it('jump to their note and back in Chromium, and print small after their article with no way back shown', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.site.url}issues/2023/01/`);
    await page.locator('#a2 ~ * a[data-footnote-ref]').first().click();
    await page.waitForFunction(() => location.hash === '#a2-fn1');
    expect(await page.locator('#a2-fn1').isVisible()).toBe(true);
    await page.locator('#a2-fn1 a.note-back').click();
    await page.waitForFunction(() => location.hash === '#a2-fnref1');
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const note = document.querySelector('#a1-fn1')!;
      const text = document.querySelector('.piece > p')!;
      return {
        noteSize: parseFloat(getComputedStyle(note).fontSize),
        textSize: parseFloat(getComputedStyle(text).fontSize),
        notesShown: getComputedStyle(note.closest('.notes')!).display !== 'none',
        backShown: getComputedStyle(note.querySelector('.note-back')!).display !== 'none',
      };
    });
    expect(printed.notesShown).toBe(true);
    expect(printed.noteSize).toBeLessThan(printed.textSize);
    expect(printed.backShown).toBe(false);
    await page.close();
  });

  it('are searchable: a word found only in a note leads to the notes of the article that cites it', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.site.url}search/?q=${encodeURIComponent('蒲公英驿站')}`);
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    const links = await page.locator('.result h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    // Pagefind drops a word a bundle does not know, so another bundle may answer for the rest of the
    // query (驿站); the note holding the whole query comes first.
    expect(links[0]).toBe(`${BASE}issues/2023/01/#a2-notes`);
    await page.close();
  });

  it('that cannot be printed right stop the build, or warn, with the place and the fix', () => {
    const stderr = buildFails(contentWith({ 'issues/2023/01.md': `${ISSUE_FRONT_MATTER}\n# 团阳城县委：示例\n\n正文[^3]，又[^4]。\n\n[^4]：全角冒号写的注释。\n\n[^5]: 没有引用的注释。\n` }));
    const file = path.join('issues', '2023', '01.md');
    expect(stderr).toContain(`${file}:12:3  错误  注释「[^3]」没有内容：请在这篇文章末尾另起一行写「[^3]: 注释内容」，或删去正文中的「[^3]」。  [footnote-undefined]`);
    expect(stderr).toContain(`${file}:14:1  错误  注释要用半角冒号：请把「[^4]：」改为「[^4]: 」（英文冒号后空一格）。  [footnote-colon]`);
    expect(stderr).toContain(`${file}:16:1  警告  注释「[^5]」在正文中没有引用，不会印出：请在正文相应位置写上「[^5]」，或删去这条注释。  [footnote-unused]`);
    expect(stderr).not.toContain('[^4]」没有内容');
  });
});

describe('local images', () => {
  it('are copied into the site under /media/, linked relatively from the page; images no page shows are not', () => {
    const img = pages.get('/issues/2023/01/')!.document.querySelector('.piece img')!;
    expect(img.getAttribute('src')).toBe('../../../media/issues/2023/images/photo.png');
    expect(img.getAttribute('alt')).toBe('阳城县青年之家外景');
    expect(readFileSync(path.join(served.site.out, 'media', 'issues', '2023', 'images', 'photo.png')).equals(PHOTO)).toBe(true);
    expect(existsSync(path.join(served.site.out, 'media', 'issues', '2023', 'images', 'unused.png'))).toBe(false);
  });

  it('load in Chromium and print within the page', async () => {
    const page = await served.browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${served.site.url}issues/2023/01/`);
    const img = page.locator('.piece img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.piece img')?.complete);
    expect(await img.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight])).toEqual([3, 2]);
    await page.emulateMedia({ media: 'print' });
    expect(await img.evaluate((i) => getComputedStyle(i).maxWidth)).toBe('100%');
    expect(failed).toEqual([]);
    await page.close();
  });

  it('that are missing stop the build with the file, line and column, and the site is left as it was', () => {
    const content = contentWith({ 'issues/2023/01.md': `${ISSUE_FRONT_MATTER}\n# 团阳城县委：示例\n\n正文。\n\n见图：![外景](images/photo.jpg)\n` });
    const stderr = buildFails(content);
    expect(stderr).toContain(`${path.join('issues', '2023', '01.md')}:14:4  错误  找不到图片 images/photo.jpg（在 ${path.join(content, 'issues', '2023')}/ 下）：请把图片放到该位置，或改正路径。  [image-missing]`);
  });

  it('from another website, outside the content folder, given by absolute path or as SVG stop the build and say why', () => {
    const stderr = buildFails(
      contentWith({
        'issues/2023/01.md': `${ISSUE_FRONT_MATTER}\n# 团阳城县委：示例\n\n![外景](https://example.com/a.png)\n\n![外景](../../../photo.png)\n\n![外景](/home/photo.png)\n\n![图表](images/chart.svg)\n`,
        'issues/2023/images/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '../photo.png': PHOTO,
      }),
    );
    expect(stderr).toContain('01.md:12:1  错误  图片「https://example.com/a.png」在其他网站上，不能使用：本站网页不从其他网站加载任何内容（内网读者打不开，也会让读者的浏览器访问外网）。请把图片下载后放到这个文件旁边的 images 文件夹中，写成「![外景](images/a.png)」。  [image-remote]');
    expect(stderr).toMatch(/01\.md:14:1 {2}错误 {2}图片「\.\.\/\.\.\/\.\.\/photo\.png」在内容文件夹 \S+\/content\/ 之外，发布时不会带上：请把图片复制到 \S+\/content\/ 中（如这个文件旁边的 images 文件夹），再改正路径。 {2}\[image-outside\]/);
    expect(stderr).toMatch(/01\.md:16:1 {2}错误 {2}图片路径「\/home\/photo\.png」是绝对路径：请写从这个文件所在的文件夹算起的相对路径，如「!\[外景\]\(images\/photo\.png\)」，图片须放在内容文件夹 \S+\/content\/ 中。 {2}\[image-path\]/);
    expect(stderr).toContain('01.md:18:1  错误  图片「images/chart.svg」是 SVG 文件：SVG 可以夹带脚本，本站不发布。请导出为 PNG 后再用。  [image-type]');
  });

  it('in pasted web-page code are left out of the page, with a warning saying how to write them', () => {
    const content = contentWith({ 'issues/2023/01.md': `${ISSUE_FRONT_MATTER}\n# 团阳城县委：示例\n\n<p>外景：<img src="images/photo.png" alt="外景"></p>\n` });
    const out = path.join(tempDir('media-html'), 'site');
    const r = yaoxun(['build', '--content', content, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('01.md:12:1  警告  粘贴的网页代码中有图片（<img …>），网页上不会显示');
    expect(r.stderr).toContain('[image-html]');
    const page = readFileSync(path.join(out, 'issues', '2023', '01', 'index.html'), 'utf8');
    expect(page).not.toContain('<img');
    expect(page).toContain('外景：外景');
  });

  it('without a description are a warning with the way to write one; a changed image is published by the next build', () => {
    const content = contentWith({ 'issues/2023/01.md': `${ISSUE_FRONT_MATTER}\n# 团阳城县委：示例\n\n![](images/photo.png)\n`, 'issues/2023/images/photo.png': PHOTO });
    const out = path.join(tempDir('media-warm'), 'site');
    const args = ['build', '--content', content, '--out', out];
    const first = yaoxun(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('01.md:12:1  警告  图片没有说明文字：请写成「![图片说明](images/photo.png)」，方括号里写图片的内容；读屏软件会读出它，图片打不开时也显示它。  [image-alt]');
    expect(yaoxun(args).stdout).toContain('已是最新');
    const changed = png(4, 4);
    writeFileSync(path.join(content, 'issues', '2023', 'images', 'photo.png'), changed);
    expect(yaoxun(args).stdout).toContain('已生成');
    expect(readFileSync(path.join(out, 'media', 'issues', '2023', 'images', 'photo.png')).equals(changed)).toBe(true);
  });
});
