// A build takes the hash of a content file the last build read when its size, times and inode are
// the same, and reads it otherwise (src/load/loadContent.ts, src/cache/knownContent.ts).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KnownContent } from '../src/cache/knownContent.ts';
import { contentHash } from '../src/files.ts';
import { loadContent, SETTLED_MS, sourceFiles } from '../src/load/loadContent.ts';
import { copyContent, root, tempDir, yaoxun } from './helpers.ts';

describe('content files known from an earlier build', () => {
  it('are taken by their hash where their signature is the one known, read otherwise, and signed only once settled', async () => {
    const content = copyContent('known-load');
    const nine = path.join(content, 'issues', '2022', '09.md');
    const first = sourceFiles(loadContent(content, () => undefined));
    // Just copied: none has settled, so none is signed for a later build to take.
    expect(first.filter((f) => f.data.signature)).toEqual([]);
    await sleep(SETTLED_MS + 200);
    const signatures = new Map<string, string>();
    const loaded = sourceFiles(
      loadContent(content, (file, signature) => {
        signatures.set(file, signature);
        return file === nine ? 'hash-known-before' : undefined;
      }),
    );
    expect(loaded.every((f) => f.data.signature === signatures.get(f.path))).toBe(true);
    const known = loaded.find((f) => f.path === nine)!;
    expect(known.data.hash).toBe('hash-known-before');
    for (const f of loaded.filter((f) => f !== known)) expect(f.data.hash).toBe(contentHash(readFileSync(f.path)));
    // Its text is read when asked for, and must be the text of the hash taken: here it is not.
    expect(() => known.value).toThrow('在生成过程中被修改了');
    // A write changes the signature (and the file is not settled again yet).
    writeFileSync(nine, readFileSync(nine, 'utf8').replace('团', '队'));
    const again = sourceFiles(loadContent(content, (file, signature) => (file === nine && signature === signatures.get(nine) ? 'hash-known-before' : undefined)));
    const nineAgain = again.find((f) => f.path === nine)!;
    expect(nineAgain.data.hash).toBe(contentHash(readFileSync(nine)));
    expect(nineAgain.data.signature).toBeUndefined();
  });

  it('are recorded by a build for the next, and an edit that keeps the size is still seen', async () => {
    const content = copyContent('known-build');
    const cache = path.join(tempDir('known-build-cache'), 'cache');
    const out = path.join(tempDir('known-build-out'), 'site');
    const build = () => yaoxun(['build', '--content', content, '--out', out], root, { YAOXUN_CACHE_DIR: cache }).stdout;
    await sleep(SETTLED_MS + 200);
    expect(build()).toContain('已生成');
    const [record] = readdirSync(path.join(cache, 'content'));
    const known = JSON.parse(readFileSync(path.join(cache, 'content', record), 'utf8')) as Record<string, [string, string]>;
    expect(Object.keys(known).sort()).toEqual(sourceFiles(loadContent(content)).map((f) => path.resolve(f.path)).sort());
    expect(build()).toContain('已是最新的');
    // The same number of bytes, other characters: the time of change tells it apart.
    const nine = path.join(content, 'issues', '2022', '09.md');
    const text = readFileSync(nine, 'utf8');
    expect(text).toContain('团阳城县委');
    writeFileSync(nine, text.replace('团阳城县委', '团阳域县委'));
    expect(build()).toContain('已生成');
    expect(readFileSync(path.join(out, 'issues', '2022', '09', 'index.html'), 'utf8')).toContain('团阳域县委');
  });

  it('tell a build whether any file is new or changed since they were recorded: a deletion is neither', async () => {
    const content = copyContent('known-changed');
    await sleep(SETTLED_MS + 200);
    const texts = (record: KnownContent) => {
      const loaded = loadContent(content, record.known);
      return [...loaded.issues, ...loaded.standalones];
    };
    const first = new KnownContent(content);
    expect(first.changedAmong(texts(first))).toBe(true);
    first.save(sourceFiles(loadContent(content, first.known)));
    const record = new KnownContent(content);
    expect(record.changedAmong(texts(record))).toBe(false);
    rmSync(path.join(content, 'issues', '2022', '11.md'));
    expect(record.changedAmong(texts(record))).toBe(false);
    const nine = path.join(content, 'issues', '2022', '09.md');
    writeFileSync(nine, readFileSync(nine, 'utf8').replace('团阳城县委', '团阳域县委'));
    expect(record.changedAmong(texts(record))).toBe(true);
  });
});
