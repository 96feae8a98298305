// Images written in Markdown, ![说明](images/photo.jpg): the path is read from the Markdown file's
// folder, the file must be an image inside the content folder, and the image is then published at
// its /media/ address (the write stage copies it there). Anything else is an error that says what
// to do, never a broken image on the page (an <img> in pasted web-page code is left out, with a warning).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Html, Image, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isMediaType, mediaFile, REMOTE, type MediaFile } from '../load/media.ts';
import { error, warning } from '../messages.ts';
import { isInside } from '../files.ts';
import type { ImageLookup } from '../types.ts';


/** Whether the check of these images looked at `file` (an image that appeared, changed or went). */
export const lookedAt = (lookups: ImageLookup[] = [], file: string) => lookups.some((l) => l.paths.some((p) => path.resolve(p) === path.resolve(file)));

const folder = (dir: string) => dir.split(path.sep).join('/').replace(/\/?$/, '/');

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function checkImage(file: VFile, node: Image, root: string, lookups: ImageLookup[]): MediaFile | undefined {
  const url = node.url.trim();
  const place = node.position?.start;
  const name = path.posix.basename(url) || 'photo.jpg';
  if (url.startsWith('data:image/')) return undefined;
  if (/^(https?:)?\/\//i.test(url)) {
    error(file, `图片「${url}」在其他网站上，不能使用：本站网页不从其他网站加载任何内容（内网读者打不开，也会让读者的浏览器访问外网）。请把图片下载后放到这个文件旁边的 images 文件夹中，写成「![${node.alt || '图片说明'}](images/${name})」。`, place, 'image-remote');
    return undefined;
  }
  if (REMOTE.test(url) || url.startsWith('/') || url.startsWith('\\')) {
    error(file, `图片路径「${url}」是绝对路径：请写从这个文件所在的文件夹算起的相对路径，如「![${node.alt || '图片说明'}](images/${name})」，图片须放在内容文件夹 ${folder(root)} 中。`, place, 'image-path');
    return undefined;
  }
  const dir = path.dirname(file.path);
  const written = [url, decoded(url)].map((p) => path.join(dir, p));
  const source = written.find((p) => existsSync(p)) ?? written[0];
  const lookup: ImageLookup = { paths: [source, ...written.filter((p) => p !== source)], root, found: false };
  lookups.push(lookup);
  if (!isInside(root, source)) {
    error(file, `图片「${url}」在内容文件夹 ${folder(root)} 之外，发布时不会带上：请把图片复制到 ${folder(root)} 中（如这个文件旁边的 images 文件夹），再改正路径。`, place, 'image-outside');
    return undefined;
  }
  if (!isMediaType(source)) {
    const reason = path.extname(source).toLowerCase() === '.svg'
      ? `图片「${url}」是 SVG 文件：SVG 可以夹带脚本，本站不发布。请导出为 PNG 后再用。`
      : `「${url}」不是网页能显示的图片格式：请另存为 JPG（照片）或 PNG（截图、图表），也可用 GIF、WebP，再改正路径。`;
    error(file, reason, place, 'image-type');
    return undefined;
  }
  if (!existsSync(source) || !statSync(source).isFile()) {
    error(file, `找不到图片 ${url}（在 ${folder(dir)} 下）：请把图片放到该位置，或改正路径。`, place, 'image-missing');
    return undefined;
  }
  lookup.found = true;
  return mediaFile(root, path.relative(root, source).split(path.sep).join('/'));
}

/**
 * Checks every image of a file against the content folder `root` and points each at its published
 * address: gives the images to publish and where the check looked on disk.
 */
export function checkImages(file: VFile, tree: Root, root: string): { media: MediaFile[]; imageLookups: ImageLookup[] } {
  const media: MediaFile[] = [];
  const lookups: ImageLookup[] = [];
  visit(tree, 'image', (node: Image) => {
    const written = node.url;
    const found = checkImage(file, node, root, lookups);
    if (found) {
      node.url = found.url;
      if (!media.some((m) => m.path === found.path)) media.push(found);
    }
    if (!node.alt?.trim()) {
      warning(file, `图片没有说明文字：请写成「![图片说明](${written})」，方括号里写图片的内容；读屏软件会读出它，图片打不开时也显示它。`, node.position?.start, 'image-alt');
    }
  });
  // An <img> in pasted web-page code is not checked or copied: it would be a broken image, so the page leaves it out and says so.
  visit(tree, 'html', (node: Html) => {
    if (/<img\b/i.test(node.value)) {
      warning(file, '粘贴的网页代码中有图片（<img …>），网页上不会显示：请把图片文件放进 content/ 中这个文件旁边的 images 文件夹，改写成「![图片说明](images/文件名.jpg)」。', node.position?.start, 'image-html');
    }
  });
  return { media, imageLookups: lookups };
}
