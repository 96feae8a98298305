// The theme taxonomy editors own (content/themes.yaml) and how material is matched to it.
import type { VFile } from 'vfile';
import { isSeq } from 'yaml';
import { parseYamlFile } from '../load/yamlFile.ts';
import { error } from '../messages.ts';

export interface Theme {
  name: string;
  slug: string;
  keywords: string[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * One theme as written, or nothing when it is not: a map with a non-empty name, a slug of lower-case
 * pinyin and hyphens, and keywords (words or numbers; none when left out); other keys are ignored.
 * (Checked by hand rather than with zod: loading zod took longer than `check FILE` may.)
 */
function themeOf(value: unknown): Omit<Theme, 'keywords'> & { keywords: string[] } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { name, slug, keywords = [] } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0 || typeof slug !== 'string' || !SLUG.test(slug)) return undefined;
  if (!Array.isArray(keywords) || !keywords.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))) return undefined;
  return { name, slug, keywords: keywords.map(String) };
}

const HINT = '每个主题写成「- name: 青年之家」「  slug: qingnian-zhijia」（小写拼音和连字符）「  keywords: [青年之家]」';

/** The themes in themes.yaml; problems become messages on the file and the theme is left out. */
export function readThemes(file: VFile | undefined): Theme[] {
  if (!file || file.messages.length) return [];
  const { doc, at } = parseYamlFile(file);
  if (doc.errors.length) {
    error(file, `themes.yaml 不是有效的 YAML：${HINT}。`, at(doc.errors[0].pos[0]), 'themes-yaml');
    return [];
  }
  if (!isSeq(doc.contents)) {
    error(file, `themes.yaml 应是主题的列表：${HINT}。`, { line: 1, column: 1 }, 'themes-shape');
    return [];
  }
  const themes: Theme[] = [];
  const seen = new Map<string, string>();
  for (const item of doc.contents.items) {
    const place = at(item.range?.[0] ?? 0);
    const theme = themeOf(item.toJSON());
    if (!theme) {
      error(file, `主题写法不对：${HINT}。`, place, 'themes-invalid');
      continue;
    }
    for (const key of [theme.name, theme.slug]) {
      if (seen.has(key)) error(file, `「${key}」与前面的主题「${seen.get(key)}」重复：每个主题的名称和 slug 须各不相同。`, place, 'themes-duplicate');
      seen.set(key, theme.name);
    }
    themes.push({ ...theme, keywords: [...new Set([theme.name, ...theme.keywords])] });
  }
  return themes;
}

/** Themes whose name or keywords the text contains. */
export function themesInText(text: string, themes: Theme[]): Theme[] {
  return themes.filter((t) => t.keywords.some((k) => text.includes(k)));
}
