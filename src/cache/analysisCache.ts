// The link stage's analysis of each document (link/storedAnalysis.ts) kept on disk, so a build
// analyses only the documents that changed: counting an entry's words for 相关经验 needs jieba and
// its dictionary, and finding counties and themes reads every text (together about 0.65 s of a
// one-edit build at 1,000 issues, more than reading them back). One file per content folder, with
// the analyses of its documents as the last build made or read them, each with the hash and kind of
// the bytes it was made from; named by what every analysis depends on besides its document (the
// themes and the version of yaoxun). Written aside then renamed: a build running at once (into
// another output folder) reads one build's file whole, and each entry holds for its bytes whoever wrote it.
// The words of the entries are written once for the file, and each entry's counts as numbers, not
// JSON: one build reads back some 400,000 of them at 1,000 issues, and as JSON (spelled out, or as
// numbers of the file's words) reading, restoring and writing them took about 0.25 s.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { sha1, Writes } from '../files.ts';
import type { AnalysisStore, StoredAnalysis, StoredEntry } from '../link/storedAnalysis.ts';
import { spelled, wordId } from '../link/vocabulary.ts';
import { MARK_AFTER, UNUSED } from './parseCache.ts';

/** An analysis as the file's JSON holds it: each entry's words by their count, the counts themselves after the JSON. */
type Written = Omit<StoredAnalysis, 'entries'> & { entries: (Omit<StoredEntry, 'words'> & { words: number })[] };

/** The file's JSON: the analyses by path, each with where its entries' words start, and the words they are numbers of. */
interface Head {
  words: string[];
  total: number;
  analyses: Record<string, { hash: string; kind: string; at: number; analysis: Written }>;
}

/**
 * The file: the JSON's length in bytes (u32), the JSON, zeros to a multiple of 8 bytes, then every
 * entry's word counts (f64) and word numbers into `words` (u32), in the order of `analyses`, in the
 * machine's own byte order (the cache never leaves it).
 */
const afterHead = (length: number) => Math.ceil((4 + length) / 8) * 8;

export class AnalysisCache implements AnalysisStore {
  private last?: Head & { counts: Float64Array; ids: Uint32Array };
  /** The number this process gives each word of the file, once an analysis is read back */
  private numbers?: Uint32Array;
  /** The analyses of this build's documents, read back or made: the next build's file */
  private now = new Map<string, { hash: string; kind: string; analysis: StoredAnalysis }>();
  private made = 0;
  private file?: string;

  /** `version` stands for what every analysis depends on besides its document: yaoxun and the themes. */
  constructor(private readonly dir: string, private readonly version: string) {}

  /** Reads what the last build of the content folder `contentRoot` left. */
  read(contentRoot: string): this {
    this.file = path.join(this.dir, `${sha1(this.version, path.resolve(contentRoot))}.analyses`);
    try {
      const bytes = readFileSync(this.file);
      const length = bytes.readUInt32LE(0);
      const head = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as Head;
      // Copied out whole, so the counts start at a multiple of 8 bytes, as a Float64Array must.
      const start = bytes.byteOffset + afterHead(length);
      const counts = bytes.buffer.slice(start, start + 12 * head.total);
      this.last = { ...head, counts: new Float64Array(counts, 0, head.total), ids: new Uint32Array(counts, 8 * head.total, head.total) };
    } catch {
      // None yet, or not whole: every document is analysed.
    }
    return this;
  }

  get(file: VFile): StoredAnalysis | undefined {
    const where = path.resolve(file.path);
    const known = this.last && Object.hasOwn(this.last.analyses, where) ? this.last.analyses[where] : undefined;
    if (!this.last || !known || known.hash !== String(file.data.hash) || known.kind !== String(file.data.kind)) return undefined;
    const { counts, ids } = this.last;
    const numbers = (this.numbers ??= Uint32Array.from(this.last.words, wordId));
    let at = known.at;
    const entries = known.analysis.entries.map((e) => {
      const words = { ids: ids.slice(at, at + e.words), counts: counts.subarray(at, at + e.words) };
      for (let k = 0; k < words.ids.length; k++) words.ids[k] = numbers[words.ids[k]];
      at += e.words;
      return { ...e, words };
    });
    const analysis = { ...known.analysis, entries };
    this.now.set(where, { hash: known.hash, kind: known.kind, analysis });
    return analysis;
  }

  set(file: VFile, analysis: StoredAnalysis): void {
    this.now.set(path.resolve(file.path), { hash: String(file.data.hash), kind: String(file.data.kind), analysis });
    this.made++;
  }

  /** Writes this build's analyses when they are not all the last build's; removes files of other versions unused for a month. */
  async save(): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    if (this.made === 0 && this.now.size === Object.keys(this.last?.analyses ?? {}).length) {
      const marked = statSync(this.file, { throwIfNoEntry: false })?.mtimeMs;
      if (marked !== undefined && now - marked > MARK_AFTER) utimesSync(this.file, now / 1000, now / 1000);
      return;
    }
    const all = [...this.now.values()].flatMap(({ analysis }) => analysis.entries);
    const total = all.reduce((sum, e) => sum + e.words.ids.length, 0);
    const counts = new Float64Array(total);
    const ids = new Uint32Array(total);
    // Only the words of these analyses, numbered as first met.
    const words: string[] = [];
    const numbers = new Int32Array(spelled.length).fill(-1);
    const head: Head = { words, total, analyses: {} };
    let at = 0;
    for (const [where, { hash, kind, analysis }] of this.now) {
      head.analyses[where] = { hash, kind, at, analysis: { ...analysis, entries: analysis.entries.map((e) => ({ ...e, words: e.words.ids.length })) } };
      for (const e of analysis.entries) {
        counts.set(e.words.counts, at);
        for (const id of e.words.ids) ids[at++] = numbers[id] >= 0 ? numbers[id] : (numbers[id] = words.push(spelled[id]) - 1);
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
    for (const name of readdirSync(this.dir)) {
      const other = path.join(this.dir, name);
      if (other !== this.file && now - (statSync(other, { throwIfNoEntry: false })?.mtimeMs ?? now) > UNUSED) rmSync(other, { force: true });
    }
  }
}
