import { createRequire } from 'node:module';

/**
 * Place names whose standard reading (the romanization of the State Council's division lists and of
 * GB/T 2260-based gazetteers: Hóngtóng, Fánshì, Wànbǎilín, Yáodū) is not the everyday one pinyin-pro
 * picks (洪洞 → dòng, 峙 → zhì, 柏林 → Bólín as in Berlin, 都 → dōu). Only these differ among Shanxi's
 * 11 cities and 117 county-level units; tests/places.test.ts checks every slug.
 */
const READINGS = { 洪洞: 'hóng tóng', 繁峙: 'fán shì', 万柏林: 'wàn bǎi lín', 尧都: 'yáo dū' };

// Loaded at the first slug (an article's or an imported file's name): pinyin-pro and its dictionary
// take about 0.15 s to load, which `check FILE` would otherwise pay at every start.
let loaded: typeof import('pinyin-pro') | undefined;
function pinyinPro() {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
    loaded.customPinyin(READINGS);
  }
  return loaded;
}

/** An ASCII URL segment for a Chinese name: 阳城县 → yangchengxian, 吕梁 → lvliang. */
export function slugify(name: string): string {
  return pinyinPro().pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
