// The one jieba of a build: 相关经验 (related.ts) counts its words, and the search records are cut
// into words with it (search/words.ts). Its dictionary takes 0.1–0.2 s to load, so it is loaded once
// per set of themes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import type { Theme } from './themes.ts';
import { WORD } from './vocabulary.ts';

const segmenters = new Map<string, Jieba>();
/** The segmenter of a list of themes already asked for: 相关经验 asks once per entry, with the same list. */
const byList = new WeakMap<Theme[], Jieba>();

/** jieba with its own dictionary plus the themes' trigger words (editors' vocabulary), made once per set of themes. */
export function segmenterFor(themes: Theme[]): Jieba {
  const known = byList.get(themes);
  if (known) return known;
  const words = [...new Set(themes.flatMap((t) => [t.name, ...t.keywords]))].filter((w) => WORD.test(w)).sort();
  const key = words.join('\n');
  let jieba = segmenters.get(key);
  if (!jieba) {
    const require = createRequire(import.meta.url);
    jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
    // A frequency above any of the dictionary's own keeps each one whole.
    if (words.length) jieba.loadDict(Buffer.from(words.map((w) => `${w} 1000000 n`).join('\n')));
    segmenters.set(key, jieba);
  }
  byList.set(themes, jieba);
  return jieba;
}
