// Write: pages and public assets into a sibling temporary folder, then swap it in, so a reader
// never sees a half-written site and a failed build leaves the last good one as it was.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MediaFile } from '../load/media.ts';
import type { Page } from '../render/renderSite.ts';

/** '/issues/2022/11/' → issues/2022/11/index.html; '/feed.xml' → feed.xml; '/media/%E5%9B%BE.png' → media/图.png */
export function outputPath(url: string): string {
  return path.join(...(url.endsWith('/') ? url + 'index.html' : url).split('/').filter(Boolean).map(decodeURIComponent));
}

/** Siblings of the output folder (same disk, so the swap is a rename); a leftover is cleared by the next build. */
const stagingName = (out: string, tag: string) => path.join(path.dirname(out), `.${path.basename(out)}.${tag}`);

/**
 * Writes `pages` (rendered as they are taken), the public assets and the images pages show into a
 * staging folder, then swaps it for `out`. `fill` adds what others write (the search index); it
 * starts first and runs meanwhile.
 */
export async function writeSite(out: string, pages: Iterable<Page>, publicDir: string | undefined, media: MediaFile[], fill?: (staging: string) => Promise<void>) {
  const staging = stagingName(out, 'building');
  rmSync(staging, { recursive: true, force: true });
  let filling: Promise<void> | undefined;
  try {
    mkdirSync(staging, { recursive: true });
    if (publicDir && existsSync(publicDir)) cpSync(publicDir, staging, { recursive: true });
    filling = fill?.(staging);
    for (const image of media) cpSync(image.source, path.join(staging, outputPath(image.url)));
    const dirs = new Set<string>();
    for (const page of pages) {
      const file = path.join(staging, outputPath(page.url));
      const dir = path.dirname(file);
      if (!dirs.has(dir)) mkdirSync(dir, { recursive: true });
      dirs.add(dir);
      writeFileSync(file, page.content);
    }
    await filling;
    const old = stagingName(out, 'old');
    rmSync(old, { recursive: true, force: true });
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    await filling?.catch(() => undefined);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
