// Helpers for files that every stage may use: hashing, walking a folder, whether a path is inside a
// folder, whether the process that left something has ended, and writes that a reader or a crash
// never meets half-done. Nothing here knows the bulletin.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The sha1 of `parts` (hex), each kept apart from the next so that 'ab', 'c' and 'a', 'bc' differ. */
export function sha1(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha1');
  parts.forEach((part, i) => (i ? hash.update('\0') : hash).update(part));
  return hash.digest('hex');
}

/** Whether process `pid` of this machine has ended (unknown: no): what it left behind may then be removed. */
export function ended(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as { code?: string }).code === 'ESRCH';
  }
}

/** What a file's content is known by: the build cache and the dev server compare these. */
export const contentHash = (bytes: Uint8Array) => sha1(bytes);

/**
 * Files under `dir` whose name `keep` accepts, sorted so every build sees them in one order; none
 * from the folders at its top named in `skip`, which are not even read.
 */
export function filesIn(dir: string, keep: (name: string) => boolean, skip: string[] = []): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((top) => !skip.includes(top.name))
    .flatMap((top) => (top.isDirectory() ? readdirSync(path.join(dir, top.name), { withFileTypes: true, recursive: true }) : [top]))
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export const anyFile = () => true;

/** Whether `file` is `dir` itself or under it, by their paths alone (isInside also follows links). */
export function isWithin(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  // '..' is the way out; a name that merely starts with two dots ('..notes.jpg') is inside.
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Whether `file` (resolved, symbolic links followed) is inside `root`, and not `root` itself. */
export function isInside(root: string, file: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : path.resolve(p));
  return real(root) !== real(file) && isWithin(real(root), real(file));
}

/**
 * Puts `bytes` at `file` unless it already holds them. A file there may be a link into the live site:
 * it is replaced, never written through.
 */
export function writeIfChanged(file: string, bytes: string | Uint8Array): boolean {
  const wanted = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  try {
    if (Buffer.compare(readFileSync(file), wanted) === 0) return false;
    unlinkSync(file);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
    mkdirSync(path.dirname(file), { recursive: true });
  }
  writeFileSync(file, wanted);
  return true;
}

// fs's callback forms, not fs/promises: those open a FileHandle for each file, which costs the main
// thread more (3,000 files: 190–240 ms against 270–330 ms of its time).
const [mkdir, readFile, rename, unlink, writeFile] = [promisify(fs.mkdir), promisify(fs.readFile), promisify(fs.rename), promisify(fs.unlink), promisify(fs.writeFile)];

/**
 * Many files written off the main thread: a build writes thousands, and each synchronous open, mkdir
 * and write waits on the disk (at 1,000 issues about 4 s of the main thread's 18, while Pagefind
 * writes its own files on the same disk) — time the main thread can spend rendering instead. At most
 * `limit` writes are under way; `put` waits for a free place, `done` for all and throws the first failure.
 */
export class Writes {
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<void>>();
  private failure?: { error: unknown };
  /** The files written so far, in the order their writes ended (a 'link' that already held its bytes is not) */
  readonly written: string[] = [];

  constructor(private readonly limit = 16) {}

  /** Makes each folder once per writer, however many files go into it. */
  private folder(dir: string) {
    let made = this.folders.get(dir);
    if (!made) this.folders.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  }

  /**
   * Puts `bytes` at `file`. `replace` says what may be there already: 'absent' (nothing: the folder
   * is made as needed), 'link' (maybe a link into the live site, replaced unless it holds these bytes,
   * never written through), 'aside' (written beside itself and renamed into place, so a reader never meets half of it).
   */
  async put(file: string, bytes: string | Uint8Array, replace: 'absent' | 'link' | 'aside'): Promise<void> {
    if (this.failure) throw this.failure.error;
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const write = (async () => {
      if (replace === 'aside') {
        const aside = `${file}.${process.pid}`;
        await writeFile(aside, bytes);
        await rename(aside, file);
      } else {
        if (replace === 'link' && (await replaced(file, bytes)) === false) return;
        await this.folder(path.dirname(file));
        await writeFile(file, bytes);
      }
      this.written.push(file);
    })().then(
      () => void this.running.delete(write),
      (error: unknown) => {
        this.running.delete(write);
        this.failure ??= { error };
      },
    );
    this.running.add(write);
  }

  /** Waits for every write put so far; throws the first that failed. */
  async done(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}

/** Removes `file` unless it holds `bytes` already (then false: nothing to write). */
async function replaced(file: string, bytes: string | Uint8Array): Promise<boolean> {
  try {
    const there = await readFile(file);
    if (there.equals(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)) return false;
    await unlink(file);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  return true;
}

/** Writes `file` beside itself and renames it into place (its folder must exist): a reader, or a crash, never meets half of it. */
export function writeWhole(file: string, data: string) {
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, data);
  renameSync(aside, file);
}

/** Every file under `dir` as filesIn lists them, as paths relative to `dir`. */
export const filesBelow = (dir: string, skip: string[] = []) => filesIn(dir, anyFile, skip).map((file) => path.relative(dir, file));

/** How many files a folder holds, and their total size, but for those in the folders at its top named in `skip`. */
export function folderSize(dir: string, skip: string[] = []) {
  return sizeOf(dir, filesBelow(dir, skip));
}

/** The walk of filesAndSize, in a thread of its own: what filesBelow and sizeOf do, one after the other. */
const WALK = `
const { workerData: { dir, skip }, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const files = [];
let bytes = 0;
for (const top of fs.readdirSync(dir, { withFileTypes: true })) {
  if (skip.includes(top.name)) continue;
  const entries = top.isDirectory() ? fs.readdirSync(path.join(dir, top.name), { withFileTypes: true, recursive: true }) : [top];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined) continue;
    files.push(path.relative(dir, file));
    bytes += size;
  }
}
parentPort.postMessage({ files, bytes });
`;

/**
 * filesBelow and sizeOf at once, in a worker thread: the walk of an output folder took 0.03–0.1 s
 * of a build at 1,000 issues, 0.15 s at 5,000, mostly waiting on the disk, and the build goes on
 * meanwhile (in the thread pool, each file's size cost the main thread about as much again).
 * Paths are in no particular order. Fails where `dir` cannot be walked.
 */
export function filesAndSize(dir: string, skip: string[] = []): Promise<{ files: string[]; size: { files: number; bytes: number } }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WALK, { eval: true, workerData: { dir, skip } });
    worker.once('message', ({ files, bytes }: { files: string[]; bytes: number }) => resolve({ files, size: { files: files.length, bytes } }));
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error(`${dir} 的遍历没有结果`)));
  });
}

/** How many of `files` (relative to `dir`) are there, and their total size. */
export function sizeOf(dir: string, files: string[]) {
  let count = 0;
  let bytes = 0;
  for (const rel of files) {
    const size = statSync(path.join(dir, rel), { throwIfNoEntry: false })?.size;
    if (size === undefined) continue;
    count++;
    bytes += size;
  }
  return { files: count, bytes };
}
