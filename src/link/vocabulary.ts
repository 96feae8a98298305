// The words of 相关经验 (related.ts) as numbers, and an entry's words as counts of those numbers.
// Kept apart from jieba: a build that reads entries' words back from its cache (cache/analysisCache.ts)
// numbers them here, and loads the segmenter and its dictionary only for a document it analyses.

/** A word worth comparing: two Han characters or more, a Latin word, or a hotline number (12355). */
export const WORD = /^(?:\p{Script=Han}{2,}|[A-Za-z][A-Za-z0-9]+|\d{5,})$/u;

/**
 * Every token jieba has given, numbered as first seen (-1: not a word worth comparing); the numbers
 * are only ever keys, never an order. It grows with the archive's vocabulary, not its size.
 */
const vocabulary = new Map<string, number>();
export const spelled: string[] = [];
export const wordId = (token: string) => {
  let id = vocabulary.get(token);
  if (id === undefined) {
    id = WORD.test(token) ? spelled.push(token) - 1 : -1;
    vocabulary.set(token, id);
  }
  return id;
};

/** The words of one text, each with how often it occurs (title words counted TITLE_WEIGHT times). */
export interface WordCounts {
  ids: Uint32Array;
  counts: Float64Array;
}

