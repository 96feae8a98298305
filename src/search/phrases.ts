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
import { eachKey, eachRecord, phraseText, recordCount, RUN, shardOf } from './searchLogic.js';

/** Keys of one bundle (or of the archive) → the ascending numbers of the records holding each. */
export type Postings = Map<string, number[]>;

/**
 * Bytes one shard should about hold: a query of seven characters fetches five per part. As large as
 * Pagefind's own index chunks (about 28 KB), not 4 KB: the index is then a quarter as many files
 * (1,000 issues: 544, not 2,176), each a file the build makes and a copy to a shared folder carries.
 */
const SHARD_BYTES = 16384;

/** Bytes written one after another into a buffer that grows as needed. */
class ByteWriter {
  private bytes = Buffer.allocUnsafe(1024);
  length = 0;

  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    larger.set(this.bytes.subarray(0, this.length));
    this.bytes = larger;
  }

  /** A text's UTF-8 bytes after their count, written in place (one encoded apart per key took 15 ms of an edit's phrase file at 1,000 issues). */
  text(text: string) {
    const length = Buffer.byteLength(text);
    this.varint(length);
    this.room(length);
    this.length += this.bytes.write(text, this.length);
  }

  byte(b: number) {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  varint(n: number) {
    for (; n >= 0x80; n = Math.floor(n / 128)) this.byte((n % 128) | 0x80);
    this.byte(n);
  }

  /** `bytes` after their count, as a key's name and its records are written. */
  counted(bytes: Uint8Array) {
    this.varint(bytes.length);
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Buffer {
    return this.bytes.subarray(0, this.length);
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
  out.counted(bitmap);
}

/** Keys, in the order given, each with its records, as one phrase file. */
function writeKeys(keys: string[], recordsOf: (key: string, i: number) => ArrayLike<number>): Buffer {
  const out = new ByteWriter();
  keys.forEach((key, i) => {
    out.text(key);
    writeRecords(out, recordsOf(key, i));
  });
  return out.result();
}

/** The keys of `postings` and their records as one file, keys in a fixed order (a rebuild gives the same bytes). */
export function writePostings(postings: Postings): Buffer {
  return writeKeys([...postings.keys()].sort(), (key) => postings.get(key)!);
}

/** Where a table of `mask` + 1 slots starts looking for the key `lo`, `hi`: both mixed into the low bits. */
function slotOf(lo: number, hi: number, mask: number): number {
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * Keys of up to three UTF-16 units (RUN in searchLogic.js): those of one unit in tables indexed by the
 * unit, longer ones packed into two 32-bit integers each and counted in an open-addressing table of typed arrays: at 1,000 issues the largest bundle's text is
 * 6.9 million runs of 21,205 keys, listing 4.4 million records in all. A Map keyed by number made a
 * heap number of every run and an array of every key's records; this makes neither.
 */
class GramTable {
  static {
    if (RUN !== 3) throw new Error('GramTable packs runs of up to three units');
  }

  private mask = (1 << 16) - 1;
  private lo = new Int32Array(this.mask + 1);
  /** Third unit and length; 0 marks a free slot (a key has a length) */
  private hi = new Int32Array(this.mask + 1);
  /** The key's number, in order of first sight */
  private id = new Int32Array(this.mask + 1);
  /** The last record listed under the key: records come in order, so one listed already is this one */
  private last = new Int32Array(this.mask + 1);
  private keys: string[] = [];
  /** (key, record) pairs in the order met */
  private pairs = new Int32Array(1 << 20);
  private size = 0;
  /** Where each record's pairs start: records are added 0, 1, 2, … */
  private starts: number[] = [];
  /** Keys of one unit, by the unit, without hashing: a third of all runs (-1: not seen yet) */
  private unitId = new Int32Array(1 << 16).fill(-1);
  private unitLast = new Int32Array(1 << 16).fill(-1);

  /** Lists `record` (the next number) under every run of one to three UTF-16 units of `text` (as slice counts them; RUN is 3). */
  addText(text: string, record: number) {
    if (record !== this.starts.length) throw new Error('GramTable takes records in order');
    this.starts.push(this.size);
    for (let i = 0; i < text.length; i++) {
      const c1 = text.charCodeAt(i);
      if (this.unitLast[c1] !== record) {
        this.unitLast[c1] = record;
        if (this.unitId[c1] < 0) {
          this.unitId[c1] = this.keys.length;
          this.keys.push(text[i]);
        }
        this.pair(this.unitId[c1], record);
      }
      if (i + 1 >= text.length) continue;
      const lo = c1 | (text.charCodeAt(i + 1) << 16);
      this.add(lo, 2 << 16, text, i, record);
      if (i + 2 < text.length) this.add(lo, text.charCodeAt(i + 2) | (3 << 16), text, i, record);
    }
  }

  /** The key `lo`, `hi` (its run starts at `start` in `text`): listed once per record. */
  private add(lo: number, hi: number, text: string, start: number, record: number) {
    let slot = slotOf(lo, hi, this.mask);
    for (; this.hi[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.hi[slot] !== hi || this.lo[slot] !== lo) continue;
      if (this.last[slot] === record) return;
      this.last[slot] = record;
      return this.pair(this.id[slot], record);
    }
    [this.lo[slot], this.hi[slot], this.id[slot], this.last[slot]] = [lo, hi, this.keys.length, record];
    this.pair(this.keys.length, record);
    this.keys.push(text.slice(start, start + (hi >>> 16)));
    if (this.keys.length * 2 > this.mask) this.grow();
  }

  private pair(key: number, record: number) {
    if (this.size + 2 > this.pairs.length) {
      const larger = new Int32Array(this.pairs.length * 2);
      larger.set(this.pairs);
      this.pairs = larger;
    }
    this.pairs[this.size++] = key;
    this.pairs[this.size++] = record;
  }

  private grow() {
    const [lo, hi, id, last] = [this.lo, this.hi, this.id, this.last];
    this.mask = this.mask * 2 + 1;
    [this.lo, this.hi, this.id, this.last] = Array.from({ length: 4 }, () => new Int32Array(this.mask + 1));
    for (let old = 0; old < hi.length; old++) {
      if (hi[old] === 0) continue;
      let slot = slotOf(lo[old], hi[old], this.mask);
      while (this.hi[slot] !== 0) slot = (slot + 1) & this.mask;
      [this.lo[slot], this.hi[slot], this.id[slot], this.last[slot]] = [lo[old], hi[old], id[old], last[old]];
    }
  }

  /** The keys' numbers in the file's order (by UTF-16 units, as sort() orders): kept, as no key is added after a file is asked for. */
  private sorted?: number[];

  sortKeys(): number[] {
    const keys = this.keys;
    // The keys are distinct: `<` orders them as sort() does.
    this.sorted ??= keys.map((_, k) => k).sort((a, b) => (keys[a] < keys[b] ? -1 : 1));
    return this.sorted;
  }

  /**
   * The phrase file, as writePostings writes it: keys in its order, each key's records ascending (the
   * pairs sorted by key, in the order met within one). With `order`, the records are numbered anew,
   * record order[k] as k, as if they had been added in that order.
   */
  file(order?: ArrayLike<number>): Buffer {
    const starts = new Int32Array(this.keys.length + 1);
    for (let i = 0; i < this.size; i += 2) starts[this.pairs[i] + 1]++;
    for (let k = 0; k < this.keys.length; k++) starts[k + 1] += starts[k];
    const next = starts.slice(0, this.keys.length);
    const records = new Int32Array(this.size / 2);
    if (!order) for (let i = 0; i < this.size; i += 2) records[next[this.pairs[i]]++] = this.pairs[i + 1];
    else {
      for (let k = 0; k < order.length; k++) {
        const end = order[k] + 1 < this.starts.length ? this.starts[order[k] + 1] : this.size;
        for (let i = this.starts[order[k]]; i < end; i += 2) records[next[this.pairs[i]]++] = k;
      }
    }
    const sorted = this.sortKeys();
    return writeKeys(
      sorted.map((k) => this.keys[k]),
      (_, i) => records.subarray(starts[sorted[i]], starts[sorted[i] + 1]),
    );
  }
}

/** A bundle's phrase file from its records' texts, records numbered in the order given. */
export function bundlePhrases(texts: string[]): Buffer {
  const table = new GramTable();
  texts.forEach((text, n) => table.addText(phraseText(text), n));
  return table.file();
}

/**
 * A bundle's phrase file made while Pagefind indexes the bundle, from the text it is expected to keep
 * of each record (pagefindText), then numbered as Pagefind lists the records. Made after Pagefind,
 * from what it kept, the largest bundle's took 0.6–0.75 s at the end of a cold build at 1,000 issues,
 * while the main thread had been idle during Pagefind's run; about 0.25 s of it is left after.
 * Used only where every record's text is the one Pagefind kept.
 */
export class PreparedPhrases {
  private readonly table = new GramTable();
  /**
   * Each record's text as Pagefind is expected to keep it, in the order added: its white space runs
   * made one space, as Pagefind makes them (so its text is compared as it is, after Pagefind has run,
   * where reading both texts as phraseText does took about 0.1 s of a cold build at 1,000 issues).
   */
  private readonly texts: string[] = [];

  /** Adds the next record, from its HTML; false where the text Pagefind keeps of it cannot be told. */
  add(html: string): boolean {
    const text = pagefindText(html);
    if (text === undefined) return false;
    this.table.addText(phraseText(text), this.texts.length);
    this.texts.push(text.replace(/\s+/g, ' ').trim());
    return true;
  }

  /**
   * The phrase file, given what Pagefind kept, in its order: each record's number as added here and
   * its text. Undefined when the records or any text differ from those added: then the file is
   * made from Pagefind's texts (bundlePhrases).
   */
  file(kept: { added: number; text: string }[]): Buffer | undefined {
    if (kept.length !== this.texts.length) return undefined;
    const seen = new Uint8Array(kept.length);
    for (const { added, text } of kept) {
      if (!(added >= 0 && added < kept.length) || seen[added]++) return undefined;
      // Only the phrase index's reading of the two must agree (the white space Pagefind keeps may differ).
      if (text !== this.texts[added] && phraseText(text) !== phraseText(this.texts[added])) return undefined;
    }
    return this.table.file(kept.map((k) => k.added));
  }

  /** Sorts the keys ahead too: their order does not depend on Pagefind's. */
  sortKeys() {
    this.table.sortKeys();
  }
}

/** After these elements Pagefind ends a sentence: it adds a '.' where their text ends in a word (WORD_END). */
const SENTENCE_ELEMENTS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'td', 'div', 'ul', 'li', 'article', 'section']);
/** A word's end as Pagefind tells it: a Unicode word character (as Rust's regex reads \w), or ' " ) $ * */
const WORD_END = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}'")$*]$/u;
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (text: string) =>
  text.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|(amp|lt|gt|quot|apos|nbsp));/g, (_, dec?: string, hex?: string, name?: string) =>
    name ? NAMED_REFERENCES[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  );

/**
 * The text Pagefind keeps of a search record (its fragment's content), but for where the white
 * space goes, which the phrase index drops (phraseText): the text of the element marked
 * data-pagefind-body, a '.' added where a sentence element's text ends in a word as written (a
 * character reference ends in ';'), then the references read. Undefined where the HTML is not one
 * search-record.njk writes (no such element, tags left open).
 */
export function pagefindText(html: string): string | undefined {
  const body = /<body\b[^>]*\bdata-pagefind-body\b[^>]*>/.exec(html);
  if (!body) return undefined;
  // The text so far of each element open, the body's first.
  const open: { name: string; text: string }[] = [{ name: 'body', text: '' }];
  const TOKEN = /<!--[\s\S]*?-->|<![^>]*>|<(\/?)([A-Za-z][A-Za-z0-9]*)[^>]*>|[^<]+/g;
  TOKEN.lastIndex = body.index + body[0].length;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const [token, closing, tag] = m;
    if (!tag) {
      if (!token.startsWith('<')) open.at(-1)!.text += token;
      continue;
    }
    const name = tag.toLowerCase();
    if (!closing) {
      // Where an element has an id, Pagefind marks an anchor, between spaces; so does a line break.
      if (/\sid=/.test(token) || name === 'br') open.at(-1)!.text += ' ';
      if (!VOID_ELEMENTS.has(name)) open.push({ name, text: '' });
      continue;
    }
    const element = open.pop()!;
    if (element.name !== name) return undefined;
    if (open.length === 0) return decode(element.text);
    const sentence = SENTENCE_ELEMENTS.has(name);
    open.at(-1)!.text += sentence ? ` ${element.text}${WORD_END.test(element.text) ? '.' : ''} ` : element.text;
  }
  return undefined;
}

/** A phrase file's entries, in its order: each key, its name's bytes, and where its records are, read only when asked for. */
class Entries {
  readonly grams: string[] = [];
  readonly names: Uint8Array[] = [];
  /** Per entry: records start (kind first), records end */
  readonly at: number[] = [];

  constructor(readonly bytes: Uint8Array) {
    eachKey(bytes, (gram: string, name: Uint8Array, start: number, end: number) => {
      this.grams.push(gram);
      this.names.push(name);
      this.at.push(start, end);
    });
  }

  count(e: number): number {
    return recordCount(this.bytes, this.at[2 * e], this.at[2 * e + 1]);
  }

  /** Writes entry `e` to `out` as it is in the file: its key, then its records. */
  copy(e: number, out: ByteWriter) {
    const records = this.bytes.subarray(this.at[2 * e], this.at[2 * e + 1]);
    out.counted(this.names[e]);
    out.counted(records);
  }

  /** Adds entry `e`'s records, each plus `offset`, to `into` from `from` on; returns where they end. */
  records(e: number, offset: number, into: Int32Array, from: number): number {
    let k = from;
    eachRecord(this.bytes, this.at[2 * e], this.at[2 * e + 1], (n: number) => (into[k++] = offset + n));
    return k;
  }
}

/**
 * The archive's phrase index from its bundles' lists, and split into shards: file n holds the keys
 * whose shardOf is n. Records are numbered across the bundles in the order given, each bundle's in
 * its own order (the manifest lists them so), so every key's records stay ascending as they are added.
 */
export function phraseShards(bundles: { dir: string; records: number }[]): Buffer[] {
  // Merged as bytes, not as a map of arrays: at 1,000 issues the lists hold 4.4 million record numbers,
  // and arrays of them were most of the merge's time, in the garbage collector.
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
  if (files.length === 1) {
    // One bundle (the newest, after an edit), numbered from 0: each shard is its keys' entries as the file has them.
    const [{ starts, order }] = byShard;
    return Array.from({ length: shards }, (_, n) => {
      const out = new ByteWriter();
      for (let k = starts[n]; k < starts[n + 1]; k++) files[0].copy(order[k], out);
      return out.result();
    });
  }
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
      if (holders.length === 1 && offsets[holders[0]] === 0) {
        // The same records as the file has: the same bytes.
        first.copy(e, out);
      } else {
        out.counted(first.names[e]);
        let count = 0;
        for (const f of holders) count = files[f].records(byShard[f].order[heads[f]], offsets[f], scratch, count);
        writeRecords(out, scratch, count);
      }
      for (const f of holders) heads[f]++;
    }
  });
}
