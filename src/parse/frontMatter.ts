// Front-matter: YAML with Chinese keys, each read by its own reader. Every problem is a message placed
// on the key it concerns, saying in Chinese what to write instead. (Read by hand rather than with zod:
// loading zod took about 0.1 s of every build that parses a file, and of `check FILE`.)
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { isMap } from 'yaml';
import { CN_DATE, isoDay, NUMERIC_DATE, PROOFREAD } from '../grammar.ts';
import { keysOf, parseYaml, unknownKeyReason } from '../load/yamlFile.ts';
import { error, warning } from '../messages.ts';
import { canonicalList, canonicalYaml, reportBracketInList, type YamlBlock } from './frontMatterTyping.ts';
import type { IssueLabel, IssueMeta, StandaloneMeta } from '../types.ts';

const PROOFREAD_HOW = '写成「校对: 未校对」（导入扫描件时自动写上），逐字校对完后删去这一行或写「校对: 已校对」';

/** What to write, per key: the second half of every message about that key. */
const ISSUE_KEYS = {
  期号: '写成「期号: 〔2022〕第11期」（也可写 "[2022] 第 11 期" 或 2022-11）',
  日期: '写成「日期: 2022-12-13」',
  责编: '写成「责编: 郭婕」，多人写成列表「责编: [甲, 乙]」',
  专刊: '写成「专刊: 县域共青团基层组织改革工作专刊」，不是专刊就删去这一行',
  主题: '写成列表「主题: [团代表联络站, 青年之家]」，名称见 content/themes.yaml',
  县区: '写成列表「县区: [盂县]」，用山西县级行政区的全称',
  报: '写成列表「报: [省委办公厅, 团中央办公厅]」',
  送: '写成列表「送: [省直有关单位, 各市党委政府]」',
  发: '写成列表「发: [市级团委, 团省委机关各部门、直属事业单位]」',
  校对: PROOFREAD_HOW,
} as const;

const STANDALONE_KEYS = {
  标题: '写成「标题: 文章标题」',
  副标题: '写成「副标题: ——副标题」，没有就删去这一行',
  日期: '写成「日期: 2022-04-15」，不知道就写「日期: 不详」',
  来源: '写成「来源: 中国青年报」',
  作者: '写成「作者: 本报记者 张三」，没有就删去这一行',
  原文链接: '写成「原文链接: https://……」（原文所在网页的地址），没有就删去这一行',
  主题: ISSUE_KEYS.主题,
  县区: ISSUE_KEYS.县区,
  校对: PROOFREAD_HOW,
} as const;

type Kind = 'issue' | 'standalone';
const KEYS: Record<Kind, Record<string, string>> = { issue: ISSUE_KEYS, standalone: STANDALONE_KEYS };

const whole = (pattern: RegExp) => new RegExp(`^${pattern.source}$`);
const CN_DIGITS = whole(CN_DATE);
const ISO_DATE = whole(NUMERIC_DATE);

/** YYYY-MM-DD for a real calendar day written as 2022-12-13, 2022/12/13 or 2022年12月13日. */
export function parseDate(text: string): string | undefined {
  const m = ISO_DATE.exec(text.normalize('NFKC').trim()) ?? CN_DIGITS.exec(text.normalize('NFKC').trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  return isoDay(y, mo, d);
}

const LABEL_FORMS = [
  /^[〔［\[(（【]\s*(\d{4})\s*[〕］\])）】]\s*第?\s*(\d{1,3})\s*期?$/,
  /^(\d{4})\s*年?\s*第\s*(\d{1,3})\s*期$/,
  /^(\d{4})\s*[-－—]\s*(\d{1,3})$/,
];

/** 〔2022〕第11期 and the ways editors and exports write it: [2022] 第 11 期, 2022-11, full-width digits. */
export function parseIssueLabel(text: string): IssueLabel | undefined {
  const normalized = text.normalize('NFKC').trim();
  for (const form of LABEL_FORMS) {
    const m = form.exec(normalized);
    if (!m) continue;
    const year = Number(m[1]);
    const number = Number(m[2]);
    if (number < 1) return undefined;
    return { year, number, label: `〔${year}〕第${number}期` };
  }
  return undefined;
}

/** Lists are YAML lists or one line separated by ， or , (never by 、, which joins names inside one item). */
function toList(value: string | string[]): string[] {
  const items = Array.isArray(value) ? value : value.split(/[，,；;]/);
  return items.map((s) => String(s).trim()).filter(Boolean);
}

/**
 * A value that cannot be used for its key, and why when that says more than 「…」的值无法识别 (a date
 * that is no calendar day, a label that is no 期号).
 */
class Invalid {
  constructor(readonly reason?: string) {}
}
/** How one key's YAML value is read: what the page uses, or Invalid. */
type Reader = (value: unknown) => unknown;

const INVALID = new Invalid();
const scalar = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);
/** A YAML list, or one line of items (toList); every item a word or a number. */
const list: Reader = (value) => {
  const items = Array.isArray(value) ? value.map(scalar) : [scalar(value)];
  if (items.some((item) => item === undefined)) return INVALID;
  return toList(Array.isArray(value) ? (items as string[]) : items[0]!);
};
const text: Reader = (value) => scalar(value)?.trim() || INVALID;
const nonEmptyList: Reader = (value) => {
  const items = list(value);
  return Array.isArray(items) && items.length === 0 ? INVALID : items;
};
const date: Reader = (value) => {
  const s = scalar(value);
  if (s === undefined) return INVALID;
  return parseDate(s) ?? new Invalid(`「${s}」不是有效的日期`);
};
const issueLabel: Reader = (value) => {
  const s = scalar(value);
  if (s === undefined) return INVALID;
  return parseIssueLabel(s) ?? new Invalid(`「${s}」无法识别为期号`);
};
/** The key may be left out (not left empty). */
const optional =
  (read: Reader): Reader =>
  (value) =>
    value === undefined ? undefined : read(value);
const orNone =
  (read: Reader): Reader =>
  (value) =>
    value === undefined ? [] : read(value);
/** 校对: 未校对 marks text read from a scan; an editor who has proofread it clears the mark. */
const proofread = optional((value) => (value === PROOFREAD.pending || value === PROOFREAD.done ? value : INVALID));

const UNKNOWN_DATE = /^(不详|未知|无|unknown)$/i;
/** An article's date may be unknown: left empty or written as 不详. */
const dateOrUnknown: Reader = (value) => {
  const s = scalar(value);
  if (s === '' || (s !== undefined && UNKNOWN_DATE.test(s.trim()))) return undefined;
  const day = date(value);
  return day instanceof Invalid ? INVALID : day;
};
/** A web page's address: http:// or https://, spaces around it dropped (and tabs or line breaks inside, as a browser drops them). */
const link: Reader = (value) => {
  const address = typeof value === 'string' ? value.trim() : '';
  return /^https?:\/\//i.test(address) && URL.canParse(address) ? address.replace(/[\t\n\r]/g, '') : INVALID;
};

const issueSchema: Record<string, Reader> = {
  期号: issueLabel,
  日期: date,
  责编: nonEmptyList,
  专刊: optional(text),
  主题: orNone(list),
  县区: orNone(list),
  // A bulletin may go to no 送 at all: an empty list says so; a missing key is still an error.
  报: list,
  送: list,
  发: list,
  校对: proofread,
};

const standaloneSchema: Record<string, Reader> = {
  标题: text,
  副标题: optional(text),
  日期: optional(dateOrUnknown),
  来源: optional(text),
  作者: optional(text),
  原文链接: optional(link),
  主题: orNone(list),
  县区: orNone(list),
  校对: proofread,
};

const SCHEMAS = { issue: issueSchema, standalone: standaloneSchema };

/** Each key's value as the page uses it, or the keys whose values cannot be used, in the schema's order. */
function readKeys(kind: Kind, data: Record<string, unknown>): { values: Record<string, unknown> } | { invalid: [string, Invalid][] } {
  const values: Record<string, unknown> = {};
  const invalid: [string, Invalid][] = [];
  for (const [key, read] of Object.entries(SCHEMAS[kind])) {
    const value = read(data[key]);
    if (value instanceof Invalid) invalid.push([key, value]);
    else if (value !== undefined) values[key] = value;
  }
  return invalid.length ? { invalid } : { values };
}

/** Where each front-matter key is written, by key */
export type KeyPlaces = Record<string, Point>;

/** Whether the schema takes `value` for `key`: it tells the keys that hold a list, and those that may hold an empty one. */
const takes = (kind: Kind, key: string, value: unknown) => key in SCHEMAS[kind] && !(SCHEMAS[kind][key](value) instanceof Invalid);

/**
 * Parses and validates the front-matter; returns undefined after reporting when it cannot be used.
 * Where each key is written goes into `keyPlaces`, for the messages later stages find about it.
 */
export function readFrontMatter(file: VFile, kind: 'issue', block: YamlBlock | undefined, keyPlaces: KeyPlaces): IssueMeta | undefined;
export function readFrontMatter(file: VFile, kind: 'standalone', block: YamlBlock | undefined, keyPlaces: KeyPlaces): StandaloneMeta | undefined;
export function readFrontMatter(file: VFile, kind: Kind, block: YamlBlock | undefined, keyPlaces: KeyPlaces): IssueMeta | StandaloneMeta | undefined {
  const keys = KEYS[kind];
  if (!block) {
    const first = kind === 'issue' ? '期号、日期、责编、报、送、发' : '标题';
    error(file, `文件开头没有前言（front-matter）：请在第一行写 ---，接着写${first}等项，再以 --- 结束。`, { line: 1, column: 1 }, 'front-matter-none');
    return undefined;
  }
  const yaml = canonicalYaml(file, block, Object.keys(keys), (key) => takes(kind, key, ['甲']));
  const { doc, at } = parseYaml(yaml, block.start);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const place = at(e.pos[0]);
    const line = block.value.split('\n')[place.line - block.start.line] ?? '';
    const hint = /^\s*期号\s*:\s*\[/.test(line)
      ? '方括号在 YAML 中表示列表，请给期号加引号：期号: "[2022] 第 11 期"，或写成 期号: 〔2022〕第11期。'
      : e.code === 'DUPLICATE_KEY'
        ? '同一个键写了两次，请删去其中一行。'
        : '请检查这一行的冒号、引号和缩进：每行写成「键: 值」，列表写成 [甲, 乙]。';
    error(file, `前言不是有效的 YAML：${hint}`, place, 'front-matter-yaml');
    return undefined;
  }
  const positions = new Map<string, Point>();
  const data: Record<string, unknown> = {};
  if (!isMap(doc.contents)) {
    error(file, '前言应是「键: 值」的若干行，例如「期号: 〔2022〕第11期」。', block.start, 'front-matter-shape');
    return undefined;
  }
  for (const { key, place, value } of keysOf(doc.contents, at)) {
    if (!(key in keys)) {
      error(file, unknownKeyReason(key, Object.keys(keys)), place, 'front-matter-unknown-key');
      continue;
    }
    positions.set(key, place);
    keyPlaces[key] = place;
    data[key] = value?.toJSON() ?? null;
  }
  const result = readKeys(kind, data);
  if ('invalid' in result) {
    for (const [key, { reason }] of result.invalid) {
      const place = positions.get(key) ?? block.start;
      if (!positions.has(key)) error(file, `缺少「${key}」：请${keys[key]}。`, place, 'front-matter-missing');
      else if (isEmpty(data[key])) error(file, emptyValue(kind, key), place, 'front-matter-empty');
      else error(file, `${reason ?? `「${key}」的值无法识别`}：请${keys[key]}。`, place, 'front-matter-invalid');
    }
    return undefined;
  }
  // A bracket YAML kept inside an item (a quoted value, a "- 【…】" line) would be printed in the page.
  for (const [key, value] of Object.entries(result.values)) {
    if (Array.isArray(value)) reportBracketInList(file, key, value, positions.get(key));
  }
  const unproofread = result.values.校对 === PROOFREAD.pending ? true : undefined;
  if (unproofread) warning(file, `这份材料的文字是从扫描件识别的，还没有校对：请对照原件逐字校对（识别时拿不准的字词用〖〗标出），改完后删去「校对: 未校对」这一行。`, positions.get('校对'), 'proofread-pending');
  if (kind === 'standalone') {
    const m = result.values as { 标题: string; 副标题?: string; 日期?: string; 来源?: string; 作者?: string; 原文链接?: string; 主题: string[]; 县区: string[] };
    return { unproofread, title: m.标题, subtitle: m.副标题, date: m.日期, origin: m.来源, author: m.作者, link: m.原文链接, themes: m.主题, counties: m.县区 };
  }
  const m = result.values as { 期号: IssueLabel; 日期: string; 责编: string[]; 专刊?: string; 主题: string[]; 县区: string[]; 报: string[]; 送: string[]; 发: string[] };
  if (m.期号.year !== Number(m.日期.slice(0, 4))) {
    warning(file, `期号的年份 ${m.期号.year} 与日期 ${m.日期} 不一致：请核对期号或日期。`, positions.get('期号'), 'issue-year-mismatch');
  }
  return {
    issue: m.期号,
    date: m.日期,
    editors: m.责编,
    special: m.专刊,
    themes: m.主题,
    counties: m.县区,
    distribution: { 报: m.报, 送: m.送, 发: m.发 },
    unproofread,
  };
}

/** `送:`, `送: ""` and `送: []` alike (String([]) is ''). */
const isEmpty = (value: unknown) => value == null || String(value).trim() === '';

/** A key written with nothing after it: say so, and say how to write an empty list where one is allowed. */
function emptyValue(kind: Kind, key: string): string {
  const write = KEYS[kind][key];
  if (!takes(kind, key, [])) return `「${key}」是空的：请${write}。`;
  return `「${key}」是空的：确实没有就写成「${canonicalList(key, [])}」，否则请${write}。`;
}


