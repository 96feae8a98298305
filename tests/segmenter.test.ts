// Loaded ahead, the segmenter cuts in a worker thread first and in this thread after AWAY_CUTS cuts
// (segmenter.ts): both must give jieba's own words, so a build's output does not depend on which
// thread cut it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { AWAY_CUTS, loadSegmenterAhead, segmenterFor } from '../src/link/segmenter.ts';

const require = createRequire(import.meta.url);
const content = path.join(import.meta.dirname, '..', 'content');
const texts = [...readdirSync(path.join(content, 'issues'), { recursive: true }), ...readdirSync(path.join(content, 'articles')).map((f) => `../articles/${f}`)]
  .map(String)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => readFileSync(path.join(content, 'issues', f), 'utf8').split('\n'));

describe('segmenter', () => {
  it('cuts as jieba does with the themes’ words added, in the worker and then in this thread', () => {
    const themes = [{ name: '团代表联络站', slug: 'tdblllz', keywords: ['一专一站两联'] }];
    const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
    jieba.loadDict(Buffer.from('一专一站两联 1000000 n\n团代表联络站 1000000 n'));
    loadSegmenterAhead(themes);
    const segmenter = segmenterFor(themes);
    // Enough texts for both threads; the themes' words and characters outside the BMP in both.
    const odd = ['建立团代表联络站，推行一专一站两联。', '𠀀青年之家𠀀 APP 12355', ''];
    const all = [...odd, ...texts, ...odd];
    expect(all.length).toBeGreaterThan(2 * AWAY_CUTS);
    for (const text of all) {
      const words = segmenter.cut(text);
      expect(words).toEqual(jieba.cut(text, false));
      expect(words.join('')).toBe(text);
    }
    expect(segmenter.cut('建立团代表联络站')).toContain('团代表联络站');
    expect(segmenterFor(themes)).toBe(segmenter);
  });

  it('cuts in this thread from the first cut when not loaded ahead', () => {
    const segmenter = segmenterFor([]);
    expect(segmenter.cut('团代表联络站扎实推进')).toEqual(['团', '代表', '联络站', '扎实', '推进']);
  });
});
