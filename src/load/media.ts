// Images editors put in the content folder next to their Markdown. Each is published at one URL,
// /media/<its path inside the content folder>/, so the same file always has the same address, and
// the dev server can find the file again from the address alone (resolveMedia).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { filesIn, isInside } from '../files.ts';

/**
 * Image types browsers show. SVG is not among them: an SVG file can carry script, which runs when
 * the image is opened by its own address on the site.
 */
export const MEDIA_TYPES = ['.jpg', '.jpeg', '.png', '.gif', '.webp'];

export const MEDIA_PREFIX = '/media/';

/** Another host's address: https://…, //… — loading it would make readers' browsers leave the intranet. */
export const REMOTE = /^\s*([a-z][a-z0-9+.-]*:|\/\/|\\\\)/i;

/** An image of the content folder: where it is and where the site publishes it. */
export interface MediaFile {
  source: string;
  /** Path inside the content folder, with '/': issues/2022/images/photo.jpg */
  path: string;
  /** /media/issues/2022/images/photo.jpg (URL-encoded) */
  url: string;
}

export const isMediaType = (file: string) => MEDIA_TYPES.includes(path.extname(file).toLowerCase());

/** The image at `relative` (inside the content folder, '/'-separated) as the site publishes it. */
export function mediaFile(contentRoot: string, relative: string): MediaFile {
  return { source: path.join(contentRoot, ...relative.split('/')), path: relative, url: MEDIA_PREFIX + relative.split('/').map(encodeURIComponent).join('/') };
}

/**
 * For the dev server: the image file a request path names (/media/issues/2022/images/photo.jpg, as
 * in the pages, without the --base prefix), or undefined when it names no image of the content folder.
 */
export function resolveMedia(contentRoot: string, urlPath: string): string | undefined {
  if (!urlPath.startsWith(MEDIA_PREFIX)) return undefined;
  let segments: string[];
  try {
    segments = urlPath.slice(MEDIA_PREFIX.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\/\0]/.test(s))) return undefined;
  const file = mediaFile(contentRoot, segments.join('/')).source;
  return isMediaType(file) && isInside(contentRoot, file) && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Every image in the content folder, whether a page shows it or not (what a build's record looks at). */
export const mediaFiles = (contentRoot: string) => filesIn(contentRoot, isMediaType);
