// The link stage's analyses kept between builds (cache/analysisCache.ts): read back for documents
// whose bytes are the same, made anew for the others, and for all of them once themes.yaml changes;
// the site and the warnings the same as a cold build's either way. A stored analysis is altered by
// hand to see which build read it back: a build that analysed the document again shows no trace of it.
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { AnalysisCache } from '../src/cache/analysisCache.ts';
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

describe('the analysis cache file and its delta', () => {
  // A numbering of its own, as the link's vocabulary numbers words.
  const spelled: string[] = [];
  const numbering = { spelled, wordId: (w: string) => (spelled.includes(w) ? spelled.indexOf(w) : spelled.push(w) - 1) };
  const root = tempDir('analysis-delta');
  const dir = path.join(root, 'cache');
  const doc = (n: number, version = 1) => ({ path: path.join(root, `${n}.md`), data: { hash: `h${n}.${version}`, kind: 'issue' } }) as unknown as VFile;
  const kept = (n: number, version = 1) => {
    const ids = Uint32Array.from([`词语${n}`, `版本${version}`], numbering.wordId);
    return { analysis: { said: `${n}.${version}` }, words: [{ ids, counts: Float64Array.from([n, version]) }] };
  };
  /** One build: reads the files, takes back what it can, analyses the rest (`versions` by document), writes. */
  const build = async (versions: Map<number, number>) => {
    const cache = new AnalysisCache<{ said: string }>(dir, 'v', numbering).read(root);
    const taken: number[] = [];
    for (const [n, version] of versions) {
      const back = cache.get(doc(n, version));
      if (back) {
        expect(back.analysis.said).toBe(`${n}.${version}`);
        expect([...back.words[0].ids].map((id) => spelled[id])).toEqual([`词语${n}`, `版本${version}`]);
        expect([...back.words[0].counts]).toEqual([n, version]);
        taken.push(n);
      } else cache.set(doc(n, version), kept(n, version));
    }
    await cache.save();
    return taken;
  };
  const files = () => readdirSync(dir).sort();
  const headOf = (name: string) => {
    const bytes = readFileSync(path.join(dir, name));
    return JSON.parse(bytes.toString('utf8', 4, 4 + bytes.readUInt32LE(0))) as { id?: string; base?: string; analyses: Record<string, unknown> };
  };

  it('writes only what a few edits made to the delta, and the whole file again when a document is gone or the delta grows', async () => {
    const versions = new Map(Array.from({ length: 40 }, (_, n) => [n, 1]));
    expect(await build(versions)).toEqual([]);
    const [whole] = files();
    const first = readFileSync(path.join(dir, whole));
    versions.set(3, 2);
    expect(await build(versions)).toHaveLength(39);
    expect(files()).toEqual([whole, `${whole}.delta`]);
    expect(readFileSync(path.join(dir, whole)).equals(first), 'the whole file is left as it was').toBe(true);
    expect(Object.keys(headOf(`${whole}.delta`).analyses)).toEqual([doc(3).path]);
    versions.set(5, 2);
    // 3's second version comes back from the delta, the rest from the file.
    expect(await build(versions)).toHaveLength(39);
    expect(Object.keys(headOf(`${whole}.delta`).analyses).sort()).toEqual([doc(3).path, doc(5).path].sort());
    expect(headOf(`${whole}.delta`).base).toBe(headOf(whole).id);
    expect(await build(versions)).toHaveLength(40);
    // More than an eighth of the documents made since the whole file: it is written again, the delta goes.
    for (let n = 10; n < 16; n++) versions.set(n, 2);
    expect(await build(versions)).toHaveLength(34);
    expect(files()).toEqual([whole]);
    expect(await build(versions)).toHaveLength(40);
    versions.set(20, 2);
    await build(versions);
    expect(files()).toEqual([whole, `${whole}.delta`]);
    versions.delete(7);
    expect(await build(versions)).toHaveLength(39);
    expect(files()).toEqual([whole]);
    expect(Object.keys(headOf(whole).analyses)).toHaveLength(39);
    expect(await build(versions)).toHaveLength(39);
  });

  it('does not read a delta written for another whole file', async () => {
    const versions = new Map(Array.from({ length: 40 }, (_, n) => [n, 1]));
    rmSync(dir, { recursive: true, force: true });
    await build(versions);
    versions.set(3, 2);
    await build(versions);
    const [whole, delta] = files();
    const aside = readFileSync(path.join(dir, delta));
    // Another build writes the whole file anew (a document gone, 3 edited again); the delta of the old file comes back.
    versions.delete(7);
    versions.set(3, 3);
    await build(versions);
    expect(files()).toEqual([whole]);
    writeFileSync(path.join(dir, delta), aside);
    // 3 back at its second version, which only that delta holds: it is analysed anew, not read from there.
    versions.set(3, 2);
    expect(await build(versions)).toHaveLength(38);
    expect(Object.keys(headOf(delta).analyses)).toEqual([doc(3).path]);
    expect(headOf(delta).base).toBe(headOf(whole).id);
  });
});
