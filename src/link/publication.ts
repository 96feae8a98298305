// The site's own facts, which editors own in content/site.yaml: the bulletin's name, who issues it,
// and the address where the archive is published. Another 团委's bulletin uses yaoxun by editing
// this one file; without it the site is 共青团山西省委's 晋团要讯.
import type { VFile } from 'vfile';
import { isMap, isScalar } from 'yaml';
import { keysOf, parseYamlFile, unknownKeyReason } from '../load/yamlFile.ts';
import { error } from '../messages.ts';

export interface Publication {
  /** 刊名: 晋团要讯 */
  name: string;
  /** 主办单位: 共青团山西省委 */
  publisher: string;
  /** 网址: where the archive's home page is published, absolute and ending in '/'; the feed and sitemap need it */
  address?: string;
}

export const DEFAULT_PUBLICATION: Publication = { name: '晋团要讯', publisher: '共青团山西省委' };

const KEYS: Record<string, { key: keyof Publication; write: string }> = {
  刊名: { key: 'name', write: '写成「刊名: 晋团要讯」' },
  主办单位: { key: 'publisher', write: '写成「主办单位: 共青团山西省委」' },
  网址: { key: 'address', write: '写成网站首页的完整网址，例如「网址: http://intranet.example/archive/」，还没有就删去这一行' },
};

/** The facts in site.yaml (each one missing keeps its default); problems become messages on the file. */
export function readPublication(file: VFile | undefined): Publication {
  const publication = { ...DEFAULT_PUBLICATION };
  if (!file || file.messages.length) return publication;
  const { doc, at } = parseYamlFile(file);
  const twice = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (twice) {
    error(file, 'site.yaml 中同一个键写了两次：请删去其中一行。', at(twice.pos[0]), 'site-yaml');
    return publication;
  }
  if (doc.errors.length || (doc.contents !== null && !isMap(doc.contents))) {
    error(file, 'site.yaml 应是「键: 值」的若干行，例如「刊名: 晋团要讯」「主办单位: 共青团山西省委」「网址: http://intranet.example/archive/」。', at(doc.errors[0]?.pos[0] ?? 0), doc.errors.length ? 'site-yaml' : 'site-shape');
    return publication;
  }
  for (const { key: name, place, value } of isMap(doc.contents) ? keysOf(doc.contents, at) : []) {
    const known = KEYS[name];
    if (!known) {
      error(file, unknownKeyReason(name, Object.keys(KEYS)), place, 'site-unknown-key');
      continue;
    }
    const text = isScalar(value) && value.value !== null ? String(value.value).trim() : '';
    if (!text) {
      error(file, `「${name}」是空的：请${known.write}。`, place, 'site-invalid');
      continue;
    }
    if (known.key === 'address') {
      const address = absoluteAddress(text);
      if (!address) {
        error(file, `「${text}」不是完整的网址：请${known.write}（以 http:// 或 https:// 开头）。`, place, 'site-invalid');
        continue;
      }
      publication.address = address;
    } else publication[known.key] = text;
  }
  return publication;
}

/** http(s)://host/path/ with the trailing slash a base address needs, or undefined. */
function absoluteAddress(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}
