// The writer's staging folder (src/write/writeSite.ts): what the new site no longer has is gone from it, folders included.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSite } from '../src/write/writeSite.ts';
import { tempDir } from './helpers.ts';

describe('writeSite', () => {
  it('removes the pages the site no longer has and every folder they leave empty, and measures what is left', async () => {
    const out = path.join(tempDir('write-site'), 'site');
    // A file right in `a`, and one two folders below it: `a` empties only once `a/b` has gone.
    for (const file of ['a/x.html', 'a/b/c/index.html', 'kept/index.html', 'pagefind/p.bin']) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), file);
    }
    const size = await writeSite(out, { pages: [{ url: '/new/', content: 'new' }], kept: ['/kept/'], filled: ['pagefind'] });
    expect(readdirSync(out).sort()).toEqual(['kept', 'new', 'pagefind']);
    expect(existsSync(path.join(out, 'pagefind', 'p.bin'))).toBe(true);
    // The two pages, not the file in the folder the writer leaves to others.
    expect(size).toEqual({ files: 2, bytes: 'kept/index.html'.length + 'new'.length });
  });
});
