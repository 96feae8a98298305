// The link stage's analysis of each document (link/storedAnalysis.ts) kept on disk, so a build
// analyses only the documents that changed: counting an entry's words for 相关经验 needs jieba and
// its dictionary, and finding counties and themes reads every text (together about 0.65 s of a
// one-edit build at 1,000 issues, more than reading them back). One file per content folder, with
// the analyses of its documents as a build made or read them, and a delta beside it with those
// made since (see save), each with the hash and kind of the bytes it was made from; named by what
// every analysis depends on besides its document (the themes and the version of yaoxun). Written
// aside then renamed: a build running at once (into another output folder) reads one build's file
// whole, and each entry holds for its bytes whoever wrote it.
// It knows the analyses only as JSON and word counts (its numbering of words is the link's, given
// to it). Each word is written once for the file, and the counts as numbers, not JSON: a build reads
// back some 400,000 of them at 1,000 issues, and as JSON (spelled out, or as numbers of the file's
// words) reading, restoring and writing them took about 0.25 s.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
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

/** A file's JSON: the analyses by path, each with where its words start and how many each of its counts has, and the words they are numbers of. */
interface Head<T> {
  /** A base file's own name for itself; a delta names the base it goes with */
  id?: string;
  base?: string;
  words: string[];
  total: number;
  analyses: Record<string, { hash: string; kind: string; at: number; lengths: number[]; analysis: T }>;
}

/** A file read back, with the number this process gives each of its words once an analysis is taken from it */
type Part<T> = Head<T> & { counts: Float64Array; ids: Uint32Array; numbers?: Uint32Array };

/**
 * A file: the JSON's length in bytes (u32), the JSON, zeros to a multiple of 8 bytes, then all the
 * word counts (f64) and all the word numbers into `words` (u32), in the order of `analyses`, in the
 * machine's own byte order (the cache never leaves it).
 */
const afterHead = (length: number) => Math.ceil((4 + length) / 8) * 8;

function readPart<T>(file: string): Part<T> | undefined {
  try {
    const bytes = readFileSync(file);
    const length = bytes.readUInt32LE(0);
    const head = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as Head<T>;
    // The counts must start at a multiple of 8 bytes, as a Float64Array must: a file read whole is in
    // a buffer of its own, where they do; a small one may share a pool, and is copied out (at 5,000 issues the file is 32 MB).
    let start = bytes.byteOffset + afterHead(length);
    let counts = bytes.buffer;
    if (start % 8) {
      counts = bytes.buffer.slice(start, start + 12 * head.total);
      start = 0;
    }
    return { ...head, counts: new Float64Array(counts, start, head.total), ids: new Uint32Array(counts, start + 8 * head.total, head.total) };
  } catch {
    // None yet, or not whole.
    return undefined;
  }
}

/**
 * The file holds the analyses of a build; each build after it that analysed a few documents writes
 * only theirs (and those of the builds between), to a delta beside it: at 5,000 issues writing them
 * all again took 0.4 s of a one-edit build. Once the delta holds more than this share of the
 * documents, the file is written whole again.
 */
const DELTA_SHARE = 1 / 8;

export class AnalysisCache<T> {
  private last?: Part<T>;
  private delta?: Part<T>;
  /** The analyses of this build's documents, read back or made: the next build's, and whether each goes in a delta */
  private now = new Map<string, { hash: string; kind: string; kept: Kept<T>; fresh: boolean }>();
  private made = 0;
  private file?: string;

  /** `version` stands for what every analysis depends on besides its document: yaoxun and the themes. */
  constructor(private readonly dir: string, private readonly version: string, private readonly numbering: Numbering) {}

  /** Reads what the last build of the content folder `contentRoot` left. */
  read(contentRoot: string): this {
    this.file = path.join(this.dir, `${sha1(this.version, path.resolve(contentRoot))}.analyses`);
    this.last = readPart<T>(this.file);
    const delta = this.last?.id ? readPart<T>(`${this.file}.delta`) : undefined;
    // A delta written for another base (one written since by a build of another output folder) is of no use.
    this.delta = delta?.base === this.last?.id ? delta : undefined;
    return this;
  }

  get(file: VFile): Kept<T> | undefined {
    const where = path.resolve(file.path);
    const part = [this.delta, this.last].find((p) => p && Object.hasOwn(p.analyses, where));
    const known = part?.analyses[where];
    if (!part || !known || known.hash !== String(file.data.hash) || known.kind !== String(file.data.kind)) return undefined;
    const { counts, ids } = part;
    const numbers = (part.numbers ??= Uint32Array.from(part.words, this.numbering.wordId));
    let at = known.at;
    const words = known.lengths.map((length) => {
      const counted = { ids: ids.slice(at, at + length), counts: counts.subarray(at, at + length) };
      for (let k = 0; k < length; k++) counted.ids[k] = numbers[counted.ids[k]];
      at += length;
      return counted;
    });
    const kept = { analysis: known.analysis, words };
    this.now.set(where, { hash: known.hash, kind: known.kind, kept, fresh: part === this.delta });
    return kept;
  }

  set(file: VFile, kept: Kept<T>): void {
    this.now.set(path.resolve(file.path), { hash: String(file.data.hash), kind: String(file.data.kind), kept, fresh: true });
    this.made++;
  }

  /**
   * Writes this build's analyses when they are not all the last build's: those made since the file
   * was written whole, to its delta, while they are few and no document has gone; otherwise all of
   * them, whole. Removes files of other versions unused for a month.
   */
  async save(): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    const known = new Set([...Object.keys(this.last?.analyses ?? {}), ...Object.keys(this.delta?.analyses ?? {})]);
    // A document the files hold and this build has not: a delta cannot say it is gone.
    const gone = [...known].some((where) => !this.now.has(where));
    if (this.made === 0 && !gone) return markUsed(this.file, now);
    const fresh = [...this.now].filter(([, entry]) => entry.fresh);
    const asDelta = this.last?.id && !gone && fresh.length <= this.now.size * DELTA_SHARE;
    const id = asDelta ? this.last!.id! : randomBytes(8).toString('hex');
    const bytes = this.fileOf(asDelta ? fresh : [...this.now], asDelta ? { base: id } : { id });
    mkdirSync(this.dir, { recursive: true });
    const writes = new Writes();
    await writes.put(asDelta ? `${this.file}.delta` : this.file, bytes, 'aside');
    await writes.done();
    // A delta left from before the file was written whole names another base: it would never be read.
    if (!asDelta) rmSync(`${this.file}.delta`, { force: true });
    else markUsed(this.file, now);
    const mine = path.basename(this.file);
    removeUnused(this.dir, (name) => name === mine || name === `${mine}.delta`, now);
  }

  /** The bytes of a file of `entries`, with `names` (its id, or the base's it goes with). */
  private fileOf(entries: [string, { hash: string; kind: string; kept: Kept<T> }][], names: Pick<Head<T>, 'id' | 'base'>): Buffer {
    const total = entries.reduce((sum, [, { kept }]) => kept.words.reduce((n, w) => n + w.ids.length, sum), 0);
    const counts = new Float64Array(total);
    const ids = new Uint32Array(total);
    // Only the words of these analyses, numbered as first met.
    const words: string[] = [];
    const { spelled } = this.numbering;
    const numbers = new Int32Array(spelled.length).fill(-1);
    const head: Head<T> = { ...names, words, total, analyses: {} };
    let at = 0;
    for (const [where, { hash, kind, kept }] of entries) {
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
    return bytes;
  }
}
