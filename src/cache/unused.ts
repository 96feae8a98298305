// A cache's files are kept while builds read them: a build marks what it read as used (its time of
// change), and a build that wrote something removes, under the cache's lock, the files of the folder
// no build has read for a month (other content folders, other versions of yaoxun). That sweep lists
// the folder and reads each file's time, at 5,000 issues 5,000 files: it is done once a day, not by
// every build that wrote.
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writes } from '../files.ts';

const DAY = 24 * 60 * 60 * 1000;
/** A file not read for this long is removed */
const UNUSED = 30 * DAY;
/** A file read is marked anew only when its mark is older than this: most builds then write nothing to mark it */
const MARK_AFTER = 7 * DAY;

/** Marks `file` as read at `now`, if it is there and its mark is old. */
export function markUsed(file: string, now: number): void {
  const marked = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (marked !== undefined && now - marked > MARK_AFTER) utimesSync(file, now / 1000, now / 1000);
}

/**
 * Whether files all marked at `marked` (markUsed: each then read within MARK_AFTER) are to be marked
 * again at `now`. Until then none of them can have gone a month unread: one marked so is at most
 * twice MARK_AFTER old when the next marking is due.
 */
export const marksDue = (marked: number | undefined, now: number) => marked === undefined || marked > now || now - marked >= MARK_AFTER;

/** A folder's sweep is done at most this often */
const SWEEP_EVERY = DAY;
/** The file beside `dir` whose time of change says when `dir` was last swept (beside it, so the folder holds only the cache's own files) */
export const sweptMark = (dir: string) => `${path.resolve(dir)}.swept`;

/** Removes the files of `dir` not read for a month, but those `kept` names; unless it did so less than a day ago. */
export function removeUnused(dir: string, kept: (name: string) => boolean, now: number): void {
  const mark = sweptMark(dir);
  const swept = statSync(mark, { throwIfNoEntry: false })?.mtimeMs;
  // A mark from the future (a clock set back) does not put the sweep off.
  if (swept !== undefined && swept <= now && now - swept < SWEEP_EVERY) return;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!kept(name) && now - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now) > UNUSED) rmSync(file, { force: true });
  }
  writeFileSync(mark, '');
}

/**
 * Replaces `file` of `dir` by `text` (written aside, then renamed: builds running at once read one
 * build's file whole), then removes the files of `dir` unused for a month (removeUnused), this one kept.
 */
export async function replaceKept(dir: string, file: string, text: string, now: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const writes = new Writes();
  await writes.put(file, text, 'aside');
  await writes.done();
  removeUnused(dir, (name) => name === path.basename(file), now);
}
