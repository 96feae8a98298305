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
import { eachGram, phraseText, readPostings, shardOf } from './searchLogic.js';

/** Keys of one bundle (or of the archive) → the ascending numbers of the records holding each. */
export type Postings = Map<string, number[]>;

/** Bytes one shard should about hold: a query of seven characters fetches five. */
const SHARD_BYTES = 4096;

/** Bytes written one after another into a buffer that grows as needed. */
class ByteWriter {
  private bytes = new Uint8Array(1024);
  length = 0;

  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const larger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    larger.set(this.bytes.subarray(0, this.length));
    this.bytes = larger;
  }

  byte(b: number) {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  varint(n: number) {
    for (; n >= 0x80; n = Math.floor(n / 128)) this.byte((n % 128) | 0x80);
    this.byte(n);
  }

  append(bytes: Uint8Array) {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Buffer {
    return Buffer.from(this.bytes.buffer, 0, this.length);
  }
}

const varintSize = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/**
 * One key's records as readPostings reads them, after their byte count: gaps (kind 0), or a bitmap
 * (kind 1) where that is smaller. Sized before it is written: a bitmap over a whole archive's records
 * is hundreds of bytes, and most keys are held by a few records.
 */
function writeRecords(out: ByteWriter, records: number[]) {
  let gapBytes = 1;
  let last = 0;
  for (const n of records) {
    gapBytes += varintSize(n - last);
    last = n;
  }
  const bitmapBytes = 1 + Math.ceil((last + 1) / 8);
  if (gapBytes <= bitmapBytes) {
    out.varint(gapBytes);
    out.byte(0);
    let previous = 0;
    for (const n of records) {
      out.varint(n - previous);
      previous = n;
    }
    return;
  }
  const bitmap = new Uint8Array(bitmapBytes);
  bitmap[0] = 1;
  for (const n of records) bitmap[1 + (n >> 3)] |= 1 << (n & 7);
  out.varint(bitmapBytes);
  out.append(bitmap);
}

/** The keys of `postings` and their records as one file, keys in a fixed order (a rebuild gives the same bytes). */
export function writePostings(postings: Postings): Buffer {
  const out = new ByteWriter();
  const encoder = new TextEncoder();
  for (const gram of [...postings.keys()].sort()) {
    const name = encoder.encode(gram);
    out.varint(name.length);
    out.append(name);
    writeRecords(out, postings.get(gram)!);
  }
  return out.result();
}

/** A bundle's phrase list from its records' texts, numbered in the order given. */
export function bundlePostings(texts: string[]): Postings {
  // Keyed by number while counting: the key's length and its characters' codes (16 bits each) make
  // one safe integer, so no string is cut out of the text for each of its millions of runs.
  const byCode = new Map<number, number[]>();
  texts.forEach((text, n) => {
    const chars = phraseText(text);
    eachGram(chars, (start: number, length: number) => {
      let key = length;
      for (let i = start; i < start + length; i++) key = key * 65536 + chars.charCodeAt(i);
      const records = byCode.get(key);
      // Records are visited in order, so one already listed for this key is the last one.
      if (!records) byCode.set(key, [n]);
      else if (records[records.length - 1] !== n) records.push(n);
    });
  });
  const postings: Postings = new Map();
  for (const [key, records] of byCode) {
    const codes: number[] = [];
    for (let k = key; k >= 65536; k = Math.floor(k / 65536)) codes.unshift(k % 65536);
    postings.set(String.fromCharCode(...codes), records);
  }
  return postings;
}

/**
 * The archive's phrase index from its bundles' lists, and split into shards: file n holds the keys
 * whose shardOf is n. Records are numbered across the bundles in the order given, each bundle's in
 * its own order (the manifest lists them so), so every key's records stay ascending as they are added.
 */
export function phraseShards(bundles: { dir: string; records: number }[]): Buffer[] {
  const all: Postings = new Map();
  let offset = 0;
  for (const { dir, records } of bundles) {
    for (const [gram, local] of readPostings(readFileSync(path.join(dir, 'phrases.bin')))) {
      const list = all.get(gram);
      if (list) for (const n of local) list.push(offset + n);
      else all.set(gram, offset ? local.map((n: number) => offset + n) : local);
    }
    offset += records;
  }
  let bytes = 0;
  for (const [gram, records] of all) bytes += gram.length * 3 + records.length;
  let shards = 1;
  while (bytes / shards > SHARD_BYTES && shards < 4096) shards *= 2;
  const split = Array.from({ length: shards }, (): Postings => new Map());
  for (const [gram, records] of all) split[shardOf(gram, shards)].set(gram, records);
  return split.map(writePostings);
}
