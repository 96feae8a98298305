// The command line as an editor meets it: mistakes in options said in Chinese with the nearest right
// option, and `inspect` showing what the build will see of one file.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, root, tempDir, yaoxun } from './helpers.ts';

/** A usage mistake: exit code 2, one Chinese sentence and the command's usage line, no stack. */
function refused(args: string[]) {
  const r = yaoxun(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\bat |Error|Unknown|option '/);
  return r.stderr.trim().split('\n');
}

describe('options', () => {
  it('names the nearest option of the command for an unknown one', () => {
    expect(refused(['build', '--contnet', 'x'])).toEqual(['未知的选项「--contnet」：是否应为「--content」？', '用法：yaoxun build [--content DIR] [--out DIR] [--base URL]（yaoxun --help 列出全部命令）']);
    expect(refused(['check', '--fromat', 'json'])[0]).toBe('未知的选项「--fromat」：是否应为「--format」？');
    expect(refused(['build', '-x'])[0]).toBe('未知的选项「-x」：build 可用的选项有 --content、--out、--base、--debug、--help。');
    expect(refused(['biuld'])[0]).toBe('未知的命令「biuld」：是否应为「build」？');
  });

  it('refuses bad and missing values', () => {
    expect(refused(['check', '--format', 'xml'])).toEqual(['--format 只能是 text 或 json，不能是「xml」。', '用法：yaoxun check [--content DIR] [--format json] [FILE…]（yaoxun --help 列出全部命令）']);
    expect(refused(['serve', '--port', 'abc'])[0]).toBe('端口「abc」无效：请写 0–65535 之间的整数，例如 --port 8080。');
    expect(refused(['dev', '--port', '70000'])[0]).toBe('端口「70000」无效：请写 0–65535 之间的整数，例如 --port 8080。');
    expect(refused(['build', '--out'])[0]).toBe('选项「--out」后面缺少值：例如 --out dist。');
    expect(refused(['build', '--out', '--base', '/x/'])[0]).toBe('选项「--out」后面缺少值：例如 --out dist。');
    expect(refused(['import', 'a.txt', '--force=yes'])[0]).toBe('选项「--force」不带值：直接写 --force，不要写「=yes」。');
    expect(refused(['build', 'content'])[0]).toBe('build 命令不接受「content」这样的参数。');
  });

  it('says when an option belongs to another command', () => {
    expect(refused(['serve', '--force'])).toEqual([
      '选项「--force」不适用于 serve 命令（它用于 import）：serve 可用的选项有 --out、--port、--host、--debug、--help。',
      '用法：yaoxun serve [--out DIR] [--port N] [--host H]（yaoxun --help 列出全部命令）',
    ]);
    expect(refused(['check', '--base', '/x/'])[0]).toBe('选项「--base」不适用于 check 命令（它用于 build）：check 可用的选项有 --content、--format、--debug、--help。');
  });

  it('keeps --debug, -h and --help, and answers --version and -v', () => {
    for (const args of [['-h'], ['build', '--help']]) {
      const r = yaoxun(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('用法：yaoxun <命令> [选项]');
      expect(r.stdout).toContain('-h、--help 显示本说明');
    }
    // Every command line in the ecosystem answers --version; -v is its short form.
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const args of [['--version'], ['-v'], ['build', '--version']]) expect(yaoxun(args)).toEqual({ code: 0, stdout: `yaoxun ${version}\n`, stderr: '' });
    expect(yaoxun(['--help']).stdout).toContain('-v、--version 显示版本');
    const r = yaoxun(['check', '--debug', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
  });
});

describe('inspect', () => {
  it('says plainly when the file is missing, and asks for one when none is given', () => {
    expect(refused(['inspect', 'content/issues/2022/99.md'])).toEqual(['找不到文件 content/issues/2022/99.md：请检查路径，例如：yaoxun inspect content/issues/2022/11.md']);
    expect(refused(['inspect'])).toEqual(['请给出要查看的文件，例如：yaoxun inspect content/issues/2022/11.md']);
  });

  it('prints what the build sees: counties with city and code, themes, URL and the problems found with the whole folder', () => {
    const content = copyContent('inspect');
    const file = path.join(content, 'issues', '2022', '12.md');
    // No 县区 in the front matter: the county comes from the reporting unit; the 期号 is 09.md's.
    const text = readFileSync(path.join(content, 'issues', '2022', '09.md'), 'utf8').split('\n---\n')[0].replace(/^县区:.*\n/m, '');
    writeFileSync(file, `${text}\n---\n\n# 团洪洞县委：建好青年之家\n\n洪洞县团委建成青年之家十二个。\n`);
    const r = yaoxun(['inspect', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:1  错误  期号 〔2022〕第9期 与 ${path.join(content, 'issues', '2022', '09.md')} 重复`);
    const { linked, ...tree } = JSON.parse(r.stdout);
    expect(tree.type).toBe('issue');
    expect(tree.meta.counties).toEqual([]);
    const hongtong = { name: '洪洞县', code: '141024', city: '临汾市', cityCode: '141000', slug: 'hongtongxian' };
    expect(linked).toMatchObject({ kind: 'issue', url: '/issues/2022/09/', title: '〔2022〕第9期', counties: [hongtong], cities: [{ name: '临汾市', code: '141000' }] });
    expect(linked.themes).toEqual([{ name: '青年之家', slug: 'qingnian-zhijia' }]);
    expect(linked.articles).toEqual([{ title: '团洪洞县委：建好青年之家', url: '/issues/2022/09/#a1', counties: [hongtong], themes: linked.themes, related: [] }]);
    expect(linked.messages).toEqual([expect.objectContaining({ severity: 'error', line: 2, rule: 'issue-duplicate' })]);
  });

  it('links with the content folder the file is in, or the one --content names', () => {
    const r = yaoxun(['inspect', 'content/issues/2022/11.md']);
    expect(r.code).toBe(0);
    const { linked } = JSON.parse(r.stdout);
    expect(linked.counties.map((c: { name: string }) => c.name)).toEqual(['盂县']);
    // The 相关经验 the page will list, with the reason each was chosen.
    expect(linked.articles[0].related).toContainEqual(expect.objectContaining({ url: '/issues/2022/09/#a2', why: expect.objectContaining({ themes: ['团代表联络站'] }) }));
    expect(linked.messages).toEqual([expect.objectContaining({ severity: 'warning', rule: 'unit-county-mistyped' })]);
    expect(linked.themes.map((t: { name: string }) => t.name)).toContain('团代表联络站');
    const outside = path.join(tempDir('inspect-outside'), 'draft.md');
    cpSync(path.join(root, 'content', 'issues', '2022', '11.md'), outside);
    const alone = yaoxun(['inspect', outside]);
    expect(alone.stderr).toContain(`注意：${outside} 不在内容目录中`);
    expect(JSON.parse(alone.stdout).linked.themes).toEqual([]);
    const withContent = yaoxun(['inspect', outside, '--content', 'content']);
    expect(JSON.parse(withContent.stdout).linked.themes).toEqual(linked.themes);
    // A draft in an articles/ folder elsewhere is read as a standalone, with --content too.
    const draft = path.join(tempDir('inspect-draft'), 'articles', 'draft.md');
    mkdirSync(path.dirname(draft));
    cpSync(path.join(root, 'content', 'articles', 'taigu-chuangxin-juli.md'), draft);
    for (const args of [[], ['--content', 'content']]) expect(JSON.parse(yaoxun(['inspect', draft, ...args]).stdout).linked.kind, args.join(' ')).toBe('standalone');
  });

  it('calls a file of articles/ a standalone, in the linked view as in the tree', () => {
    const r = yaoxun(['inspect', 'content/articles/taigu-chuangxin-juli.md']);
    expect(r.code).toBe(0);
    const { linked, ...tree } = JSON.parse(r.stdout);
    expect(tree.type).toBe('standalone');
    expect(linked).toMatchObject({ kind: 'standalone', url: '/articles/taigu-chuangxin-juli/' });
    expect(linked.articles).toBeUndefined();
  });
});

describe('the yaoxun command', () => {
  /** bin/ and src/ in a folder of their own, with the installed packages linked in and `cache` as node_modules/.cache */
  function install(cache: 'folder' | 'blocked') {
    const copy = tempDir('install');
    for (const part of ['bin', 'src', 'package.json']) cpSync(path.join(root, part), path.join(copy, part), { recursive: true });
    mkdirSync(path.join(copy, 'node_modules'));
    for (const name of readdirSync(path.join(root, 'node_modules'))) if (name !== '.cache') symlinkSync(path.join(root, 'node_modules', name), path.join(copy, 'node_modules', name));
    // A file where the cache folder would be: nothing can be written under it, as in a read-only install.
    if (cache === 'blocked') writeFileSync(path.join(copy, 'node_modules', '.cache'), '');
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'yaoxun.js'), ...args], { encoding: 'utf8' });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    return { copy, run, bundles: () => (cache === 'folder' ? readdirSync(path.join(copy, 'node_modules', '.cache', 'yaoxun', 'cli')) : []) };
  }

  it('runs src/ as changed last, bundled once per change, and through tsx where the bundle cannot be written, saying the same', () => {
    const content = copyContent('cli-install');
    const check = ['check', '--content', content, '--format', 'json'];
    const here = yaoxun(check);
    const bundled = install('folder');
    expect(bundled.run(check)).toEqual(here);
    expect(bundled.bundles()).toHaveLength(1);
    expect(bundled.run(check)).toEqual(here);
    expect(bundled.bundles()).toHaveLength(1);
    // An edit to the source is what runs next.
    const cli = path.join(bundled.copy, 'src', 'cli.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace("const argv = process.argv.slice(2);", "const argv = process.argv.slice(2);\nconsole.error('改过的代码');"));
    expect(bundled.run(['--version']).stderr).toContain('改过的代码');
    expect(bundled.bundles()).toHaveLength(2);
    const blocked = install('blocked');
    expect(blocked.run(check)).toEqual(here);
  });

  it('moved elsewhere with its bundle, runs its own files, not those of where it was', () => {
    const content = copyContent('cli-moved');
    const check = ['check', '--content', content, '--format', 'json'];
    const here = yaoxun(check);
    const first = install('folder');
    expect(first.run(check)).toEqual(here);
    const moved = path.join(tempDir('moved'), 'yaoxun');
    renameSync(first.copy, moved);
    const r = spawnSync(process.execPath, [path.join(moved, 'bin', 'yaoxun.js'), ...check], { encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual(here);
    expect(readdirSync(path.join(moved, 'node_modules', '.cache', 'yaoxun', 'cli'))).toHaveLength(2);
  });
});
