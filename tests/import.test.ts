// yaoxun import: the samples become exactly the bundled content, variants it was not tuned on come
// out right, and nothing is ever overwritten without --force.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { importSource } from '../src/import/importSource.ts';
import { pageParagraphs } from '../src/import/pdfText.ts';
import { readInput } from '../src/import/readInput.ts';
import { missingSentences } from '../src/import/sentences.ts';
import { countyNamed, countyWrittenName } from '../src/places/findPlaces.ts';
import { urls } from '../src/link/urls.ts';
import { copyContent, expectFixture, readSite, root, tempDir, yaoxun } from './helpers.ts';

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
    // Said as check will say it of the written file, at the unit's line.
    expect(r.stdout).toContain(`检查：${path.join(out, 'issues', '2022', '11.md')}:13:1  警告  「孟县」不是山西的县级行政区，是否应为「盂县」（阳泉市）？  [unit-county-mistyped]`);
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
    // The file there is the editor's: nothing is said of lines it does not have.
    expect(again.stdout).not.toContain('检查：');
    expect(readFileSync(issue, 'utf8')).toBe('编辑改过的版本');
    expect(statSync(issue).mtimeMs).toBe(before);
    expect(yaoxun(['import', path.join(samples, '000_e00691e25a339d5b.txt'), '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(issue, 'utf8')).toBe(readFileSync(path.join(root, 'content', 'issues', '2022', '11.md'), 'utf8'));
  });

  it('importing a canonical file changes nothing', () => {
    const out = copyContent('canonical');
    const file = path.join(out, 'issues', '2022', '09.md');
    const before = statSync(file).mtimeMs;
    const r = yaoxun(['import', file, path.join(out, 'articles', 'jincheng-yixian-yipin.md'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('无变化');
    expect(statSync(file).mtimeMs).toBe(before);
    expect(importSource(readFileSync(file, 'utf8'))[0]).toMatchObject({ canonical: true, target: path.join('issues', '2022', '09.md') });
  });
});

describe('a canonical article whose file name no URL can carry', () => {
  it('is written under a name check accepts', () => {
    const dir = tempDir('canonical-name');
    const input = path.join(dir, '太谷 经验.md');
    writeFileSync(input, readFileSync(path.join(root, 'content', 'articles', 'taigu-chuangxin-juli.md')));
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', input, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('articles/taigu-jingyan.md');
    expect(yaoxun(['check', '--content', out]).code).toBe(0);
  });
});

describe('the county of an imported article', () => {
  /** Imports `text` as one standalone into a copy of the bundled content; returns the file written and what import printed. */
  function importArticle(name: string, text: string) {
    const content = copyContent(name);
    const input = path.join(path.dirname(content), `${name}.txt`);
    writeFileSync(input, text);
    const r = yaoxun(['import', input, '--out', content]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const target = /→ (\S+\.md) +已写入/.exec(r.stdout)![1];
    return { content, target, written: readFileSync(target, 'utf8'), stdout: r.stdout };
  }
  const messagesOf = (content: string, file: string) => {
    const r = yaoxun(['check', '--content', content, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { file: string; messages: { rule: string; message: string }[] }[];
    return report.find((f) => path.resolve(f.file) === path.resolve(file))!.messages;
  };

  it('writes a county whose name another city shares with its city, which check accepts and links to that county', () => {
    const title = '团晋城市城区委：“青年之家”进社区';
    const { content, target, written } = importArticle('chengqu', `${title}\n\n2023-05-04\n\n今年以来，团区委在辖区 12 个社区建成“青年之家”，服务青年 2000 余人次。\n`);
    const jinchengChengqu = countyNamed('晋城市城区')!;
    expect(written).toContain(`县区: [${countyWrittenName(jinchengChengqu)}]`);
    expect(messagesOf(content, target)).toEqual([]);
    const out = path.join(tempDir('chengqu-site'), 'dist');
    expect(yaoxun(['build', '--content', content, '--out', out]).code).toBe(0);
    const page = readSite(out).get(urls.county(jinchengChengqu))!;
    expect(page.text).toContain(title);
  });

  it('reads a mistyped reporting unit (团孟县县委) as the county the text names, and warns', () => {
    const { content, target, written, stdout } = importArticle('mengxian', '团孟县县委：“三围绕”扎实推进青年工作\n\n2022-11-20\n\n团盂县县委紧紧围绕县委中心工作，组织青年参与乡村振兴。\n');
    expect(written).toContain('县区: [盂县]');
    expect(stdout).toContain('识别：县区 盂县');
    expect(stdout).toContain('警告：标题中的「团孟县县委」不是山西的县级单位，按正文中的「盂县」写入县区，标题未改：请核对。');
    expect(messagesOf(content, target)).toEqual([]);
  });
});

describe('laid-out pages (a PDF\'s lines or a scan\'s)', () => {
  it('leave out a page number a scan read as 一 1] 一, and join the sentence it stood in', () => {
    const line = (text: string, y: number, x = 0, right = 100) => ({ text, x, right, y, size: 5 });
    const { text, dropped } = pageParagraphs([
      [line('团阳城县委紧紧聚焦青年需求，', 100), line('青年发展、青年建功，阳城青年有了更强的获得', 92), line('一 1] 一', 20, 45, 55)],
      [line('感、幸福感和归属感，', 100), line('组织动员更高效，联系服务更精准。', 92, 0, 60)],
    ]);
    expect(dropped).toEqual(['一 1] 一']);
    expect(text).toBe('团阳城县委紧紧聚焦青年需求，青年发展、青年建功，阳城青年有了更强的获得感、幸福感和归属感，组织动员更高效，联系服务更精准。');
  });

  it('read a scan\'s masthead through its marks of doubt and a stray line above 专刊, and say what to check', async () => {
    const read = await readInput(path.join(fixtures, 'scan-masthead.txt'));
    const [result] = importSource(read.text, read.meta);
    expect(result.kind).toBe('issue');
    expect(result.warnings).toEqual([
      '报头中的「〖晋〗团要讯」有识别把握不大的字（〖〗中），已照读出的写入前言：请对照原件核对期号和日期。',
      '报头中的「共青团山西省委 2022年9〖月26〗日」有识别把握不大的字（〖〗中），已照读出的写入前言：请对照原件核对期号和日期。',
      '报头中的「三省 蕊2二」不成文字（多半是扫描件上报头大字的残影），已略去：请对照原件核对。',
    ]);
  });
  it('take a scan\'s masthead whose name came out as stray lines for an issue, and say which lines were left out', () => {
    // As tesseract read the 300 dpi scan of tests/importOffice.test.ts: the red 晋团要讯 as two lines of nothing.
    const scan = '〖SILEZ 时〗\n\n下〖团雪全〗\n\n〖[2022〗 ]第16期\n\n共青团山西省委 2022年12月13日\n\n编者按:为不断增强团的政治性，现编发其经验做法，供全省学习借鉴。\n\n团孟县县委:“三围绕”扎实推进“一专一站两联”建设\n\n二十大报告指出，孟县团县委依托“一专一站两联”建设，筑实履职载体。\n';
    const results = importSource(scan, {});
    expect(results.map((r) => [r.kind, r.target])).toEqual([['issue', 'issues/2022/16.md']]);
    expect(results[0].text).toMatch(/^---\n期号: 〔2022〕第16期\n日期: 2022-12-13\n/);
    expect(results[0].warnings).toContain('报头中的「SILEZ 时」不成文字（多半是扫描件上报头大字的残影），已略去：请对照原件核对。');
    expect(results[0].warnings).toContain('报头中的「下团雪全」不成文字（多半是扫描件上报头大字的残影），已略去：请对照原件核对。');
    // Short lines above a 期号 that no publisher or date follows open no issue: a text's own lines are not taken for a masthead.
    expect(importSource('通知\n\n[2022]第16期\n\n请各县团委按时报送材料。\n', {}).map((r) => r.kind)).toEqual(['standalone']);
  });
});

describe('forms it was not tuned on', () => {
  const inputs = readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.includes('.expected.'));
  for (const { name: input } of inputs) {
    it(input, async () => {
      const read = await readInput(path.join(fixtures, input));
      const results = importSource(read.text, read.meta);
      expectFixture(path.join(fixtures, input.replace(/\.[a-z]+$/, '.expected.md')), results.map((r) => r.text).join(''));
      // Every sentence of the source is in what is written.
      expect(missingSentences(results[0].read ?? read.source, results.map((r) => r.text), [...read.dropped, ...results.flatMap((r) => r.dropped)])).toEqual([]);
      // And what is written passes check (作者 and 原文链接 of a clipping included).
      for (const result of results) {
        const file = new VFile({ path: result.target, value: result.text });
        file.data.kind = result.kind;
        parseDocument(file, '.');
        expect(file.messages.filter((m) => m.fatal).map((m) => m.reason), result.target).toEqual([]);
      }
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
    expect(result.kind).toBe('standalone');
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

describe('a clipping with a kicker over its headline', () => {
  it('takes the headline for the title and the unit line over it for the kicker', () => {
    const clipping = [
      'http://www.sxgov.cn/content/2023-05/08/content_1.htm',
      '日期查询:2023年05月08日',
      '共青团偏关县委',
      '笃行实干正青春 踔厉奋发勇担当',
      '本报记者 王敏',
      '    今年以来，团偏关县委聚焦青年所需，扎实推进各项工作。',
    ].join('\n');
    const [result] = importSource(clipping);
    expect(result.text).toContain('标题: 笃行实干正青春 踔厉奋发勇担当\n副标题: 共青团偏关县委\n');
    expect(result.text).toContain('作者: 本报记者 王敏');
    expect(missingSentences(clipping, [result.text], result.dropped)).toEqual([]);
  });
});

describe('nothing lost', () => {
  const sample = (name: string) => readFileSync(path.join(samples, name), 'utf8');

  it('a file holding two bulletins becomes two issues, each as the bulletin alone would', () => {
    const dir = tempDir('two-issues');
    writeFileSync(path.join(dir, 'two.txt'), sample('000_e00691e25a339d5b.txt') + '\n\n' + sample('001_fd5bfc1d2af49e2d.txt'));
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', path.join(dir, 'two.txt'), '--out', out]);
    expect(r.code, r.stdout).toBe(0);
    for (const issue of ['issues/2022/11.md', 'issues/2022/09.md']) {
      expect(readFileSync(path.join(out, issue), 'utf8'), issue).toBe(readFileSync(path.join(root, 'content', issue), 'utf8'));
    }
    expect(r.stdout).toMatch(/two\.txt +简报 +.*11\.md +1 +已写入\ntwo\.txt +简报 +.*09\.md +\d+ +已写入/);
  });

  it('a sentence the import would lose is an error naming it, and nothing is written', () => {
    const out = path.join(tempDir('lost'), 'content');
    const r = yaoxun(['import', path.join(fixtures, 'lost', 'footer-tail.txt'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('错误：导入结果缺少原文的 1 句，未写入任何文件：第 21 行「本期增发至各县（市、区）团委，请结合实际学习借鉴。」');
    expect(existsSync(out)).toBe(false);
  });

  it('untitled articles get readable names of their own; two inputs never share a target', () => {
    const dir = tempDir('untitled');
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    const texts = [
      '团县委推动青年之家规范运行，全年开展活动 60 余场，服务青年 3000 余人次。\n\n下一步将继续完善阵地功能。',
      '犀利的追问，让述职者有的脸红出汗，有的借此顺清了工作思路。\n\n通过现场考核、提问、分享，让大家看到差距。',
      '作为山西省唯一一个整市推进共青团改革试点工作的地区，晋城市委坚持一把手领导。\n\n从破题选题到“一县一品”，晋城市正在构建长效机制。',
      '团县委推动青年之家规范运行，全年开展活动 60 余场，服务青年 3000 余人次。\n\n另一篇稿件的结尾不同。',
    ];
    texts.forEach((text, i) => writeFileSync(path.join(inputs, `稿件${i + 1}.txt`), text));
    // Two copies of one bulletin in a run: the second is refused, not written over the first.
    writeFileSync(path.join(inputs, '稿件5.txt'), sample('000_e00691e25a339d5b.txt'));
    writeFileSync(path.join(inputs, '稿件6.txt'), sample('000_e00691e25a339d5b.txt').replace('现编发其经验做法', '现将经验做法编发'));
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', inputs, '--out', out, '--force']);
    const articles = readdirSync(path.join(out, 'articles')).sort();
    expect(articles).toHaveLength(4);
    expect(articles).not.toContain('article.md');
    expect(articles).toContain('tuanxian-weitui.md');
    expect(articles).toContain('tuanxian-weitui-2.md');
    const written = articles.map((a) => readFileSync(path.join(out, 'articles', a), 'utf8')).join('\n');
    for (const text of texts) for (const paragraph of text.split('\n\n')) expect(written).toContain(paragraph);
    expect(r.stdout).toContain('稿件6.txt → （无）  失败');
    expect(r.stdout).toMatch(/与 .*稿件5\.txt 写入同一个文件 issues\/2022\/11\.md（同一期号）/);
    expect(readFileSync(path.join(out, 'issues', '2022', '11.md'), 'utf8')).toContain('现编发其经验做法');
  });

  it('reads GBK text, says so, and writes what the UTF-8 original gives', () => {
    const dir = tempDir('gbk');
    writeFileSync(path.join(dir, 'gbk.txt'), iconv.encode(sample('000_e00691e25a339d5b.txt'), 'gbk'));
    const out = path.join(dir, 'content');
    const r = yaoxun(['import', path.join(dir, 'gbk.txt'), '--out', out]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('识别：文件是 GBK 编码：已按 GBK 读入，写入的文件是 UTF-8，原文件未改动。');
    expect(readFileSync(path.join(out, 'issues', '2022', '11.md'), 'utf8')).toBe(readFileSync(path.join(root, 'content', 'issues', '2022', '11.md'), 'utf8'));
  });

  it('refuses a damaged .doc with what to do, and writes nothing', () => {
    const dir = tempDir('doc');
    // A Word 97 file header and nothing after it: LibreOffice would read it as a line of stray characters.
    writeFileSync(path.join(dir, '2019-3.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const r = yaoxun(['import', path.join(dir, '2019-3.doc'), '--out', path.join(dir, 'content')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('错误：不是完整的Word 97-2003 文件（.doc）（开头的文件头不对，或文件不完整，可能已损坏）：请在 Word 或 WPS 中打开它，另存为 .docx 后再导入。');
    expect(existsSync(path.join(dir, 'content'))).toBe(false);
  });
});
