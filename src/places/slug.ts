import { pinyin } from 'pinyin-pro';

/** An ASCII URL segment for a Chinese name: 阳城县 → yangchengxian, 吕梁 → lvliang. */
export function slugify(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
