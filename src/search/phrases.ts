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
import { eachGram, phraseText, shardOf, Varints } from './searchLogic.js';

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
function writeRecords(out: ByteWriter, records: ArrayLike<number>, count = records.length) {
  let gapBytes = 1;
  let last = 0;
  for (let i = 0; i < count; i++) {
    gapBytes += varintSize(records[i] - last);
    last = records[i];
  }
  const bitmapBytes = 1 + Math.ceil((last + 1) / 8);
  if (gapBytes <= bitmapBytes) {
    out.varint(gapBytes);
    out.byte(0);
    let previous = 0;
    for (let i = 0; i < count; i++) {
      out.varint(records[i] - previous);
      previous = records[i];
    }
    return;
  }
  const bitmap = new Uint8Array(bitmapBytes);
  bitmap[0] = 1;
  for (let i = 0; i < count; i++) bitmap[1 + (records[i] >> 3)] |= 1 << (records[i] & 7);
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

/** A phrase file's entries, in its order: where each key's name and its records (kind byte first) are, read without decoding the records. */
class Entries {
  readonly grams: string[] = [];
  /** Per entry: name start, name end, records start, records end */
  readonly at: number[] = [];

  constructor(readonly bytes: Uint8Array) {
    const decoder = new TextDecoder();
    const read = new Varints(bytes);
    while (read.at < bytes.length) {
      const length = read.next();
      this.grams.push(decoder.decode(bytes.subarray(read.at, read.at + length)));
      this.at.push(read.at, (read.at += length));
      const size = read.next();
      this.at.push(read.at, (read.at += size));
    }
  }

  /** How many records entry `e` lists: gaps end where a byte is below 0x80, a bitmap has a bit per record. */
  count(e: number): number {
    const [start, end] = [this.at[4 * e + 2], this.at[4 * e + 3]];
    let n = 0;
    if (this.bytes[start] === 0) for (let i = start + 1; i < end; i++) n += this.bytes[i] < 0x80 ? 1 : 0;
    else for (let i = start + 1; i < end; i++) for (let b = this.bytes[i]; b; b &= b - 1) n++;
    return n;
  }

  /** Adds entry `e`'s records, each plus `offset`, to `into` from `from` on; returns where they end. */
  records(e: number, offset: number, into: Int32Array, from: number): number {
    const [start, end] = [this.at[4 * e + 2], this.at[4 * e + 3]];
    const bytes = this.bytes;
    let k = from;
    if (bytes[start] === 0) for (let n = 0, read = new Varints(bytes, start + 1); read.at < end; ) into[k++] = offset + (n += read.next());
    else for (let i = start + 1; i < end; i++) for (let bit = 0; bit < 8; bit++) if (bytes[i] & (1 << bit)) into[k++] = offset + (i - start - 1) * 8 + bit;
    return k;
  }
}

/**
 * The archive's phrase index from its bundles' lists, and split into shards: file n holds the keys
 * whose shardOf is n. Records are numbered across the bundles in the order given, each bundle's in
 * its own order (the manifest lists them so), so every key's records stay ascending as they are added.
 */
export function phraseShards(bundles: { dir: string; records: number }[]): Buffer[] {
  // Merged as bytes, not as a map of arrays: at 1,000 issues the lists hold hundreds of thousands of
  // keys, and building an array for each was most of the merge's time, in the garbage collector.
  const files = bundles.map(({ dir }) => new Entries(readFileSync(path.join(dir, 'phrases.bin'))));
  const offsets: number[] = [];
  let total = 0;
  for (const { records } of bundles) {
    offsets.push(total);
    total += records;
  }
  let bytes = 0;
  const seen = new Set<string>();
  for (const file of files)
    file.grams.forEach((gram, e) => {
      bytes += file.count(e);
      if (seen.has(gram)) return;
      seen.add(gram);
      bytes += gram.length * 3;
    });
  let shards = 1;
  while (bytes / shards > SHARD_BYTES && shards < 4096) shards *= 2;
  // Each file's entries by shard, each shard's in the file's (sorted) order.
  const byShard = files.map((file) => {
    const shard = file.grams.map((gram) => shardOf(gram, shards));
    const starts = new Int32Array(shards + 1);
    for (const n of shard) starts[n + 1]++;
    for (let n = 0; n < shards; n++) starts[n + 1] += starts[n];
    const next = starts.slice(0, shards);
    const order = new Int32Array(shard.length);
    shard.forEach((n, e) => (order[next[n]++] = e));
    return { starts, order };
  });
  const scratch = new Int32Array(Math.max(total, 1));
  return Array.from({ length: shards }, (_, n) => {
    const out = new ByteWriter();
    const heads = byShard.map(({ starts }) => starts[n]);
    for (;;) {
      // The smallest key at the head of any file, as writePostings orders them; the files holding it.
      let gram: string | undefined;
      for (const [f, { starts, order }] of byShard.entries()) {
        if (heads[f] === starts[n + 1]) continue;
        const g = files[f].grams[order[heads[f]]];
        if (gram === undefined || g < gram) gram = g;
      }
      if (gram === undefined) return out.result();
      const holders = byShard.flatMap(({ starts, order }, f) => (heads[f] < starts[n + 1] && files[f].grams[order[heads[f]]] === gram ? [f] : []));
      const first = files[holders[0]];
      const e = byShard[holders[0]].order[heads[holders[0]]];
      out.varint(first.at[4 * e + 1] - first.at[4 * e]);
      out.append(first.bytes.subarray(first.at[4 * e], first.at[4 * e + 1]));
      if (holders.length === 1 && offsets[holders[0]] === 0) {
        // The same records as the file has: the same bytes.
        out.varint(first.at[4 * e + 3] - first.at[4 * e + 2]);
        out.append(first.bytes.subarray(first.at[4 * e + 2], first.at[4 * e + 3]));
      } else {
        let count = 0;
        for (const f of holders) count = files[f].records(byShard[f].order[heads[f]], offsets[f], scratch, count);
        writeRecords(out, scratch, count);
      }
      for (const f of holders) heads[f]++;
    }
  });
}
