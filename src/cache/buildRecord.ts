// The build cache: what the last build of an output folder was made from. When nothing it was made
// from has changed (content, its images, themes, templates, public files, yaoxun itself and the
// packages installed with it, the base URL) and the folder is as that build left it, a build has
// nothing to do.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';
import { anyFile, filesAndSize, filesIn, sha1, writeWhole } from '../files.ts';
import { restoreMessages, storeMessages, type StoredMessage } from './storedMessages.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** YAOXUN_CACHE_DIR moves it: tests that compare a cold build with an incremental one start each from nothing. */
export const cacheDir = process.env.YAOXUN_CACHE_DIR ?? path.join(packageRoot, 'node_modules', '.cache', 'yaoxun');


interface LastBuild {
  fingerprint: string;
  /**
   * Files in the output folder and their total size when the build finished, but for the search
   * index's folder: its bundles and phrase parts are told apart by their keys, and a walk of its
   * thousands of files would cost every build a second at 5,000 issues.
   */
  files: number;
  bytes: number;
  pages: number;
  issues: number;
  standalones: number;
  messages: Record<string, StoredMessage[]>;
  /** What each page was rendered from (see build.ts), by URL: a page whose key is the same now need not be rendered */
  pageKeys?: Record<string, string>;
  /** The same for each search bundle, by name */
  bundleKeys?: Record<string, string>;
  /** The site this build replaced, kept for the next one to stage in, and the paths where the two differ (write/writeSite.ts) */
  spare?: { folder: string; changed: string[] };
}

/** A folder's files as parts for sha1: each path with the hash of its bytes, so no two folders share a print. */
const treeParts = (dir: string) => filesIn(dir, anyFile).map((entry) => `${path.relative(dir, entry)}\0${sha1(readFileSync(entry))}`);

/**
 * npm's record of what it installed (node_modules/.package-lock.json, in the nearest node_modules
 * folder at or above `from`, where the packages yaoxun uses are found).
 */
export function installedPackages(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '.package-lock.json');
    if (existsSync(file)) return file;
    if (dir === path.dirname(dir)) return undefined;
  }
}

let ownSource: string | undefined;
/**
 * A hash of yaoxun's own source and of the packages installed with it: a new version, or an
 * upgraded Markdown parser or template engine, may parse, link or render differently.
 */
export function codeVersion(): string {
  // bin/yaoxun.js hashed the same (and where the install is) to name the bundle this runs from.
  ownSource ??= (globalThis as Record<symbol, string | undefined>)[Symbol.for('yaoxun.codeVersion')];
  if (!ownSource) {
    const installed = installedPackages(packageRoot);
    ownSource = sha1(...treeParts(path.join(packageRoot, 'src')), installed ? readFileSync(installed) : '');
  }
  return ownSource;
}

/** A hash of what every page depends on: templates, public files, yaoxun's own source, the base, and `more`. */
export function environmentPrint(dirs: string[], base: string, ...more: string[]): string {
  return sha1(base, codeVersion(), ...more, ...dirs.flatMap((dir, i) => [`folder ${i}`, ...treeParts(dir)]));
}

/**
 * A hash of everything a build reads: the environment, every content file's hash and the images of
 * the content folder. Images count by size and time of change: reading every photo of the archive
 * would cost an up-to-date build more than it saves, and an edited image changes both.
 */
export function fingerprint(files: VFile[], environment: string, media: string[] = []): string {
  const images = media.map((image) => {
    const { size, mtimeMs } = statSync(image);
    return `${image}\0${size}\0${mtimeMs}`;
  });
  return sha1(environment, ...files.flatMap((file) => [file.path, String(file.data.hash)]), ...images);
}

const lastBuildPath = (out: string) => path.join(cacheDir, 'builds', `${sha1(path.resolve(out))}.json`);

/**
 * The last build that made `out`, and whether the folder is still as that build left it (same files,
 * same size, but for the folders `filled`): then `present` gives the files it holds outside those
 * (relative to it), else nothing. The folder is walked while the caller goes on.
 */
export function lastBuild(out: string, filled: string[]): { record: LastBuild; present: Promise<Set<string> | undefined> } | undefined {
  let record: LastBuild;
  try {
    record = JSON.parse(readFileSync(lastBuildPath(out), 'utf8')) as LastBuild;
  } catch {
    return undefined;
  }
  const present = filesAndSize(out, filled).then(
    ({ files, size }) => (size.files === record.files && size.bytes === record.bytes ? new Set(files) : undefined),
    // No such folder, or it changed while walked.
    () => undefined,
  );
  return { record, present };
}

export type BuildCounts = Pick<LastBuild, 'pages' | 'issues' | 'standalones' | 'pageKeys' | 'bundleKeys' | 'spare'>;

/** Records the build that just made `out`, of `size` (as lastBuild measures it). */
export function saveBuild(out: string, print: string, size: { files: number; bytes: number }, counts: BuildCounts, files: VFile[]) {
  const messages = Object.fromEntries(files.map((f) => [f.path, storeMessages(f.messages)]));
  const file = lastBuildPath(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeWhole(file, JSON.stringify({ fingerprint: print, ...size, ...counts, messages } satisfies LastBuild));
}

/** Puts the messages of the last build back on the files, so an up-to-date build still reports them. */
export function replayMessages(last: LastBuild, files: VFile[]) {
  for (const file of files) restoreMessages(file, last.messages[file.path] ?? []);
}
