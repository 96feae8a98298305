// Spaces and paragraphs of a PDF (#22): a bulletin typed with real word-spaces in some places and
// none in others (「2022 年」 and 「2022年」, 「QQ 群」 and 「QQ群」, 「Word 文档和PDF文件」, 「Youth League」),
// body paragraphs over several lines with and without a first-line indent, written to PDF by a real
// LibreOffice. LibreOffice sets Asian–Latin spacing between 2022 and 年 whether or not a space was
// typed, so the text pdf.js positions has a gap at every such join; only typed spaces may come back.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalText } from '../src/import/sentences.ts';
import { officeForms, typedBulletin } from './officeDocs.ts';
import { tempDir, yaoxun } from './helpers.ts';

const SOURCE = `---
期号: 〔2022〕第12期
日期: 2022-12-20
责编: 郭婕
报: [省委办公厅, 团中央办公厅]
送: [团省委班子成员]
发: [市级团委]
---

编者按：2022年以来，全省各级团组织用好 QQ 群和微信群，把 Word 文档和PDF文件发到基层，共开展活动 1200 余场次。现编发其做法，供学习借鉴。

# 团太原市委：用好新媒体 服务 Youth League 工作

一、建好线上阵地。2022 年 3 月，团市委建立了 36 个QQ群，覆盖全市 10 个县（市、区）和 6 个开发区，每个群都有 2 名以上的管理员；群内每周发布 Word 文档形式的学习材料，并在 Windows 10 系统上统一排版，方便团员青年在手机上阅读。

二、讲好青年故事。团市委在 Youth League of China 的主题下征集稿件 300 余篇，其中英文稿件 25 篇，评出一等奖 3 名、二等奖 6 名；获奖作品在 12355 青少年服务台和“青春太原”微信公众号同步推出，阅读量累计达 8.6 万人次。

三、做好结对帮扶。全市 1,200 名团干部与 2400 名困难青少年结对，每人每月至少联系 1 次，全年发放助学金 45.5 万元，帮助 98% 的受助学生顺利完成学业。
`;

/** Letters, digits and the single spaces between them; Markdown marks, punctuation and line breaks out. */
const spaced = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/^#+ /gm, '')
    .replace(/\n+/g, '')
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/ +/g, ' ')
    .trim();

/** Spaces `b` has where `a`, the same letters, has none; each with the letters round it. */
function extraSpaces(a: string, b: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (let j = 0; j < b.length; j++) {
    if (b[j] === ' ') {
      if (a[i] === ' ') i++;
      else out.push(b.slice(Math.max(0, j - 4), j + 5));
    } else {
      if (a[i] === ' ') i++;
      i++;
    }
  }
  return out;
}

let body = '';
const source = SOURCE.split('---\n')[2];

beforeAll(() => {
  const dir = tempDir('pdf-spaces');
  const made = typedBulletin(SOURCE, 'spaces');
  // The second and fourth body blocks as block paragraphs: no first-line indent, as some offices type.
  let n = 0;
  const fodt = made.fodt
    .replace('</office:automatic-styles>', ' <style:style style:name="Flat" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/></style:style>\n</office:automatic-styles>')
    .replace(/text:style-name="Body"/g, (m) => (++n % 2 === 0 ? 'text:style-name="Flat"' : m));
  writeFileSync(path.join(dir, 'spaces.fodt'), fodt);
  officeForms(dir, [{ stem: 'spaces', forms: ['pdf'] }]);
  const r = yaoxun(['import', path.join(dir, 'spaces.pdf'), '--out', path.join(dir, 'content')]);
  expect(r.code, r.stdout).toBe(0);
  body = readFileSync(path.join(dir, 'content', 'issues', '2022', '12.md'), 'utf8').split('---\n')[2];
}, 180_000);

describe('a PDF typed with and without word-spaces', () => {
  it('has the same letters as its source', () => {
    expect(canonicalText(body)).toBe(canonicalText(source));
  });

  it('adds no space the source does not have (LibreOffice spacing between 2022 and 年 is not a space)', () => {
    expect(extraSpaces(spaced(source), spaced(body))).toEqual([]);
    for (const phrase of ['2022年以来', '用好 QQ 群', '把 Word 文档和PDF文件', '36 个QQ群', '2022 年 3 月', 'Youth League of China', '新媒体 服务']) expect(body).toContain(phrase);
  });

  it('keeps the spaces the source has, but those at the end of a line, which the PDF does not draw', () => {
    // LibreOffice draws no glyph for a space a line ends on: 「并在 Windows」 and 「League 工作」 break there.
    expect(extraSpaces(spaced(body), spaced(source)).length).toBeLessThanOrEqual(2);
  });

  it('keeps each paragraph whole, indented or not: none split at a line, none run into the next', () => {
    const paragraphs = body.trim().split(/\n\n+/).filter((b) => !b.startsWith('#')).map(canonicalText);
    const expected = source.trim().split(/\n\n+/).filter((b) => !b.startsWith('#')).map((b) => canonicalText(b.replace(/^[一二三]、[^。]+。/, '')));
    expect(paragraphs).toEqual(expected);
  });
});
