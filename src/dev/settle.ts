// A watcher event only says that something happened to a path. Editors truncate a file and then
// write it, and chokidar drops a second `change` for the same path inside its 50 ms throttle with
// no trailing event. So each event starts a loop of reads that ends when two reads a quiet interval
// apart agree, and one more read after the throttle window catches a save the watcher never reported.
import { readFileSync } from 'node:fs';
import { contentHash } from '../files.ts';

export interface SettleOptions {
  /** Milliseconds between reads; two equal reads this far apart count as settled */
  quiet?: number;
  /** An empty file is what a save looks like halfway through, so emptiness must last this long, read
   * every `quiet` ms throughout, to count: time the server spent busy elsewhere saw nothing. */
  emptyQuiet?: number;
  /** Milliseconds after settling for the read that catches a save the watcher dropped (over chokidar's 50 ms) */
  trail?: number;
}

/** What a path holds once it has settled: its bytes, or undefined when it is gone (or is not a file). */
export type Settled = (file: string, bytes: Uint8Array | undefined) => void;

interface Loop {
  timer: NodeJS.Timeout;
  last?: Uint8Array | 'absent';
  /** Reads in a row that found what `last` holds, each `quiet` ms or more after the one before */
  sameReads: number;
  /** The read that follows a settled state: one that changes nothing ends the loop */
  trailing: boolean;
}

const ABSENT = 'absent';

function read(file: string): Uint8Array | typeof ABSENT {
  try {
    return readFileSync(file);
  } catch {
    return ABSENT;
  }
}

const hashOf = (bytes: Uint8Array | typeof ABSENT) => (bytes === ABSENT ? ABSENT : contentHash(bytes));
const same = (a: Uint8Array | typeof ABSENT | undefined, b: Uint8Array | typeof ABSENT) =>
  a !== undefined && (a === ABSENT || b === ABSENT ? a === b : Buffer.compare(a, b) === 0);

export class Settler {
  private loops = new Map<string, Loop>();
  /** The content each path was last delivered (or known) with, so nothing is delivered twice */
  private delivered = new Map<string, string>();
  private idleWaiters: (() => void)[] = [];
  private readonly quiet: number;
  private readonly emptyQuiet: number;
  private readonly trail: number;

  constructor(private readonly onSettled: Settled, options: SettleOptions = {}) {
    this.quiet = options.quiet ?? 20;
    this.emptyQuiet = options.emptyQuiet ?? 300;
    this.trail = options.trail ?? 100;
  }

  /** Records what a path holds without delivering it: the content the site was built from (by default, what the disk holds now). */
  know(file: string, hash: string | undefined = hashOf(read(file))) {
    this.delivered.set(file, hash ?? ABSENT);
  }

  /** Reads each path once and settles those that differ from what was delivered: saves the watcher has not reported (yet). */
  recheck(files: Iterable<string>) {
    for (const file of files) if (!this.loops.has(file) && hashOf(read(file)) !== (this.delivered.get(file) ?? ABSENT)) this.touch(file);
  }

  /** Something happened to `file`: read it until it settles, then deliver it if it changed. */
  touch(file: string) {
    const loop = this.loops.get(file);
    if (loop) {
      // A settled loop waiting for its trailing read starts over; a running one reads on anyway.
      if (loop.trailing) {
        clearTimeout(loop.timer);
        this.loops.delete(file);
      } else return;
    }
    const fresh: Loop = { timer: setTimeout(() => this.step(file), 0), sameReads: 0, trailing: false };
    this.loops.set(file, fresh);
  }

  private step(file: string) {
    const loop = this.loops.get(file)!;
    const bytes = read(file);
    if (loop.trailing) {
      this.loops.delete(file);
      if (hashOf(bytes) !== this.delivered.get(file)) this.touch(file);
      else this.settledAll();
      return;
    }
    if (!same(loop.last, bytes)) {
      loop.last = bytes;
      loop.sameReads = 1;
      loop.timer = setTimeout(() => this.step(file), this.quiet);
      return;
    }
    loop.sameReads++;
    const empty = bytes !== ABSENT && bytes.length === 0;
    // Counted in reads, not in elapsed time: a render that blocks this process for longer than
    // emptyQuiet puts two reads that far apart while the editor's write lands only after the second.
    if (empty && (loop.sameReads - 1) * this.quiet < this.emptyQuiet) {
      loop.timer = setTimeout(() => this.step(file), this.quiet);
      return;
    }
    const hash = hashOf(bytes);
    if (hash !== this.delivered.get(file)) {
      this.delivered.set(file, hash);
      this.onSettled(file, bytes === ABSENT ? undefined : bytes);
    }
    loop.trailing = true;
    loop.timer = setTimeout(() => this.step(file), this.trail);
  }

  private settledAll() {
    if (this.loops.size) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves when no path is being read (every change delivered, every trailing read done). */
  idle(): Promise<void> {
    if (this.loops.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close() {
    for (const loop of this.loops.values()) clearTimeout(loop.timer);
    this.loops.clear();
    this.settledAll();
  }
}
