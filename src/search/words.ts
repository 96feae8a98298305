// The records go to Pagefind already cut into words, under a language it does not cut
// (writeSearchIndex.ts), so it takes the words as the spaces between them say. Reading them as
// Chinese, it cut them itself (charabia), and that was most of its work: 1,500 records of the
// synthetic archive took 8–10 s of CPU and 846 MB so, against 4 s and 412 MB cut here, plus 0.8 s
// of cutting (README 搜索). Cut here by the link stage's jieba, then each word as the browser cuts a
// query; Pagefind matches a query word to every indexed word it begins, else to the longest indexed
// word that begins it.
import type { Jieba } from '@node-rs/jieba';
import { CJK } from './searchLogic.js';

/**
 * A word's parts as the browser cuts a query (Intl.Segmenter, ICU): Pagefind finds a query word only in
 * an indexed word it begins, so no indexed word may be longer than the query's. jieba knows place
 * names ICU does not (定襄县 is one word to jieba, three to ICU); cut by jieba alone, 团定襄县委 found
 * 2 of its 12 holders.
 */
const icu = new Intl.Segmenter('zh-CN', { granularity: 'word' });
const parts = (word: string): string[] => Array.from(icu.segment(word), (s) => s.segment);

/** Words met so far and their parts: a text repeats its words, and an archive its vocabulary. */
let partsKept = new Map<string, string[]>();
const PARTS_KEPT = 200_000;

const isCJK = (c: string) => c !== '' && CJK.test(c);
const isSpace = (c: string) => /\s/.test(c);

/**
 * HTML (a record, as search-record.njk writes it) with a space between every two words of its text
 * (as cut for the index) where either side is a CJK character, and before a CJK character just
 * after a tag (a tag parts words too; a space before one would keep Pagefind from ending a heading's
 * sentence with its full stop); nowhere else, so Latin words, numbers and character references stay
 * whole. Tags are copied as they are. One call to jieba for the whole record: each call costs more
 * than a short text's cut.
 */
export function spacedWords(jieba: Jieba, html: string): string {
  if (partsKept.size > PARTS_KEPT) partsKept = new Map();
  let out = '';
  /** The last character of text written, '' at the start and after a tag. */
  let last = '';
  let inTag = false;
  let afterTag = false;
  // jieba's tokens are the input cut up, nothing dropped; '<' and '>' are always tokens of their own.
  for (const token of jieba.cut(html, false)) {
    if (inTag || token === '<') {
      inTag = token !== '>';
      afterTag = true;
      last = '';
      out += token;
      continue;
    }
    let split = partsKept.get(token);
    if (!split) partsKept.set(token, (split = /^[\x00-\x7f]*$/.test(token) ? [token] : parts(token)));
    for (const word of split) {
      const first = String.fromCodePoint(word.codePointAt(0)!);
      if ((afterTag && isCJK(first)) || ((isCJK(last) || isCJK(first)) && last !== '' && !isSpace(last) && !isSpace(first))) out += ' ';
      afterTag = false;
      out += word;
      last = [...word].at(-1)!;
    }
  }
  return out;
}
