// What builds read of each file of a content folder: its signature (size, times of change, inode:
// load/loadContent.ts) and the hash of its bytes. A build takes the hash of a file whose signature is
// the one recorded instead of reading and hashing it: at 5,000 issues reading and hashing every file
// took about 0.3 s of a build after one edit, and most of a build that found nothing changed.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { sha1, writeWhole } from '../files.ts';
import type { Known } from '../load/loadContent.ts';
import { cacheDir } from './buildRecord.ts';

/** Each file's signature and hash, by its absolute path */
type Entries = Record<string, [signature: string, hash: string]>;

export class KnownContent {
  private readonly file: string;
  private readonly entries: Entries = {};

  constructor(root: string) {
    this.file = path.join(cacheDir, 'content', `${sha1(path.resolve(root))}.json`);
    try {
      this.entries = JSON.parse(readFileSync(this.file, 'utf8')) as Entries;
    } catch {
      // None yet, or not whole: every file is read.
    }
  }

  readonly known: Known = (file, signature) => {
    const entry = this.entries[path.resolve(file)];
    return entry?.[0] === signature ? entry[1] : undefined;
  };

  /** Whether any of `files` holds bytes other than those recorded for it: a new file, or one changed since. */
  changedAmong(files: VFile[]): boolean {
    return files.some((f) => this.entries[path.resolve(f.path)]?.[1] !== f.data.hash);
  }

  /** Records the signed files of the folder as loaded now (no others: a file gone is forgotten), unless that is what is recorded. */
  save(files: VFile[]): void {
    const now: Entries = {};
    for (const f of files) if (f.data.signature) now[path.resolve(f.path)] = [f.data.signature, f.data.hash!];
    const same = Object.keys(now).length === Object.keys(this.entries).length && Object.entries(now).every(([file, [signature, hash]]) => this.entries[file]?.[0] === signature && this.entries[file][1] === hash);
    if (same) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeWhole(this.file, JSON.stringify(now));
  }
}
