// What the last link of a content folder left for the next to spare work (link/linkSite.ts's
// LinkMemory: 相关经验's hash of each entry and its list), kept between builds. Its lists hold only for the
// version of yaoxun and the themes that made them: the file is named by those and the content folder.
// What it holds is checked against the link before use (related.ts), so a file another build wrote
// (of another output folder, of the content as it was then) is as good as this build's own. Written
// aside then renamed: a build reads one build's file whole.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha1 } from '../files.ts';
import { markUsed, replaceKept } from './unused.ts';

export class KeptMemory<T extends object> {
  private readonly file: string;
  private json = '';

  constructor(private readonly dir: string, version: string, contentRoot: string) {
    this.file = path.join(dir, `${sha1(version, path.resolve(contentRoot))}.json`);
  }

  /** What the last build left, or nothing to go by. */
  read(): Partial<T> {
    try {
      this.json = readFileSync(this.file, 'utf8');
      return JSON.parse(this.json) as Partial<T>;
    } catch {
      // None yet: the link works everything out.
      return {};
    }
  }

  /** Keeps `memory` for the next build, unless it is what was read; removes other content folders' and versions' files unused for a month. */
  async save(memory: Partial<T>): Promise<void> {
    const now = Date.now();
    const json = JSON.stringify(memory);
    if (json === this.json) return markUsed(this.file, now);
    await replaceKept(this.dir, this.file, json, now);
    this.json = json;
  }
}
