// The search index's bundles through the real Pagefind binary (src/search/writeSearchIndex.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SearchManifest } from '../src/search/writeSearchIndex.ts';
import { writeSearchIndex } from '../src/search/writeSearchIndex.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'yaoxun-search-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A record as search-record.njk writes one, its text already cut into words. */
const record = (page: string, text: string) =>
  `<!DOCTYPE html><html lang="zh-CN"><body data-pagefind-body><i data-pagefind-meta="title:${text}"></i><i data-pagefind-meta="page:${page}"></i><i data-pagefind-sort="date:2022-09-26"></i><p>${text}</p></body></html>`;

describe('the search index', () => {
  it('names every record apart across bundles, even where Pagefind gives two the same hash', async () => {
    // The same records in two bundles: Pagefind names a record by its language and a hash of it, so
    // under one language both bundles would name them alike.
    const same = () => [record('/issues/2022/09/', '团 代表 联络 站'), record('/issues/2022/11/', '青年 之家 建设')];
    const out = path.join(dir, 'pagefind');
    await writeSearchIndex([{ name: 'y2023', key: 'a', records: same }, { name: 'y2016-2023', key: 'b', records: same }], out);
    const manifest = JSON.parse(readFileSync(path.join(out, 'facets.json'), 'utf8')) as SearchManifest;
    expect(Object.keys(manifest.pages)).toHaveLength(4);
    expect(manifest.bundles.map((b) => b.records)).toEqual([2, 2]);
    // Each bundle under a language of its own, one Pagefind neither cuts nor stems.
    const entry = JSON.parse(readFileSync(path.join(out, 'y2023', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, unknown> };
    expect(Object.keys(entry.languages)).toEqual(['x-y2023']);
  });
});
