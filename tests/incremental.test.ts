// Builds after edits do only what the edits touch, and their output is the cold build's, byte for
// byte; builds of one folder at the same time wait for each other and leave a whole site.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { copyContent, expectWholeSite, png, root, startYaoxun, tempDir, yaoxun } from './helpers.ts';

/** Every file of a built site, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) all.set(path.relative(dir, path.join(entry.parentPath, entry.name)), readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return all;
}

/** Inode and mtime of every file: what tells a file left alone from one written again. */
function identities(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const rel of files(dir).keys()) {
    const s = statSync(path.join(dir, rel));
    all.set(rel, `${s.ino}:${s.mtimeMs}`);
  }
  return all;
}

function expectSameSite(incremental: string, cold: string) {
  const a = files(incremental);
  const b = files(cold);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const differing = [...a.keys()].filter((rel) => !a.get(rel)!.equals(b.get(rel)!));
  expect(differing, 'files whose bytes differ from the cold build').toEqual([]);
}

describe('an incremental build', () => {
  const dir = tempDir('incremental');
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'site');
  // Small blocks, so this small archive has several search bundles, as a large one has.
  const env = { YAOXUN_BLOCK_RECORDS: '60', YAOXUN_CACHE_DIR: path.join(dir, 'cache') };
  writeCorpus(content, 100);
  let before = new Map<string, string>();

  /** Builds incrementally into `out` and cold (fresh folder, empty cache) elsewhere, and compares. */
  function buildBoth(base = '/') {
    before = identities(out);
    const r = yaoxun(['build', '--content', content, '--out', out, '--base', base], root, env);
    expect(r.code, r.stderr).toBe(0);
    const coldDir = tempDir('cold');
    const cold = yaoxun(['build', '--content', content, '--out', path.join(coldDir, 'site'), '--base', base], root, { ...env, YAOXUN_CACHE_DIR: path.join(coldDir, 'cache') });
    expect(cold.code, cold.stderr).toBe(0);
    expectSameSite(out, path.join(coldDir, 'site'));
    rmSync(coldDir, { recursive: true, force: true });
  }
  /** Files of the site the last build replaced or added. */
  const rewritten = () => [...identities(out)].filter(([rel, id]) => before.get(rel) !== id).map(([rel]) => rel);
  const issue = (year: number, n: number) => path.join(content, 'issues', String(year), `${String(n).padStart(2, '0')}.md`);

  it('starts from a cold build with several search bundles', () => {
    expect(yaoxun(['build', '--content', content, '--out', out], root, env).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'pagefind', 'facets.json'), 'utf8')) as { bundles: { path: string }[] };
    expect(manifest.bundles.length).toBeGreaterThan(2);
  });

  it('after an edit to a recent issue: the same bytes as a cold build, old pages and old bundles left alone', () => {
    appendFileSync(issue(2025, 20), '\n这是一次更正。\n');
    buildBoth();
    const changed = rewritten();
    expect(changed).toContain(path.join('issues', '2025', '20', 'index.html'));
    expect(changed.filter((f) => f.startsWith(path.join('issues', '2023')))).toEqual([]);
    // The phrase index (pagefind/phrases/) is the whole archive's, made anew from every bundle's list each build, like facets.json.
    const oldBundles = changed.filter((f) => f.startsWith('pagefind' + path.sep) && !f.startsWith(path.join('pagefind', 'y2025')) && !f.startsWith(path.join('pagefind', 'phrases')) && f.split(path.sep).length > 2);
    expect(oldBundles, 'files of bundles without the edited issue').toEqual([]);
  });

  it('after an edit to an old issue', () => {
    appendFileSync(issue(2023, 5), '\n这是一次更正。\n');
    buildBoth();
    expect(rewritten()).toContain(path.join('issues', '2023', '05', 'index.html'));
    expect(rewritten()).not.toContain(path.join('issues', '2025', '20', 'index.html'));
  });

  it('after an edit that changes another issue’s 相关经验: that page is rendered again too, and matches a cold build', () => {
    // 2023/10 takes in the text of 2025/03's first article, so 2025/03 (no neighbour of it) now lists it.
    const source = readFileSync(issue(2025, 3), 'utf8');
    const article = source.slice(source.indexOf('\n# ') + 1).split(/\n# /)[0].split('\n').slice(1).join('\n');
    appendFileSync(issue(2023, 10), `\n# 团测试县委：一篇借来的文章\n\n${article}\n`);
    buildBoth();
    expect(rewritten()).toContain(path.join('issues', '2023', '10', 'index.html'));
    expect(rewritten()).toContain(path.join('issues', '2025', '03', 'index.html'));
    expect(readFileSync(path.join(out, 'issues', '2025', '03', 'index.html'), 'utf8')).toContain('issues/2023/10/#a');
  });

  it('after a new issue is added, a recent one and an old one', () => {
    cpSync(issue(2025, 20), issue(2025, 21));
    writeFileSync(issue(2025, 21), readFileSync(issue(2025, 21), 'utf8').replace('第20期', '第21期'));
    cpSync(issue(2023, 5), issue(2023, 41));
    writeFileSync(issue(2023, 41), readFileSync(issue(2023, 41), 'utf8').replace('第5期', '第41期'));
    buildBoth();
    expect(existsSync(path.join(out, 'issues', '2023', '41', 'index.html'))).toBe(true);
  });

  it('after issues are deleted', () => {
    rmSync(issue(2025, 21));
    rmSync(issue(2024, 1));
    buildBoth();
    expect(existsSync(path.join(out, 'issues', '2024', '01', 'index.html'))).toBe(false);
  });

  it('after themes.yaml changes', () => {
    appendFileSync(path.join(content, 'themes.yaml'), '- name: 测试主题\n  slug: ceshi-zhuti\n  keywords: [网上社群]\n');
    buildBoth();
  });

  it('under another base', () => buildBoth('/archive/'));
});

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
};

describe('builds at the same time', () => {
  const dir = tempDir('together');
  const big = path.join(dir, 'big');
  const out = path.join(dir, 'site');
  const lock = path.join(dir, '.site.lock');
  writeCorpus(big, 150);

  const whole = () => {
    // No staging folder is left beside the site (the replaced site may still be being removed).
    expect(readdirSync(dir).filter((n) => n.startsWith('.site.') && !n.startsWith('.site.old-'))).toEqual([]);
    return expectWholeSite(out);
  };

  it('of one folder: the second waits for the first, both end, the site is whole; a third into another folder shares the cache', async () => {
    const first = startYaoxun(['build', '--content', big, '--out', out]);
    await until(() => existsSync(lock));
    const second = startYaoxun(['build', '--content', 'content', '--out', out]);
    const other = startYaoxun(['build', '--content', big, '--out', path.join(dir, 'other')]);
    const [a, b, c] = await Promise.all([first.ended, second.ended, other.ended]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(c.code, c.stderr).toBe(0);
    expect(b.stderr).toContain('另一个 yaoxun 进程正在使用');
    // The second one ran last: its content (the bundled archive) is the site.
    expect(whole()).toBe(2);
  });

  it('after a build killed while it was making its lock, the next clears what it left and does not wait', () => {
    // The pid of a process that has ended, as a killed build's is.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${lock}.made-${hostname()}-${gone}`;
    mkdirSync(leftover);
    writeFileSync(path.join(leftover, 'owner'), `${hostname()}\n${gone}`);
    const next = yaoxun(['build', '--content', big, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('另一个 yaoxun 进程正在使用');
    expect(existsSync(leftover)).toBe(false);
    expect(whole()).toBe(150);
  });

  it('after a build killed outright, the next does not wait for its lock', async () => {
    const killed = startYaoxun(['build', '--content', big, '--out', out]);
    await until(() => existsSync(lock));
    killed.child.kill('SIGKILL');
    await killed.ended;
    expect(existsSync(lock), 'the killed build left its lock').toBe(true);
    const next = yaoxun(['build', '--content', big, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('另一个 yaoxun 进程正在使用');
    expect(whole()).toBe(150);
  });
});

describe('a build from the parse cache', () => {
  it('reports what a fresh parse would: the places of warnings, and an image gone since the cached parse', () => {
    const content = copyContent('parse-cache');
    const cache = { YAOXUN_CACHE_DIR: path.join(tempDir('parse-cache-dir'), 'cache') };
    const out = path.join(tempDir('parse-cache-out'), 'site');
    const issue = path.join(content, 'issues', '2022', '09.md');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('县区: [阳城县, 榆次区]', '县区: [阳城县, 榆次区, 孟县]'));
    mkdirSync(path.join(content, 'issues', '2022', 'images'));
    writeFileSync(path.join(content, 'issues', '2022', 'images', 'tu.png'), png(2, 2));
    const eleven = path.join(content, 'issues', '2022', '11.md');
    writeFileSync(eleven, readFileSync(eleven, 'utf8').replace('二十大报告指出', '![图](images/tu.png)\n\n二十大报告指出'));
    const cold = yaoxun(['build', '--content', content, '--out', out], root, cache);
    expect(cold.code, cold.stderr).toBe(0);
    const warning = cold.stderr.split('\n').find((l) => l.includes('front-matter-county-unknown'))!;
    expect(warning).toMatch(/09\.md:6:1 /);
    // Another file changes, so 09.md comes from the cache: its warning is where the fresh parse put it.
    const articles = path.join(content, 'articles', 'jincheng-yixian-yipin.md');
    writeFileSync(articles, readFileSync(articles, 'utf8') + '\n补记。\n');
    const warm = yaoxun(['build', '--content', content, '--out', out], root, cache);
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.stderr).toContain(warning);
    // The image goes; 11.md is the same bytes, but its cached parse no longer holds.
    rmSync(path.join(content, 'issues', '2022', 'images', 'tu.png'));
    const gone = yaoxun(['build', '--content', content, '--out', out], root, cache);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('找不到图片 images/tu.png');
  });
});

describe('a build from the parse cache, when an image becomes a link out of the content folder', () => {
  it('refuses it as a fresh parse does, and publishes nothing from outside', () => {
    const content = copyContent('parse-cache-link');
    const cache = { YAOXUN_CACHE_DIR: path.join(tempDir('parse-cache-link-dir'), 'cache') };
    const out = path.join(tempDir('parse-cache-link-out'), 'site');
    const image = path.join(content, 'issues', '2022', 'images', 'tu.png');
    mkdirSync(path.dirname(image));
    writeFileSync(image, png(2, 2));
    const eleven = path.join(content, 'issues', '2022', '11.md');
    writeFileSync(eleven, readFileSync(eleven, 'utf8').replace('二十大报告指出', '![图](images/tu.png)\n\n二十大报告指出'));
    expect(yaoxun(['build', '--content', content, '--out', out], root, cache).code).toBe(0);
    const outside = path.join(tempDir('outside'), 'secret.png');
    writeFileSync(outside, png(3, 3));
    rmSync(image);
    symlinkSync(outside, image);
    const again = yaoxun(['build', '--content', content, '--out', out], root, cache);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[image-outside]');
    expect(readFileSync(path.join(out, 'media', 'issues', '2022', 'images', 'tu.png')).equals(png(2, 2))).toBe(true);
  });
});

describe('a build after the packages installed with yaoxun change', () => {
  it('is not taken as up to date: an upgraded parser or template engine may write other pages', () => {
    // yaoxun installed in a project, its packages beside it as npm leaves them (linked here to this checkout's).
    const modules = path.join(tempDir('installed'), 'project', 'node_modules');
    const installed = path.join(modules, 'yaoxun');
    for (const part of ['bin', 'src', 'templates', 'public', 'package.json']) cpSync(path.join(root, part), path.join(installed, part), { recursive: true });
    for (const name of readdirSync(path.join(root, 'node_modules'))) {
      if (!name.startsWith('.')) symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name));
    }
    const lock = path.join(modules, '.package-lock.json');
    cpSync(path.join(root, 'node_modules', '.package-lock.json'), lock);
    const run = () => {
      const r = spawnSync(process.execPath, [path.join(installed, 'bin', 'yaoxun.js'), 'build', '--content', path.join(root, 'content'), '--out', out], { encoding: 'utf8', env: { ...process.env, YAOXUN_CACHE_DIR: cache } });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const out = path.join(tempDir('installed-out'), 'site');
    const cache = path.join(tempDir('installed-cache'), 'cache');
    run();
    expect(run()).toContain('已是最新的');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace(/"version": "(\d+)\.(\d+)\.(\d+)"/, (_, a, b, c) => `"version": "${a}.${b}.${Number(c) + 1}"`));
    expect(run()).toContain('已生成');
    expect(run()).toContain('已是最新的');
  });
});

describe('the parse cache over time', () => {
  it('loses the entries no build has read for a month, when a build parses something; keeps those in use', () => {
    const content = copyContent('parse-cache-prune');
    const dir = path.join(tempDir('parse-cache-prune-dir'), 'cache');
    const parsed = path.join(dir, 'parsed');
    const out = path.join(tempDir('parse-cache-prune-out'), 'site');
    const build = () => expect(yaoxun(['build', '--content', content, '--out', out], root, { YAOXUN_CACHE_DIR: dir }).code).toBe(0);
    // The parsed entries, and the outline index of the content folder that `check FILE` reads (checkFiles.ts)
    const entries = () => readdirSync(parsed).filter((name) => !name.startsWith('outlines-'));
    build();
    const inUse = entries();
    expect(inUse.length).toBe(4);
    expect(readdirSync(parsed).filter((name) => name.startsWith('outlines-')).length).toBe(1);
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    for (const name of inUse) utimesSync(path.join(parsed, name), longAgo, longAgo);
    writeFileSync(path.join(parsed, 'old-version.json'), '{}');
    utimesSync(path.join(parsed, 'old-version.json'), longAgo, longAgo);
    writeFileSync(path.join(parsed, 'last-week.json'), '{}');
    // An edit: 11.md's entry for its old bytes is no longer read.
    const eleven = path.join(content, 'issues', '2022', '11.md');
    writeFileSync(eleven, readFileSync(eleven, 'utf8') + '\n补记。\n');
    build();
    const now = entries();
    expect(now).not.toContain('old-version.json');
    expect(now).toContain('last-week.json');
    expect(now.length).toBe(5);
    const kept = inUse.filter((name) => now.includes(name));
    expect(kept.length).toBe(3);
    // What this build read is marked as used, so another month passes before it could go.
    for (const name of kept) expect(statSync(path.join(parsed, name)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });
});
