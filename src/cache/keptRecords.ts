// The newest bundle's search records (search/records.ts) kept between builds by a key that stands for
// everything a record is made from (the material's file and bytes, the templates, themes.yaml and
// yaoxun's version: the build's environment). That bundle is re-indexed after every edit or new
// issue of the newest year, and rendering its records again, each cut into words by jieba, was about
// 0.14 s of a one-edit build at 1,000 issues, and read back every tree of the year. One file per
// content folder, holding only the records the last build of that bundle used: it never grows with
// the archive. Written aside then renamed, so builds running at once read one build's file whole.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha1 } from '../files.ts';
import { markUsed, replaceKept } from './unused.ts';

export class KeptRecords {
  private readonly file: string;
  private last?: Record<string, string[]>;
  private now = new Map<string, string[]>();
  private made = 0;

  constructor(private readonly dir: string, contentRoot: string) {
    this.file = path.join(dir, `${sha1(path.resolve(contentRoot))}.json`);
  }

  get(key: string): string[] | undefined {
    if (!this.last) {
      try {
        this.last = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string[]>;
      } catch {
        // None yet, or from a build that was cut short before renaming it in: the records are rendered.
        this.last = {};
      }
    }
    const records = Object.hasOwn(this.last, key) ? this.last[key] : undefined;
    if (records) this.now.set(key, records);
    return records;
  }

  set(key: string, records: string[]): void {
    this.now.set(key, records);
    this.made++;
  }

  /** Writes the records used this time, when something was rendered; removes other content folders' files unused for a month. */
  async save(): Promise<void> {
    if (this.now.size === 0) return;
    const now = Date.now();
    if (this.made === 0 && this.now.size === Object.keys(this.last ?? {}).length) return markUsed(this.file, now);
    await replaceKept(this.dir, this.file, JSON.stringify(Object.fromEntries(this.now)), now);
  }
}
