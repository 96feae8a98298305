// One build at a time per output folder (and per cache): a second `yaoxun build` of the same folder
// waits for the first instead of sharing its files. proper-lockfile keeps the lock fresh while the
// holder runs and takes over a lock left by a build that was killed (its mtime stops moving). The
// holder's process id, kept inside the lock, lets a build killed outright be seen as gone at once
// rather than after the stale time.
import fs, { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ended } from '../files.ts';

/** A lock nobody refreshed for this long belongs to a dead build. Long, because a build's linking holds its thread for seconds. */
const STALE_MS = 30_000;
const WAIT_MS = 10 * 60_000;
const POLL_MS = 250;

/** Another build holds the folder for longer than a build should take, or took it over while this one ran. */
export class LockedError extends Error {
  override name = 'LockedError';
}

export interface Held {
  /** Throws when another process took the lock over meanwhile: this build must not swap its output in. */
  check(): void;
  release(): Promise<void>;
}

const OWNER = 'owner';

/** Takes the lock folder away whole (renamed aside, then removed); ENOENT when it is gone already. */
function removeLockFolder(dir: string) {
  const gone = aside(dir, 'gone', process.pid);
  rmSync(gone, { recursive: true, force: true });
  renameSync(dir, gone);
  rmSync(gone, { recursive: true, force: true });
}

/** Whether the process that wrote the lock's owner file has ended (unknown: no). */
function ownerGone(lockDir: string): boolean {
  try {
    const [host, pid] = readFileSync(path.join(lockDir, OWNER), 'utf8').split('\n');
    return host === hostname() && ended(Number(pid));
  } catch {
    return false;
  }
}

/**
 * Where this machine's process `pid` makes a lock folder (`made`) before renaming it into place, or
 * puts it (`gone`) on its way out. Another machine sharing the folder names its own apart.
 */
const aside = (lockDir: string, stage: 'made' | 'gone', pid: number) => `${lockDir}.${stage}-${hostname()}-${pid}`;

/**
 * The file system as proper-lockfile sees it: a lock folder appears whole, its owner file already in
 * it, and goes whole, by renames: a build killed at any moment never leaves a lock without an owner
 * (only the stale time would clear that), and a lock folder is never empty, which a rename could
 * replace. It looks stale once its holder has ended.
 */
const ownedFs = {
  ...fs,
  mkdir(dir: string, callback: (err: Error | null) => void) {
    const made = aside(dir, 'made', process.pid);
    try {
      // Only this process makes a folder of this name: one already there is its own, from an attempt that failed.
      rmSync(made, { recursive: true, force: true });
      mkdirSync(made);
      writeFileSync(path.join(made, OWNER), `${hostname()}\n${process.pid}`);
      renameSync(made, dir);
      callback(null);
    } catch (e) {
      rmSync(made, { recursive: true, force: true });
      // A lock folder already there (with its owner in it) is what mkdir says as EEXIST.
      const code = (e as { code?: string }).code;
      callback(code === 'ENOTEMPTY' || code === 'EEXIST' ? Object.assign(new Error(`${dir} exists`), { code: 'EEXIST' }) : (e as Error));
    }
  },
  stat(file: string, callback: (err: Error | null, stat?: fs.Stats) => void) {
    fs.stat(file, (err, stat) => {
      if (err || !stat.isDirectory() || !ownerGone(file)) return callback(err, stat);
      callback(null, Object.assign(stat, { mtime: new Date(0) }));
    });
  },
  rmdir(dir: string, callback: (err: Error | null) => void) {
    try {
      removeLockFolder(dir);
      callback(null);
    } catch (e) {
      callback(e as Error);
    }
  },
  rmdirSync: removeLockFolder,
};

/**
 * Takes the lock on `target` (a folder, which need not exist yet), waiting while another build holds
 * it; `waiting` is told once when it has to wait.
 */
export async function lockFolder(target: string, what: string, waiting?: () => void): Promise<Held> {
  const resolved = path.resolve(target);
  const lockfilePath = path.join(path.dirname(resolved), `.${path.basename(resolved)}.lock`);
  mkdirSync(path.dirname(lockfilePath), { recursive: true });
  // What a build of this machine killed between two renames left aside: nobody else will finish it.
  const prefixes = (['made', 'gone'] as const).map((stage) => path.basename(aside(lockfilePath, stage, 0)).slice(0, -1));
  for (const name of readdirSync(path.dirname(lockfilePath))) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix && ended(Number(name.slice(prefix.length)))) rmSync(path.join(path.dirname(lockfilePath), name), { recursive: true, force: true });
  }
  let lost: Error | undefined;
  const options = { lockfilePath, realpath: false, fs: ownedFs, stale: STALE_MS, update: 1000, onCompromised: (e: Error) => (lost = e) };
  const attempt = (retries: number) =>
    lockfile.lock(resolved, { ...options, retries: { retries, factor: 1, minTimeout: POLL_MS, maxTimeout: POLL_MS } });
  let release: () => Promise<void>;
  try {
    release = await attempt(0);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ELOCKED') throw e;
    waiting?.();
    release = await attempt(Math.ceil(WAIT_MS / POLL_MS)).catch((again: { code?: string }) => {
      if (again.code !== 'ELOCKED') throw again;
      throw new LockedError(`另一个 yaoxun 进程正在使用${what} ${resolved}，等了 ${WAIT_MS / 60_000} 分钟仍未结束：请等它完成，或结束那个进程后再运行。`);
    });
  }
  return {
    check() {
      if (lost) throw new LockedError(`${what} ${resolved} 在生成过程中被另一个 yaoxun 进程接管：这次的结果没有写入，请稍后重新运行。`);
    },
    release: () => release().catch(() => undefined),
  };
}
