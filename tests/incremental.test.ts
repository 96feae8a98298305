// Builds after edits do only what the edits touch, and their output is the cold build's, byte for
// byte.
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { expectSameSite, files, root, tempDir, yaoxun } from './helpers.ts';

/** Inode and mtime of every file: what tells a file left alone from one written again. */
function identities(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const rel of files(dir).keys()) {
    const s = statSync(path.join(dir, rel));
    all.set(rel, `${s.ino}:${s.mtimeMs}`);
  }
  return all;
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
    // The phrase index's part of the newest bundle is merged anew; the older bundles' part is left alone.
    const manifest = JSON.parse(readFileSync(path.join(out, 'pagefind', 'facets.json'), 'utf8')) as { phrases: { path: string }[] };
    expect(manifest.phrases).toHaveLength(2);
    const newest = path.join('pagefind', 'phrases', manifest.phrases[0].path);
    expect(changed.some((f) => f.startsWith(newest))).toBe(true);
    const oldBundles = changed.filter((f) => f.startsWith('pagefind' + path.sep) && !f.startsWith(path.join('pagefind', 'y2025')) && !f.startsWith(newest) && f.split(path.sep).length > 2);
    expect(oldBundles, 'files of bundles without the edited issue, and of their phrase index part').toEqual([]);
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
    // The folder of a page the site no longer has goes with it.
    expect(existsSync(path.join(out, 'issues', '2024', '01'))).toBe(false);
    expect(existsSync(path.join(out, 'issues', '2024'))).toBe(true);
  });

  it('after themes.yaml changes', () => {
    appendFileSync(path.join(content, 'themes.yaml'), '- name: 测试主题\n  slug: ceshi-zhuti\n  keywords: [网上社群]\n');
    buildBoth();
  });

  it('under another base', () => buildBoth('/archive/'));
});
