// The link stage's analysis of each document (link/storedAnalysis.ts) kept on disk, so a build
// analyses only the documents that changed: counting an entry's words for 相关经验 needs jieba and
// its dictionary, and finding counties and themes reads every text (together about 0.65 s of a
// one-edit build at 1,000 issues, more than reading them back). One file per content folder, with
// the analyses of its documents as the last build made or read them, each with the hash and kind of
// the bytes it was made from; named by what every analysis depends on besides its document (the
// themes and the version of yaoxun). Written aside then renamed: a build running at once (into
// another output folder) reads one build's file whole, and each entry holds for its bytes whoever wrote it.
// The words of the entries are written once for the file, and each entry's words as numbers of those:
// spelled out in every entry, they took three times longer to read back (a word is looked up once).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { sha1, Writes } from '../files.ts';
import { renumbered, type AnalysisStore, type StoredAnalysis } from '../link/storedAnalysis.ts';
import { spelled, wordId } from '../link/vocabulary.ts';
import { MARK_AFTER, UNUSED } from './parseCache.ts';

type Analyses = Record<string, { hash: string; kind: string; analysis: StoredAnalysis }>;

/** What the file holds: the analyses by path, their words numbered in `words` */
interface Stored {
  words: string[];
  analyses: Analyses;
}

export class AnalysisCache implements AnalysisStore {
  private last: Stored = { words: [], analyses: {} };
  /** The number this process gives each word of the file, once an analysis is read back */
  private numbers?: Uint32Array;
  /** The analyses of this build's documents, read back or made, as this process numbers words: the next build's file */
  private now: Analyses = {};
  private made = 0;
  private file?: string;

  /** `version` stands for what every analysis depends on besides its document: yaoxun and the themes. */
  constructor(private readonly dir: string, private readonly version: string) {}

  /** Reads what the last build of the content folder `contentRoot` left. */
  read(contentRoot: string): this {
    this.file = path.join(this.dir, `${sha1(this.version, path.resolve(contentRoot))}.json`);
    try {
      this.last = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
    } catch {
      // None yet, or one a crash cut short: every document is analysed.
    }
    return this;
  }

  get(file: VFile): StoredAnalysis | undefined {
    const where = path.resolve(file.path);
    const { analyses, words } = this.last;
    const known = Object.hasOwn(analyses, where) ? analyses[where] : undefined;
    if (!known || known.hash !== String(file.data.hash) || known.kind !== String(file.data.kind)) return undefined;
    const numbers = (this.numbers ??= Uint32Array.from(words, wordId));
    this.now[where] = { ...known, analysis: renumbered(known.analysis, (k) => numbers[k]) };
    return this.now[where].analysis;
  }

  set(file: VFile, analysis: StoredAnalysis): void {
    this.now[path.resolve(file.path)] = { hash: String(file.data.hash), kind: String(file.data.kind), analysis };
    this.made++;
  }

  /** Writes this build's analyses when they are not all the last build's; removes files of other versions unused for a month. */
  async save(): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    if (this.made === 0 && Object.keys(this.now).length === Object.keys(this.last.analyses).length) {
      const marked = statSync(this.file, { throwIfNoEntry: false })?.mtimeMs;
      if (marked !== undefined && now - marked > MARK_AFTER) utimesSync(this.file, now / 1000, now / 1000);
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    const writes = new Writes();
    // Only the words of these analyses, numbered as first met.
    const words: string[] = [];
    const numbers = new Int32Array(spelled.length).fill(-1);
    const to = (id: number) => (numbers[id] >= 0 ? numbers[id] : (numbers[id] = words.push(spelled[id]) - 1));
    const analyses: Analyses = {};
    for (const [where, kept] of Object.entries(this.now)) analyses[where] = { ...kept, analysis: renumbered(kept.analysis, to) };
    await writes.put(this.file, JSON.stringify({ words, analyses } satisfies Stored), 'aside');
    await writes.done();
    for (const name of readdirSync(this.dir)) {
      const other = path.join(this.dir, name);
      if (other !== this.file && now - (statSync(other, { throwIfNoEntry: false })?.mtimeMs ?? now) > UNUSED) rmSync(other, { force: true });
    }
  }
}
