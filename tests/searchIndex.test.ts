// The search index's bundles through the real Pagefind binary (src/search/writeSearchIndex.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check.ts';
import { templateEnvironment } from '../src/render/pages.ts';
import { readRecords } from '../src/search/facets.ts';
import { bundlePhrases, pagefindText, PreparedPhrases } from '../src/search/phrases.ts';
import { renderRecords } from '../src/search/records.ts';
import { phraseText } from '../src/search/searchLogic.js';
import type { SearchManifest } from '../src/search/writeSearchIndex.ts';
import { writeSearchIndex } from '../src/search/writeSearchIndex.ts';
import { root, tempDir } from './helpers.ts';

const dir = tempDir('search-index');

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

  it('makes a bundle\'s phrase list while Pagefind runs, from the text Pagefind keeps of each record: the same bytes as from Pagefind\'s own', async () => {
    const site = checkContent(path.join(root, 'content')).site;
    const rendered = renderRecords(templateEnvironment({ templates: path.join(root, 'templates'), base: '/' }), site);
    // Beside the bundled content's, what its records do not hold: a heading and a paragraph ending in
    // a word (Pagefind adds a '.'), a table, line breaks, character references, anchors.
    const holding = (page: string, html: string) => record(page, '记录').replace('<p>记录</p>', html);
    const made = [
      ...rendered,
      holding('/a/', '<h2 id="x">小 标题</h2>\n<p>段落 结尾 是 字</p><section><h3>节</h3><p>末 句 ）</p></section>'),
      holding('/b/', '<table><tr><td>单元 格</td><td>2022</td></tr></table><p>甲<br>乙 &amp; 丙 &#39;引&#x27;</p>'),
      holding('/c/', '<p>团<sup><a id="fnref-1" href="#fn-1">①</a></sup>县委 “ 青年 ” ( 一 ) *</p><ol><li>注 一</li></ol>'),
      // An anchor or a line break last in a paragraph: its text then ends in a space, and gets no '.'.
      holding('/d/', '<p>一 段<a id="end"></a></p><p>二 段<br></p>'),
    ];
    const out = path.join(dir, 'phrases');
    await writeSearchIndex([{ name: 'y2022', key: 'k', records: () => made }], out);
    const stored = await readRecords(path.join(out, 'y2022'));
    expect(stored).toHaveLength(made.length);
    for (const { fragment } of stored) {
      const html = made[Number(/^\/(\d+)\.html$/.exec(fragment.url)![1])];
      expect(phraseText(pagefindText(html) ?? ''), fragment.url).toBe(phraseText(fragment.content ?? ''));
    }
    const texts = stored.map((r) => r.fragment.content ?? '');
    expect(readFileSync(path.join(out, 'y2022', 'phrases.bin')).equals(bundlePhrases(texts))).toBe(true);
  });

  it('numbers a phrase list made ahead as Pagefind lists the records, and gives none where a text is not the one expected', () => {
    const prepared = new PreparedPhrases();
    expect(prepared.add(record('/a/', '青年 之家'))).toBe(true);
    expect(prepared.add(record('/b/', '团 代表'))).toBe(true);
    expect(prepared.file([{ added: 1, text: '团 代表.' }, { added: 0, text: '青年 之家.' }])).toEqual(bundlePhrases(['团代表.', '青年之家.']));
    // White space other than Pagefind's usual single spaces: the phrase index reads the same text.
    expect(prepared.file([{ added: 1, text: '团\u00a0代表.' }, { added: 0, text: '青年 之家.' }])).toEqual(bundlePhrases(['团代表.', '青年之家.']));
    expect(prepared.file([{ added: 1, text: '团 代表.' }, { added: 0, text: '青年 之屋.' }])).toBeUndefined();
    expect(prepared.file([{ added: 0, text: '青年 之家.' }, { added: 0, text: '青年 之家.' }])).toBeUndefined();
    expect(prepared.file([{ added: 0, text: '青年 之家.' }])).toBeUndefined();
    expect(prepared.add('<p>没有 搜索 正文</p>')).toBe(false);
  });

  it('hands Pagefind the records from a folder in memory, removed after, and removes one a killed build left there', async () => {
    // A process that has ended: its folder is a killed build's.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const left = path.join('/dev/shm', `yaoxun-records-${gone}-killed`);
    mkdirSync(left, { recursive: true });
    writeFileSync(path.join(left, '0.html'), record('/x/', '留下'));
    const mine = () => readdirSync('/dev/shm').filter((n) => n.startsWith(`yaoxun-records-${process.pid}-`));
    const seen: number[] = [];
    const out = path.join(dir, 'memory');
    await writeSearchIndex([{ name: 'y2022', key: 'm', records: function* () {
      yield record('/a/', '青年 之家');
      // The first record is being written by now, into this process's folder in memory.
      seen.push(mine().length);
      yield record('/b/', '团 代表');
    } }], out);
    expect(seen).toEqual([1]);
    expect(mine()).toEqual([]);
    expect(existsSync(left)).toBe(false);
    expect(readdirSync(out).filter((n) => n.startsWith('.records-'))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(out, 'facets.json'), 'utf8')).bundles[0].records).toBe(2);
  });
});
