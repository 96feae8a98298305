// A build that reads parses from the cache says and publishes what a fresh parse would, notices when
// the packages that parse have changed, and lets entries no build reads age out.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/cache/parseCache.ts';
import { sweptMark } from '../src/cache/unused.ts';
import { loadContent } from '../src/load/loadContent.ts';
import type { ParseResult } from '../src/types.ts';
import type { VFile } from 'vfile';
import { copyContent, png, root, tempDir, yaoxun } from './helpers.ts';

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
  it('loses the entries no build has read for a month, when a build parses something a day after the last sweep; keeps those in use', () => {
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
    // The outline index says when its entries were last marked as used: then too.
    const index = path.join(parsed, readdirSync(parsed).find((name) => name.startsWith('outlines-'))!);
    writeFileSync(index, JSON.stringify({ ...JSON.parse(readFileSync(index, 'utf8')), marked: longAgo.getTime() }));
    writeFileSync(path.join(parsed, 'old-version.json'), '{}');
    utimesSync(path.join(parsed, 'old-version.json'), longAgo, longAgo);
    writeFileSync(path.join(parsed, 'last-week.json'), '{}');
    // An edit: 11.md's entry for its old bytes is no longer read.
    const eleven = path.join(content, 'issues', '2022', '11.md');
    writeFileSync(eleven, readFileSync(eleven, 'utf8') + '\n补记。\n');
    // The first build swept the folder: the same day, another build that parses something leaves it as it is.
    build();
    expect(entries()).toContain('old-version.json');
    // A day later, the next one sweeps it.
    const yesterday = new Date(Date.now() - 25 * 60 * 60 * 1000);
    utimesSync(sweptMark(parsed), yesterday, yesterday);
    writeFileSync(eleven, readFileSync(eleven, 'utf8') + '\n再补记。\n');
    build();
    const now = entries();
    expect(now).not.toContain('old-version.json');
    expect(now).toContain('last-week.json');
    // The three still read, 11.md's entries of the last two builds, last-week.json.
    expect(now.length).toBe(6);
    const kept = inUse.filter((name) => now.includes(name));
    expect(kept.length).toBe(3);
    // What this build read is marked as used, so another month passes before it could go.
    for (const name of kept) expect(statSync(path.join(parsed, name)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('a parse read back from the cache', () => {
  it('has its kind, front-matter, messages and images at once, and reads its tree only when its nodes are asked for', async () => {
    const content = copyContent('parse-cache-light');
    const dir = path.join(tempDir('parse-cache-light-dir'), 'parsed');
    const documents = () => {
      const loaded = loadContent(content);
      return [...loaded.issues, ...loaded.standalones];
    };
    const { parseDocument } = await import('../src/parse/parseDocument.ts');
    const first = new ParseCache(dir, 'test');
    const before = documents();
    expect(first.read(before, content)).toBe(true);
    first.using(parseDocument);
    const fresh = before.map((file) => first.parse(file, content));
    await first.save();

    const second = new ParseCache(dir, 'test');
    const after = documents();
    expect(second.read(after, content)).toBe(false);
    const back = after.map((file) => second.parse(file, content));
    const light = (r: ParseResult) => ({ type: r.doc!.type, meta: r.doc!.meta, keyPlaces: r.keyPlaces, media: r.media, imageLookups: r.imageLookups });
    expect(back.map(light)).toEqual(fresh.map(light));
    const said = (files: VFile[]) => files.map((f) => f.messages.map((m) => [m.reason, m.line, m.column, m.ruleId, m.fatal]));
    expect(said(after)).toEqual(said(before));
    // The whole tree, as the parse made it, once asked for.
    expect(JSON.parse(JSON.stringify(back[0].doc!.children))).toEqual(JSON.parse(JSON.stringify(fresh[0].doc!.children)));
    // Not read before: an entry spoiled after `read` is met only when another tree's nodes are asked for.
    for (const name of readdirSync(dir)) if (!name.startsWith('outlines-')) writeFileSync(path.join(dir, name), '{');
    expect(back[1].doc!.meta).toEqual(fresh[1].doc!.meta);
    expect(() => back[1].doc!.children).toThrow(/解析缓存 .+ 读不出来，已删除：请再运行一次 yaoxun build/);
    // The next read parses that file again.
    const third = new ParseCache(dir, 'test');
    const again = documents();
    expect(third.read(again, content)).toBe(true);
  });
});
