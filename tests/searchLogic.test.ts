// The search page's decisions without a browser: filtering and counting from facets.json, the URL
// state, issue numbers and full-width forms in queries, the order across bundles, where a result lands.
import { describe, expect, it } from 'vitest';
import { asciiForms, bestSection, chosenValues, common, countFacets, facetIndex, failed, issueLabels, ordered, paramsFromState, phraseAt, phraseGrams, phraseRecords, phraseText, readPostings, shardOf, stateFromParams } from '../src/search/searchLogic.js';
import { phraseParts } from '../src/search/writeSearchIndex.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundlePhrases, phraseShards, writePostings, type Postings } from '../src/search/phrases.ts';

// Three pages: a 2022 issue article about 阳城县 (晋城市), one about 榆次区 (晋中市), a 2023 article about 阳城县.
const facets = {
  values: [['年份', '2022'], ['年份', '2023'], ['城市', '晋城市'], ['城市', '晋中市'], ['县区', '阳城县'], ['县区', '榆次区'], ['类型', '简报'], ['类型', '文章']],
  pages: { a: [20220926, 0, 2, 4, 6], b: [20220926, 0, 3, 5, 6], c: [20230105, 1, 2, 4, 7] },
};
const index = facetIndex(facets);
const count = (counts: Uint32Array, name: string, value: string) => counts[index.valueAt.get(`${name}\0${value}`)!];

describe('filters', () => {
  it('pass a page holding any chosen value of a filter and every filter in use', () => {
    const chosen = chosenValues(index, { 县区: ['阳城县', '榆次区'], 年份: ['2022'] });
    expect(['a', 'b', 'c'].filter((id) => !failed(index, id, chosen).length)).toEqual(['a', 'b']);
    expect(failed(index, 'c', chosen)).toEqual([0]);
  });

  it('count each value as if it were ticked, given the other filters', () => {
    const counts = countFacets(index, ['a', 'b', 'c'], chosenValues(index, { 县区: ['阳城县'] }));
    // A page failing only the 县区 filter still counts for the other 县区 values…
    expect(count(counts, '县区', '榆次区')).toBe(1);
    // …and pages passing it count for every value they have.
    expect(count(counts, '城市', '晋城市')).toBe(2);
    expect(count(counts, '年份', '2022')).toBe(1);
    expect(count(counts, '年份', '2023')).toBe(1);
    expect(count(counts, '城市', '晋中市')).toBe(0);
  });

  it('count over everything when nothing is chosen', () => {
    const counts = countFacets(index, index.pageValues.keys(), []);
    expect([...counts]).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
  });
});

describe('the URL', () => {
  it('holds the query, the filters and the order, and reads back the same', () => {
    const state = { q: '电商', sort: 'date-desc', filters: { 县区: ['阳城县', '榆次区'], 主题: ['青年之家'] } };
    const params = paramsFromState(state);
    expect(String(params)).toBe('q=%E7%94%B5%E5%95%86&%E5%8E%BF%E5%8C%BA=%E9%98%B3%E5%9F%8E%E5%8E%BF&%E5%8E%BF%E5%8C%BA=%E6%A6%86%E6%AC%A1%E5%8C%BA&%E4%B8%BB%E9%A2%98=%E9%9D%92%E5%B9%B4%E4%B9%8B%E5%AE%B6&sort=date-desc');
    expect(stateFromParams(new URLSearchParams(String(params)))).toEqual(state);
    expect(stateFromParams(new URLSearchParams('县区=&未知=x'))).toEqual({ q: '', sort: '', filters: {} });
  });
});

describe('queries', () => {
  it('read full-width digits and letters as ASCII', () => {
    expect(asciiForms('１２３５５热线、ＡＰＰ、ａｐｐ')).toBe('12355热线、APP、app');
  });

  it('read an issue number as the 期号 labels it may mean', () => {
    expect(issueLabels('第9期', index.years)).toEqual(['〔2022〕第9期', '〔2023〕第9期']);
    expect(issueLabels('〔2022〕第11期', index.years)).toEqual(['〔2022〕第11期']);
    expect(issueLabels('2022年第011期', index.years)).toEqual(['〔2022〕第11期']);
    expect(issueLabels('第9期的经验', index.years)).toBeUndefined();
  });
});

describe('results', () => {
  it('are ordered by date across bundles when asked, and left in Pagefind’s order for relevance', () => {
    const results = [{ id: 'a' }, { id: 'c' }, { id: 'b' }];
    expect(ordered(index, results, 'date-desc').map((r: { id: string }) => r.id)).toEqual(['c', 'a', 'b']);
    expect(ordered(index, results, 'date-asc').map((r: { id: string }) => r.id)).toEqual(['a', 'b', 'c']);
    expect(ordered(index, results, '')).toBe(results);
  });

  it('land on the section holding the query as written, else on the record’s own place', () => {
    const data = {
      meta: { anchor: 'a1' },
      excerpt: '全文摘要',
      sub_results: [
        { anchor: { id: 'a1-s1' }, excerpt: '<mark>电</mark>子<mark>商务</mark>', locations: [1, 2, 3] },
        { anchor: { id: 'a1-s2' }, excerpt: '发展<mark>电商</mark>', locations: [4] },
      ],
    };
    expect(bestSection(data, '电商')).toEqual({ anchor: 'a1-s2', excerpt: '发展<mark>电商</mark>' });
    expect(bestSection(data, '直播')).toEqual({ anchor: 'a1', excerpt: '全文摘要' });
    expect(bestSection(data, '')).toEqual({ anchor: 'a1-s1', excerpt: '<mark>电</mark>子<mark>商务</mark>' });
  });

});

describe('the phrase index', () => {
  const texts = ['团​阳城​县委 建立 青年之家', '小学​新生，ＡＰＰ上线', '青年 之家', ''];
  const postings = readPostings(bundlePhrases(texts));

  it('reads a phrase as Ctrl-F does: full-width as ASCII, any case, no spaces', () => {
    expect(phraseText(' 青年 之家 ＡＰＰ\u200b')).toBe('青年之家app');
    expect(phraseGrams('青年之家')).toEqual(['青年之', '年之家']);
    expect(phraseGrams('学新')).toEqual(['学新']);
    expect(phraseGrams('学')).toEqual(['学']);
    expect(phraseGrams('')).toEqual([]);
  });

  it('lists each run of one to three characters with the records holding it, as written and read back', () => {
    expect(postings.get('学新')).toEqual([1]);
    expect(postings.get('之家')).toEqual([0, 2]);
    expect(postings.get('pp')).toEqual([1]);
    expect(postings.get('年之家')).toEqual([0, 2]);
    expect(postings.get('学新生')).toEqual([1]);
    // Wide lists as bitmaps, short ones as gaps: both read back the same.
    const wide = new Map([['青年', Array.from({ length: 500 }, (_, i) => i * 2)], ['学新', [3, 70000]]]);
    expect(readPostings(writePostings(wide))).toEqual(wide);
    expect(readPostings(writePostings(postings), new Set(['学新']))).toEqual(new Map([['学新', [1]]]));
    expect(common([[1, 4, 9], [4, 9, 12], [0, 4, 9]])).toEqual([4, 9]);
    expect(shardOf('青年', 1024)).toBe(shardOf('青年', 1024));
    expect(shardOf('青年', 1)).toBe(0);
  });

  it('merges the bundles\' lists into shards that hold every key with its records numbered across the bundles', async () => {
    // Seeded: three bundles of random keys, lists short (gaps) and wide (bitmaps), keys some bundles share.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const keys = [...new Set(Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x4e00 + Math.floor(random() * 300), ...(i % 3 ? [0x4e00 + i] : []))))];
    const sizes = [900, 40, 500];
    const dir = mkdtempSync(path.join(tmpdir(), 'yaoxun-shards-'));
    try {
      const expected: Postings = new Map();
      const bundles = sizes.map((records, b) => {
        const offset = sizes.slice(0, b).reduce((a, n) => a + n, 0);
        const list: Postings = new Map();
        for (const key of keys) {
          if (random() < 0.5) continue;
          const wide = random() < 0.1;
          const held = Array.from({ length: records }, (_, n) => n).filter(() => random() < (wide ? 0.6 : 0.01));
          if (!held.length) continue;
          list.set(key, held);
          expected.set(key, [...(expected.get(key) ?? []), ...held.map((n) => n + offset)]);
        }
        mkdirSync(path.join(dir, String(b)));
        writeFileSync(path.join(dir, String(b), 'phrases.bin'), writePostings(list));
        return { dir: path.join(dir, String(b)), records };
      });
      const shards = phraseShards(bundles);
      expect(shards.length).toBeGreaterThan(1);
      const read = new Map<string, number[]>();
      shards.forEach((bytes, n) => {
        for (const [key, records] of readPostings(bytes)) {
          expect(shardOf(key, shards.length)).toBe(n);
          read.set(key, records);
        }
      });
      expect(read).toEqual(expected);
      // Each shard is as writePostings writes its keys.
      shards.forEach((bytes, n) => expect(bytes.equals(writePostings(new Map([...expected].filter(([key]) => shardOf(key, shards.length) === n))))).toBe(true));
      // In parts, as a build writes them (the first bundle alone, the others together), read as the search page reads them.
      const parts = phraseParts(bundles.length).map((members) => ({ shards: phraseShards(members.map((i) => bundles[i])), from: sizes.slice(0, members[0]).reduce((a, n) => a + n, 0) }));
      expect(parts.map((p) => p.from)).toEqual([0, 900]);
      // The first bundle's part alone: each shard as writePostings writes its keys of that bundle's list.
      const first = readPostings(readFileSync(path.join(bundles[0].dir, 'phrases.bin')));
      expect(parts[0].shards.length).toBeGreaterThan(1);
      parts[0].shards.forEach((bytes, n) => expect(bytes.equals(writePostings(new Map([...first].filter(([key]) => shardOf(key, parts[0].shards.length) === n))))).toBe(true));
      const manifest = parts.map((p, i) => ({ path: `${i}/`, shards: p.shards.length, from: p.from }));
      const asked: string[] = [];
      const shard = async (p: number, n: number) => (asked.push(`${p}/${n}`), parts[p].shards[n]);
      for (const key of keys.slice(0, 300)) expect(await phraseRecords([key], manifest, shard), key).toEqual(expected.get(key) ?? []);
      const [a, b] = [...expected.keys()].filter((k) => expected.get(k)!.length > 50);
      expect(await phraseRecords([a, b], manifest, shard)).toEqual(common([expected.get(a)!, expected.get(b)!]));
      expect(await phraseRecords([], manifest, shard)).toEqual([]);
      expect(asked.every((at) => /^[01]\/\d+$/.test(at))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the phrase in a record: the text around it, the phrase as written, the section it is in', () => {
    const data = { meta: { anchor: 'a1' }, content: '标题. 一 是 建立 青年 之 家 平台 。 二 、 方法. 小学 新生', anchors: [{ id: 'a1', text: '标题', location: 0 }, { id: 'a1-s1', text: '二、方法', location: 8 }] };
    expect(phraseAt(data, '青年之家')).toEqual({ before: '标题.一是建立', match: '青年之家', after: '平台。二、方法.小学新生', anchor: 'a1' });
    expect(phraseAt(data, '学新')?.anchor).toBe('a1-s1');
    expect(phraseAt(data, '学新')?.match).toBe('学新');
    expect(phraseAt(data, '电商')).toBeUndefined();
  });
});
