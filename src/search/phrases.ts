// The phrase index beside Pagefind's. Pagefind cuts Chinese into words and finds words, so a phrase
// that its cutting splits differently in the text and in the query (「学新」 in 「小学新生」, cut
// 小学/新生) is not found, and its ranking cannot put the records holding the phrase as typed before
// the rest. This index lists, for every run of one to three characters, the records whose text holds
// it: a phrase of up to three characters is a key, and the records holding a longer one are among
// those holding all its runs of three (the search page checks their text). Runs of three, not pairs:
// at 1,000 issues, 30 phrases held by 522 records in all had 1,309 more records holding all their pairs
// apart, each a record file the page would fetch only to find it does not hold the phrase.
// Each bundle's list is made from its Pagefind records when the bundle is indexed; the lists of all
// bundles are then split by key into shards, so a query fetches only the few shards of its keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { phraseText, readPostings, shardOf, textGrams } from './searchLogic.js';

/** Keys of one bundle (or of the archive) → the ascending numbers of the records holding each. */
export type Postings = Map<string, number[]>;

/** Bytes one shard should about hold: a query of seven characters fetches five. */
const SHARD_BYTES = 4096;

function varint(out: number[], n: number) {
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
}

/** One key's records as readPostings reads them: gaps, or a bitmap where that is smaller. */
function postingBytes(records: number[]): number[] {
  const gaps: number[] = [0];
  let last = 0;
  for (const n of records) {
    varint(gaps, n - last);
    last = n;
  }
  const bitmap = new Array<number>(1 + Math.ceil((last + 1) / 8)).fill(0);
  bitmap[0] = 1;
  for (const n of records) bitmap[1 + (n >> 3)] |= 1 << (n & 7);
  return gaps.length <= bitmap.length ? gaps : bitmap;
}

/** The keys of `postings` and their records as one file, keys in a fixed order (a rebuild gives the same bytes). */
export function writePostings(postings: Postings): Buffer {
  const out: number[] = [];
  for (const gram of [...postings.keys()].sort()) {
    const name = Buffer.from(gram);
    const records = postingBytes(postings.get(gram)!);
    varint(out, name.length);
    out.push(...name);
    varint(out, records.length);
    for (const b of records) out.push(b);
  }
  return Buffer.from(out);
}

/** A bundle's phrase list from its records' texts, numbered in the order given. */
export function bundlePostings(texts: string[]): Postings {
  const postings: Postings = new Map();
  texts.forEach((text, n) => {
    for (const gram of textGrams(phraseText(text))) {
      const records = postings.get(gram);
      if (records) records.push(n);
      else postings.set(gram, [n]);
    }
  });
  return postings;
}

/**
 * The archive's phrase index from its bundles' lists, renumbered to the order of the records in the
 * manifest (`records`), and split into shards: file n holds the keys whose shardOf is n.
 */
export function phraseShards(bundles: { dir: string; records: string[] }[], order: string[]): Buffer[] {
  const number = new Map(order.map((id, n) => [id, n]));
  const all: Postings = new Map();
  for (const { dir, records } of bundles) {
    const renumbered = records.map((id) => number.get(id)!);
    for (const [gram, local] of readPostings(readFileSync(path.join(dir, 'phrases.bin')))) {
      const list = all.get(gram) ?? [];
      for (const n of local) list.push(renumbered[n]);
      all.set(gram, list);
    }
  }
  let bytes = 0;
  for (const [gram, records] of all) {
    records.sort((a, b) => a - b);
    bytes += gram.length * 3 + records.length;
  }
  let shards = 1;
  while (bytes / shards > SHARD_BYTES && shards < 4096) shards *= 2;
  const split = Array.from({ length: shards }, (): Postings => new Map());
  for (const [gram, records] of all) split[shardOf(gram, shards)].set(gram, records);
  return split.map(writePostings);
}
