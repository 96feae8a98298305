// Write: the site is assembled in a sibling staging folder, then swapped in, so a reader never sees
// a half-written site and a failed build leaves the last good one as it was. The staging folder
// starts as hard links to the current site: a page whose bytes did not change stays the same file
// (same inode and mtime), a changed page is written as a new file (the link is replaced, never
// written through). The swap is two renames, the old site aside and the staging folder in its place:
// between them, microseconds apart, the folder is missing (a request then gets a 404, never a mix of
// two builds); Node has no atomic exchange of two folders. Each build stages in a folder of its own.
// The site swapped out is kept beside the new one as its spare, with the list of what the build
// changed: the next build takes it as its staging folder and re-links only those paths, instead of
// linking every file of the site again (at 5,000 issues 21,000 files, about a second) and removing
// the old site's as many.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '../render/pages.ts';
import { filesBelow, sizeOf, Writes } from '../files.ts';

/** '/issues/2022/11/' → issues/2022/11/index.html; '/feed.xml' → feed.xml; '/media/%E5%9B%BE.png' → media/图.png */
export function outputPath(url: string): string {
  return path.join(...(url.endsWith('/') ? url + 'index.html' : url).split('/').filter(Boolean).map(decodeURIComponent));
}

/** Siblings of the output folder (same disk, so the swap is a rename), named per process. */
const stagingPrefix = (out: string, tag: string) => path.join(path.dirname(out), `.${path.basename(out)}.${tag}-`);
const stagingName = (out: string, tag: string) => `${stagingPrefix(out, tag)}${process.pid}-${Date.now().toString(36)}`;

/**
 * Removes the folders a build killed before its swap left behind, the replaced sites earlier versions
 * of yaoxun set aside ('old'), and the spares no build will take (all but `spare`: a whole site each,
 * so in the background, as a replaced site is). Only called under the output folder's lock, so none is in use.
 */
function clearLeftovers(out: string, spare?: string) {
  const dir = path.dirname(out);
  if (!existsSync(dir)) return;
  const names = readdirSync(dir);
  for (const tag of ['building', 'old', 'spare']) {
    const prefix = path.basename(stagingPrefix(out, tag));
    for (const name of names.filter((n) => n.startsWith(prefix) && path.join(dir, n) !== spare)) {
      if (tag === 'spare') removeLater(path.join(dir, name));
      else rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** How a staging folder is being filled from the current site: the files linked, and whether any had to be copied. */
interface Linking {
  linked: Set<string>;
  copied: boolean;
}

/** `to` becomes a hard link to `from`, or a copy where the disk cannot link. */
function linkFile(from: string, to: string, linking: Linking) {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
    linking.copied = true;
  }
}

/**
 * The folder `rel` of `to` (which must exist) mirrors that of `from` in hard links, but for the
 * entries `skip` names; `linking.linked` gets the files, relative to `to`. Folder by folder, so each
 * is made once and without a recursive mkdir's checks of every parent (at 1,000 issues, 1,200
 * folders: a third of the copy's time).
 */
function linkTree(from: string, to: string, linking: Linking, rel: string, skip: (name: string) => boolean = () => false) {
  for (const entry of readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const name = path.join(rel, entry.name);
    if (skip(name)) continue;
    if (entry.isDirectory()) {
      mkdirSync(path.join(to, name));
      linkTree(from, to, linking, name);
    } else if (entry.isFile()) {
      linkFile(path.join(from, name), path.join(to, name), linking);
      linking.linked.add(name);
    }
  }
}

/**
 * Makes each of `paths` (files or folders, relative to both) in `to` what it is in `from`: taken whole
 * from there, or removed when `from` has none, with the folders that leaves empty.
 */
function relink(from: string, to: string, paths: string[], linking: Linking) {
  const emptied = new Set<string>();
  for (const rel of paths) {
    rmSync(path.join(to, rel), { recursive: true, force: true });
    const source = statSync(path.join(from, rel), { throwIfNoEntry: false });
    if (!source) emptied.add(path.dirname(rel));
    else if (source.isDirectory()) {
      mkdirSync(path.join(to, rel), { recursive: true });
      linkTree(from, to, linking, rel);
    } else {
      mkdirSync(path.join(to, path.dirname(rel)), { recursive: true });
      linkFile(path.join(from, rel), path.join(to, rel), linking);
    }
  }
  removeEmptyFolders(to, emptied);
}

/** The site a build swapped out, kept beside the new one: the next build's staging folder. */
export interface Spare {
  folder: string;
  /** The files and folders (relative to the site) the build wrote or removed: elsewhere the two are the same files */
  changed: string[];
}

export interface SiteOutput {
  /** Pages rendered this time, taken as they are written */
  pages: Iterable<Page>;
  /** URLs of pages not rendered because they cannot have changed: their files are kept from the current site */
  kept?: Iterable<string>;
  publicDir?: string;
  /**
   * Files published by their bytes at their URL: the images the pages show, from the content folder
   * (a symbolic link is followed, never published as one), and the modules the search page shares with the build
   */
  copied?: { source: string; url: string }[];
  /** Folder names at the top of the site that `fill` owns: the writer neither adds to nor prunes them */
  filled?: string[];
  /**
   * Adds what others write (the search index) into the staging folder; starts first, once the folders
   * it owns are linked from the current site, and runs meanwhile. The rest of the site is linked and
   * the pages are rendered once it calls `started` (or ends): what it renders for others to work on
   * goes first, so they are not kept waiting by the pages nor by the copy. Returns the files and
   * folders (relative to the staging folder) it wrote or removed.
   */
  fill?: (staging: string, started: () => void) => Promise<string[]>;
  /**
   * The current site as the last build left it: its files outside the folders `fill` owns, and the
   * spare that build kept. Only when the site is known to be as it was (then the spare mirrors it but
   * for the paths it lists).
   */
  current?: { files: Set<string>; spare?: Spare };
  /** Awaited just before the swap: fails when the swap must not happen (the output's lock was lost) */
  beforeSwap?: () => void | Promise<void>;
}

/**
 * Writes the site into a staging folder seeded from `out`, removes what it no longer has, and swaps
 * it for `out`. Returns the new site's size outside the folders `fill` owns (folderSize), and the
 * spare it kept.
 */
export async function writeSite(out: string, site: SiteOutput): Promise<{ size: { files: number; bytes: number }; spare?: Spare }> {
  const spare = site.current?.spare && existsSync(site.current.spare.folder) ? site.current.spare : undefined;
  clearLeftovers(out, spare?.folder);
  const staging = stagingName(out, 'building');
  let filling: Promise<string[]> | undefined;
  const writes = new Writes();
  try {
    const linking: Linking = { linked: new Set(), copied: false };
    const owned = (rel: string) => site.filled?.includes(rel.split(path.sep)[0]) ?? false;
    // The spare, brought up to the current site, or the current site linked anew.
    let fromSpare = false;
    if (spare) {
      try {
        renameSync(spare.folder, staging);
        relink(out, staging, spare.changed.filter(owned), linking);
        fromSpare = true;
      } catch {
        rmSync(staging, { recursive: true, force: true });
      }
    }
    if (!fromSpare) {
      mkdirSync(staging, { recursive: true });
      // What `fill` owns is linked first, so it can start: the rest is linked while Pagefind runs.
      for (const name of site.filled ?? []) {
        if (!existsSync(path.join(out, name))) continue;
        mkdirSync(path.join(staging, name));
        linkTree(out, staging, linking, name);
      }
    }
    let started!: () => void;
    const handedOn = new Promise<void>((resolve) => (started = resolve));
    filling = site.fill?.(staging, started);
    // Its failure is met at `await filling` below; until then it must not count as unhandled (Node would exit with a stack).
    filling?.catch(() => undefined);
    if (filling) await Promise.race([handedOn, filling]);
    if (fromSpare) relink(out, staging, spare!.changed.filter((rel) => !owned(rel)), linking);
    else if (existsSync(out)) linkTree(out, staging, linking, '', owned);
    // Brought up to the current site, the spare holds its files, which the caller already listed.
    const linked = fromSpare ? site.current!.files : linking.linked;
    const wanted = new Set<string>();
    // A file the current site has is replaced only when its bytes differ; one it lacks is simply written.
    const put = (rel: string, bytes: string | Uint8Array) => {
      wanted.add(rel);
      return writes.put(path.join(staging, rel), bytes, linked.has(rel) ? 'link' : 'absent');
    };
    for (const rel of site.publicDir ? filesBelow(site.publicDir) : []) await put(rel, readFileSync(path.join(site.publicDir!, rel)));
    for (const file of site.copied ?? []) await put(outputPath(file.url), readFileSync(file.source));
    for (const url of site.kept ?? []) wanted.add(outputPath(url));
    let count = 0;
    for (const page of site.pages) {
      await put(outputPath(page.url), page.content);
      // A turn of the event loop now and then: the lock is refreshed and Pagefind's output is read meanwhile.
      if (++count % 50 === 0) await new Promise(setImmediate);
    }
    await writes.done();
    // Outside the folders `fill` owns, the staging folder holds what was linked from the current site
    // and what was written now (all of it wanted): the linked files the site no longer has go, and so
    // do the folders they leave empty. No need to list the folder again.
    const unwanted = [...linked].filter((rel) => !wanted.has(rel) && !owned(rel));
    for (const rel of unwanted) unlinkSync(path.join(staging, rel));
    const emptied = new Set(unwanted.map((rel) => path.dirname(rel)));
    const size = sizeOf(staging, [...wanted].filter((rel) => !owned(rel)));
    const filled = (await filling) ?? [];
    removeEmptyFolders(staging, emptied);
    await site.beforeSwap?.();
    const replaced = stagingName(out, 'spare');
    if (existsSync(out)) renameSync(out, replaced);
    renameSync(staging, out);
    if (!existsSync(replaced)) return { size };
    // A spare made of copies (a disk without hard links) would double the site on disk: removed instead.
    if (linking.copied) {
      removeLater(replaced);
      return { size };
    }
    const written = writes.written.map((file) => path.relative(staging, file));
    return { size, spare: { folder: replaced, changed: [...written, ...unwanted, ...filled] } };
  } catch (e) {
    await Promise.all([filling?.catch(() => undefined), writes.done().catch(() => undefined)]);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Removes the replaced site in a process of its own: unlinking its thousands of files and folders is
 * the slowest step of a build after a small change, and nothing waits for it. What it has not removed
 * when the next build starts, that build removes first.
 */
function removeLater(dir: string) {
  if (!existsSync(dir)) return;
  spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', dir], { detached: true, stdio: 'ignore' }).unref();
}

/** Removes each of `folders` (relative to `root`) that is empty now, and each parent that is then empty, up to `root`. */
function removeEmptyFolders(root: string, folders: Set<string>) {
  const queue = [...folders];
  for (const rel of queue) {
    if (rel === '.' || !existsSync(path.join(root, rel)) || readdirSync(path.join(root, rel)).length) continue;
    rmdirSync(path.join(root, rel));
    // Its parent may have held only it; checked again even if it was checked (and not empty) before.
    queue.push(path.dirname(rel));
  }
}
