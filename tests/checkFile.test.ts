// `yaoxun check FILE` reads the build's parse cache and only outlines of the other files
// (src/checkFiles.ts); what it says of FILE, and its exit code, must be what a whole check says.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { root, tempDir, yaoxun } from './helpers.ts';

/** Every file under `dir` with its size and time of change: what a run that must not write leaves as it was. */
const snapshot = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((f) => {
      const s = statSync(path.join(dir, f));
      return `${f} ${s.size} ${s.mtimeMs}`;
    });

describe('yaoxun check FILE', () => {
  it('says of FILE exactly what a whole check says, with no cache, a warm one and one gone stale', { timeout: 240_000 }, () => {
    const dir = tempDir('check-file');
    const content = path.join(dir, 'content');
    writeCorpus(content, 40, 7);
    // The bundled material brings a mistyped county (孟县), standalones and the 2022 issues.
    cpSync(path.join(root, 'content', 'issues', '2022'), path.join(content, 'issues', '2022'), { recursive: true });
    cpSync(path.join(root, 'content', 'articles'), path.join(content, 'articles'), { recursive: true });
    const issue = (year: number, n: number) => path.join(content, 'issues', String(year), `${String(n).padStart(2, '0')}.md`);
    const edit = (file: string, from: RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
    // A second file claiming 〔2022〕第11期 (the error is on the later one), a standalone whose name no URL
    // can carry, a theme themes.yaml lacks.
    cpSync(issue(2022, 9), issue(2022, 12));
    edit(issue(2022, 12), /期号: .*/, '期号: 〔2022〕第11期');
    const article = readdirSync(path.join(content, 'articles'))[0];
    cpSync(path.join(content, 'articles', article), path.join(content, 'articles', 'Bad Name.md'));
    edit(issue(2025, 6), /主题: \[.*\]/, '主题: [没有的主题]');
    const targets = [issue(2022, 11), issue(2022, 12), path.join(content, 'articles', 'Bad Name.md'), issue(2025, 5), issue(2025, 6)];

    const env = { YAOXUN_CACHE_DIR: path.join(dir, 'cache') };
    /** What a whole check says of the targets, and its exit code */
    const whole = () => {
      const r = yaoxun(['check', '--content', content, '--format', 'json'], root, env);
      const report = JSON.parse(r.stdout) as { file: string }[];
      return { code: r.code, report: report.filter((f) => targets.some((t) => path.resolve(t) === path.resolve(f.file))) };
    };
    const some = () => {
      const r = yaoxun(['check', '--content', content, '--format', 'json', ...targets], root, env);
      return { code: r.code, report: JSON.parse(r.stdout) as { file: string }[] };
    };
    const compare = () => {
      const expected = whole();
      expect(expected.report).toHaveLength(targets.length);
      expect(some()).toEqual(expected);
      return expected;
    };

    // No cache at all: every file is parsed.
    const cold = compare();
    const said = JSON.stringify(cold.report);
    for (const rule of ['issue-duplicate', 'unit-county-mistyped', 'article-file-name', 'theme-unknown']) expect(said).toContain(rule);
    expect(cold.code).toBe(1);

    // A build fills the cache (it parses and caches even when it then refuses the errors); check reads
    // it and writes nothing into it.
    expect(yaoxun(['build', '--content', content, '--out', path.join(dir, 'site')], root, env).code).toBe(1);
    const cacheBefore = snapshot(env.YAOXUN_CACHE_DIR);
    expect(cacheBefore.some((f) => f.startsWith(`parsed${path.sep}outlines-`))).toBe(true);
    compare();
    expect(snapshot(env.YAOXUN_CACHE_DIR)).toEqual(cacheBefore);

    // Stale: another file now claims 〔2025〕第5期 before 05.md does, so 05.md gets the error.
    edit(issue(2025, 3), /期号: .*/, '期号: 〔2025〕第5期');
    const stale = compare();
    expect(JSON.stringify(stale.report.find((f) => path.resolve(f.file) === path.resolve(issue(2025, 5))))).toContain('issue-duplicate');
    // And back: 12.md claims 11 again, edited after the build.
    edit(issue(2022, 12), /期号: .*/, '期号: 〔2022〕第11期');
    compare();
    expect(snapshot(env.YAOXUN_CACHE_DIR)).toEqual(cacheBefore);
  });
});
