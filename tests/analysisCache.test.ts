// The link stage's analyses kept between builds (cache/analysisCache.ts): read back for documents
// whose bytes are the same, made anew for the others, and for all of them once themes.yaml changes;
// the site and the warnings the same as a cold build's either way. A stored analysis is altered by
// hand to see which build read it back: a build that analysed the document again shows no trace of it.
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, expectSameSite, root, tempDir, yaoxun } from './helpers.ts';

const ALTERED = '（缓存里改过的说明）';

describe('the analysis cache', () => {
  const content = copyContent('analysis-cache');
  const dir = tempDir('analysis-cache');
  const out = path.join(dir, 'site');
  const cache = path.join(dir, 'cache');
  const issue = path.join(content, 'issues', '2022', '09.md');
  const otherIssue = path.join(content, 'issues', '2022', '11.md');
  const article = path.join(content, 'articles', 'taigu-chuangxin-juli.md');
  // Problems the analysis finds (not the parse): they must come back with a stored analysis.
  writeFileSync(article, readFileSync(article, 'utf8').replace('县区: [太谷区]', '县区: [太谷区, 不存在县]\n主题: [不存在的主题]'));

  const build = (folder: string, cacheDir: string) => {
    const r = yaoxun(['build', '--content', content, '--out', folder], root, { YAOXUN_CACHE_DIR: cacheDir });
    expect(r.code, r.stderr).toBe(0);
    return r.stderr.split('\n').filter((line) => line.includes('警告'));
  };
  /** Builds into `out` with the kept cache and cold elsewhere; the sites and the warnings must be the same. */
  const buildBoth = () => {
    const warnings = build(out, cache);
    const cold = tempDir('analysis-cache-cold');
    expect(warnings).toEqual(build(path.join(cold, 'site'), path.join(cold, 'cache')));
    expectSameSite(out, path.join(cold, 'site'));
    rmSync(cold, { recursive: true, force: true });
    return warnings;
  };
  /** The analyses file the last build wrote or read. */
  const storedFile = () => {
    const folder = path.join(cache, 'analysed');
    const names = readdirSync(folder).filter((n) => n.endsWith('.analyses'));
    return path.join(folder, names.sort((a, b) => statSync(path.join(folder, b)).mtimeMs - statSync(path.join(folder, a)).mtimeMs)[0]);
  };
  /** The file's JSON (after its length), and its words (after the JSON, at a multiple of 8 bytes). */
  const readStored = () => {
    const bytes = readFileSync(storedFile());
    const length = bytes.readUInt32LE(0);
    return { head: JSON.parse(bytes.toString('utf8', 4, 4 + length)), words: bytes.subarray(Math.ceil((4 + length) / 8) * 8) };
  };
  const alterStoredDescription = (file: string) => {
    const { head, words } = readStored();
    head.analyses[path.resolve(file)].analysis.description = ALTERED;
    const json = Buffer.from(JSON.stringify(head));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    writeFileSync(storedFile(), Buffer.concat([length, json, Buffer.alloc(Math.ceil((4 + json.length) / 8) * 8 - 4 - json.length), words]));
  };
  const page = (...parts: string[]) => readFileSync(path.join(out, ...parts, 'index.html'), 'utf8');

  it('holds every document’s analysis after a cold build, and warns as a cold build does', () => {
    const warnings = buildBoth();
    expect(warnings.some((w) => w.includes('theme-unknown')) && warnings.some((w) => w.includes('front-matter-county-unknown'))).toBe(true);
    expect(Object.keys(readStored().head.analyses).length).toBe(4);
  });

  it('reads back the analyses of unchanged documents when another is edited', () => {
    alterStoredDescription(issue);
    appendFileSync(otherIssue, '\n这是一次更正。\n');
    const warnings = build(out, cache);
    // 2022/09 was not analysed again: its page shows the altered description; the unchanged article's warnings came back with its analysis.
    expect(page('issues', '2022', '09')).toContain(ALTERED);
    expect(warnings.some((w) => w.includes('theme-unknown')) && warnings.some((w) => w.includes('front-matter-county-unknown'))).toBe(true);
  });

  it('analyses an edited document again', () => {
    appendFileSync(issue, '\n这是一次更正。\n');
    buildBoth();
    expect(page('issues', '2022', '09')).not.toContain(ALTERED);
  });

  it('analyses every document again when themes.yaml changes', () => {
    alterStoredDescription(issue);
    appendFileSync(path.join(content, 'themes.yaml'), '- name: 测试主题\n  slug: ceshi-zhuti\n  keywords: [青年之家]\n');
    buildBoth();
    expect(page('issues', '2022', '09')).not.toContain(ALTERED);
  });
});
