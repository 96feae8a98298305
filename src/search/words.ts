// The records go to Pagefind already cut into words, under a language it does not cut
// (writeSearchIndex.ts), so it takes the words as the spaces between them say. Reading them as
// Chinese, it cut them itself (charabia), and that was most of its work: 1,500 records of the
// synthetic archive took 8–10 s of CPU and 846 MB so, against 4 s and 412 MB cut here, plus 0.8 s
// of cutting (README 搜索). Cut here by the link stage's jieba, then each word as the browser cuts a
// query; Pagefind matches a query word to every indexed word it begins, else to the longest indexed
// word that begins it.
import type { Segmenter } from '../link/segmenter.ts';
import { CJK } from './searchLogic.js';

/**
 * A word's parts as the browser cuts a query (Intl.Segmenter, ICU): Pagefind finds a query word only in
 * an indexed word it begins, so no indexed word may be longer than the query's. jieba knows place
 * names ICU does not (定襄县 is one word to jieba, three to ICU); cut by jieba alone, 团定襄县委 found
 * 2 of its 12 holders.
 */
const icu = new Intl.Segmenter('zh-CN', { granularity: 'word' });

const isCJK = (c: string) => CJK.test(c);
const isSpace = (c: string) => /\s/.test(c);

/** A word as the index takes it, and what its ends are: whether a space goes before or after it depends on them. */
interface Part {
  word: string;
  cjkFirst: boolean;
  spaceFirst: boolean;
  cjkLast: boolean;
  spaceLast: boolean;
}

function part(word: string): Part {
  const characters = [...word];
  const [first, last] = [characters[0], characters.at(-1)!];
  return { word, cjkFirst: isCJK(first), spaceFirst: isSpace(first), cjkLast: isCJK(last), spaceLast: isSpace(last) };
}

/** A token's parts: ASCII stays whole, the rest is cut as the browser cuts a query. */
const partsOf = (token: string): Part[] => (/^[\x00-\x7f]*$/.test(token) ? [part(token)] : Array.from(icu.segment(token), (s) => part(s.segment)));

/** Words met so far and their parts: a text repeats its words, and an archive its vocabulary. */
let partsKept = new Map<string, Part[]>();
const PARTS_KEPT = 200_000;

/** A tag whole: text never holds '<' or '>' raw (templates escape them), attribute values neither. */
const TAG = /<[^>]*>/g;

/**
 * HTML (a record, as search-record.njk writes it) with a space between every two words of its text
 * (as cut for the index) where either side is a CJK character, and before a CJK character just
 * after a tag (a tag parts words too; a space before one would keep Pagefind from ending a heading's
 * sentence with its full stop); nowhere else, so Latin words, numbers and character references stay
 * whole. Tags are copied as they are. One call to jieba for the whole record, each call costing more
 * than a short text's cut; each tag goes to it as an empty '<>', which parts the words as the tag did
 * ('<' and '>' are always tokens of their own), and a record's tags (its meta and filters) are about
 * half its characters.
 */
export function spacedWords(segmenter: Segmenter, html: string): string {
  if (partsKept.size > PARTS_KEPT) partsKept = new Map();
  const tags = html.match(TAG) ?? [];
  let tag = 0;
  let out = '';
  /** The last word written: none at the start and after a tag. */
  let last: Part | undefined;
  let afterTag = false;
  for (const token of segmenter.cut(html.replace(TAG, '<>'))) {
    if (token === '<') {
      out += tags[tag++];
      afterTag = true;
      last = undefined;
      continue;
    }
    if (token === '>') continue;
    let split = partsKept.get(token);
    if (!split) partsKept.set(token, (split = partsOf(token)));
    for (const word of split) {
      if ((afterTag && word.cjkFirst) || (last && (last.cjkLast || word.cjkFirst) && !last.spaceLast && !word.spaceFirst)) out += ' ';
      afterTag = false;
      out += word.word;
      last = word;
    }
  }
  return out;
}
