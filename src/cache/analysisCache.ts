// The link stage's analysis of each document (link/storedAnalysis.ts) kept on disk, so a build
// analyses only the documents that changed: counting an entry's words for 相关经验 needs jieba and
// its dictionary, and finding counties and themes reads every text (together about 0.65 s of a
// one-edit build at 1,000 issues, more than reading them back). One file per content folder, with
// the analyses of its documents as the last build made or read them, each with the hash and kind of
// the bytes it was made from; named by what every analysis depends on besides its document (the
// themes and the version of yaoxun). Written aside then renamed: a build running at once (into
// another output folder) reads one build's file whole, and each entry holds for its bytes whoever wrote it.
// It knows the analyses only as JSON and word counts (its numbering of words is the link's, given
// to it). Each word is written once for the file, and the counts as numbers, not JSON: a build reads
// back some 400,000 of them at 1,000 issues, and as JSON (spelled out, or as numbers of the file's
// words) reading, restoring and writing them took about 0.25 s.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { sha1, Writes } from '../files.ts';
import { markUsed, removeUnused } from './unused.ts';

/** How this process numbers words (the link's vocabulary): word counts are kept in its numbers. */
export interface Numbering {
  spelled: readonly string[];
  wordId: (word: string) => number;
}

/** The words of a text, each with how often it occurs, numbered as this process numbers words */
export interface Counted {
  ids: Uint32Array;
  counts: Float64Array;
}

/** One document's analysis as kept: `analysis` JSON, and the word counts that go with it, in order. */
export interface Kept<T> {
  analysis: T;
  words: Counted[];
}

/** The file's JSON: the analyses by path, each with where its words start and how many each of its counts has, and the words they are numbers of. */
interface Head<T> {
  words: string[];
  total: number;
  analyses: Record<string, { hash: string; kind: string; at: number; lengths: number[]; analysis: T }>;
}

/**
 * The file: the JSON's length in bytes (u32), the JSON, zeros to a multiple of 8 bytes, then all the
 * word counts (f64) and all the word numbers into `words` (u32), in the order of `analyses`, in the
 * machine's own byte order (the cache never leaves it).
 */
const afterHead = (length: number) => Math.ceil((4 + length) / 8) * 8;

export class AnalysisCache<T> {
  private last?: Head<T> & { counts: Float64Array; ids: Uint32Array };
  /** The number this process gives each word of the file, once an analysis is read back */
  private numbers?: Uint32Array;
  /** The analyses of this build's documents, read back or made: the next build's file */
  private now = new Map<string, { hash: string; kind: string; kept: Kept<T> }>();
  private made = 0;
  private file?: string;

  /** `version` stands for what every analysis depends on besides its document: yaoxun and the themes. */
  constructor(private readonly dir: string, private readonly version: string, private readonly numbering: Numbering) {}

  /** Reads what the last build of the content folder `contentRoot` left. */
  read(contentRoot: string): this {
    this.file = path.join(this.dir, `${sha1(this.version, path.resolve(contentRoot))}.analyses`);
    try {
      const bytes = readFileSync(this.file);
      const length = bytes.readUInt32LE(0);
      const head = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as Head<T>;
      // Copied out whole, so the counts start at a multiple of 8 bytes, as a Float64Array must.
      const start = bytes.byteOffset + afterHead(length);
      const counts = bytes.buffer.slice(start, start + 12 * head.total);
      this.last = { ...head, counts: new Float64Array(counts, 0, head.total), ids: new Uint32Array(counts, 8 * head.total, head.total) };
    } catch {
      // None yet, or not whole: every document is analysed.
    }
    return this;
  }

  get(file: VFile): Kept<T> | undefined {
    const where = path.resolve(file.path);
    const known = this.last && Object.hasOwn(this.last.analyses, where) ? this.last.analyses[where] : undefined;
    if (!this.last || !known || known.hash !== String(file.data.hash) || known.kind !== String(file.data.kind)) return undefined;
    const { counts, ids } = this.last;
    const numbers = (this.numbers ??= Uint32Array.from(this.last.words, this.numbering.wordId));
    let at = known.at;
    const words = known.lengths.map((length) => {
      const counted = { ids: ids.slice(at, at + length), counts: counts.subarray(at, at + length) };
      for (let k = 0; k < length; k++) counted.ids[k] = numbers[counted.ids[k]];
      at += length;
      return counted;
    });
    const kept = { analysis: known.analysis, words };
    this.now.set(where, { hash: known.hash, kind: known.kind, kept });
    return kept;
  }

  set(file: VFile, kept: Kept<T>): void {
    this.now.set(path.resolve(file.path), { hash: String(file.data.hash), kind: String(file.data.kind), kept });
    this.made++;
  }

  /** Writes this build's analyses when they are not all the last build's; removes files of other versions unused for a month. */
  async save(): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    if (this.made === 0 && this.now.size === Object.keys(this.last?.analyses ?? {}).length) return markUsed(this.file, now);
    const total = [...this.now.values()].reduce((sum, { kept }) => kept.words.reduce((n, w) => n + w.ids.length, sum), 0);
    const counts = new Float64Array(total);
    const ids = new Uint32Array(total);
    // Only the words of these analyses, numbered as first met.
    const words: string[] = [];
    const { spelled } = this.numbering;
    const numbers = new Int32Array(spelled.length).fill(-1);
    const head: Head<T> = { words, total, analyses: {} };
    let at = 0;
    for (const [where, { hash, kind, kept }] of this.now) {
      head.analyses[where] = { hash, kind, at, lengths: kept.words.map((w) => w.ids.length), analysis: kept.analysis };
      for (const w of kept.words) {
        counts.set(w.counts, at);
        for (const id of w.ids) ids[at++] = numbers[id] >= 0 ? numbers[id] : (numbers[id] = words.push(spelled[id]) - 1);
      }
    }
    const json = Buffer.from(JSON.stringify(head));
    const bytes = Buffer.alloc(afterHead(json.length) + 12 * total);
    bytes.writeUInt32LE(json.length, 0);
    json.copy(bytes, 4);
    Buffer.from(counts.buffer).copy(bytes, afterHead(json.length));
    Buffer.from(ids.buffer).copy(bytes, afterHead(json.length) + 8 * total);
    mkdirSync(this.dir, { recursive: true });
    const writes = new Writes();
    await writes.put(this.file, bytes, 'aside');
    await writes.done();
    removeUnused(this.dir, (name) => name === path.basename(this.file!), now);
  }
}
