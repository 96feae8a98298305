// The writer's staging folder (src/write/writeSite.ts): what the new site no longer has is gone from it,
// folders included; the site it replaced is kept and becomes the next staging folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesBelow } from '../src/files.ts';
import { writeSite, type Spare } from '../src/write/writeSite.ts';
import { tempDir } from './helpers.ts';

describe('writeSite', () => {
  it('removes the pages the site no longer has and every folder they leave empty, and measures what is left', async () => {
    const out = path.join(tempDir('write-site'), 'site');
    // A file right in `a`, and one two folders below it: `a` empties only once `a/b` has gone.
    for (const file of ['a/x.html', 'a/b/c/index.html', 'kept/index.html', 'pagefind/p.bin']) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), file);
    }
    const { size } = await writeSite(out, { pages: [{ url: '/new/', content: 'new' }], kept: ['/kept/'], filled: ['pagefind'] });
    expect(readdirSync(out).sort()).toEqual(['kept', 'new', 'pagefind']);
    expect(existsSync(path.join(out, 'pagefind', 'p.bin'))).toBe(true);
    // The two pages, not the file in the folder the writer leaves to others.
    expect(size).toEqual({ files: 2, bytes: 'kept/index.html'.length + 'new'.length });
  });
});

describe('writeSite with the spare the last write kept', () => {
  const read = (dir: string) => Object.fromEntries(filesBelow(dir).map((rel) => [rel, readFileSync(path.join(dir, rel), 'utf8')]));
  const inode = (file: string) => statSync(file).ino;

  it('stages in the site it replaced, brought up to date path by path, and ends as a write from scratch would', async () => {
    const dir = tempDir('write-spare');
    const out = path.join(dir, 'site');
    /** One build as build.ts drives it: the current site's files and the spare the last write kept. */
    let spare: Spare | undefined;
    const write = async (pages: Record<string, string>, index: Record<string, string>) => {
      const current = existsSync(out) ? { files: new Set(filesBelow(out, ['pagefind'])), spare } : undefined;
      const result = await writeSite(out, {
        pages: Object.entries(pages).map(([url, content]) => ({ url, content })),
        filled: ['pagefind'],
        // The search index's part: a folder replaced whole, as writeSearchIndex replaces a bundle,
        // and only when the current site's differs (as a bundle's key tells), trusting the rest is staged.
        fill: async (staging) => {
          const changed: string[] = [];
          for (const [name, content] of Object.entries(index)) {
            const file = path.join(staging, 'pagefind', name, 'index.bin');
            const now = path.join(out, 'pagefind', name, 'index.bin');
            if (existsSync(now) && readFileSync(now, 'utf8') === content) continue;
            rmSync(path.dirname(file), { recursive: true, force: true });
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, content);
            changed.push(path.join('pagefind', name));
          }
          return changed;
        },
        current,
      });
      spare = result.spare;
      return result;
    };
    await write({ '/a/': 'a1', '/b/': 'b1', '/c/d/': 'c1' }, { old: 'o1', new: 'n1' });
    const a = inode(path.join(out, 'a', 'index.html'));
    const old = inode(path.join(out, 'pagefind', 'old', 'index.bin'));
    // No site before the first, so nothing to keep.
    expect(spare).toBeUndefined();
    await write({ '/a/': 'a1', '/b/': 'b2', '/e/': 'e2' }, { old: 'o1', new: 'n2' });
    expect(spare?.changed.sort()).toEqual(['b/index.html', 'c/d/index.html', 'e/index.html', 'pagefind/new'].map((p) => path.join(...p.split('/'))));
    const b = inode(path.join(out, 'b', 'index.html'));
    const kept = spare!.folder;
    // The spare is the first site as it was.
    expect(read(kept)).toEqual({ 'a/index.html': 'a1', 'b/index.html': 'b1', [path.join('c', 'd', 'index.html')]: 'c1', [path.join('pagefind', 'old', 'index.bin')]: 'o1', [path.join('pagefind', 'new', 'index.bin')]: 'n1' });
    // The index as the second build left it: the spare's own (n1) must not come back.
    await write({ '/a/': 'a1', '/b/': 'b2', '/e/': 'e3', '/f/': 'f3' }, { old: 'o1', new: 'n2' });
    expect(existsSync(kept), 'the spare was taken as the staging folder').toBe(false);
    expect(read(out)).toEqual({ 'a/index.html': 'a1', 'b/index.html': 'b2', 'e/index.html': 'e3', 'f/index.html': 'f3', [path.join('pagefind', 'old', 'index.bin')]: 'o1', [path.join('pagefind', 'new', 'index.bin')]: 'n2' });
    expect(readdirSync(out).sort()).toEqual(['a', 'b', 'e', 'f', 'pagefind']);
    // What neither build changed is still the first build's file; what the second wrote, its file.
    expect(inode(path.join(out, 'a', 'index.html'))).toBe(a);
    expect(inode(path.join(out, 'pagefind', 'old', 'index.bin'))).toBe(old);
    expect(inode(path.join(out, 'b', 'index.html'))).toBe(b);
    // The only folder beside the site is the spare for the next build: the second build's site.
    expect(readdirSync(dir).filter((n) => n !== 'site')).toEqual([path.basename(spare!.folder)]);
    expect(read(spare!.folder)['e/index.html']).toBe('e2');
  });

  it('links the current site anew when the spare is gone', async () => {
    const dir = tempDir('write-spare-gone');
    const out = path.join(dir, 'site');
    await writeSite(out, { pages: [{ url: '/a/', content: 'a1' }] });
    const { spare } = await writeSite(out, { pages: [{ url: '/a/', content: 'a2' }, { url: '/b/', content: 'b2' }], current: { files: new Set(filesBelow(out)) } });
    rmSync(spare!.folder, { recursive: true });
    await writeSite(out, { pages: [{ url: '/a/', content: 'a2' }], current: { files: new Set(filesBelow(out)), spare } });
    expect(read(out)).toEqual({ 'a/index.html': 'a2' });
  });
});
