// Word and a Chinese IME type front-matter the way they type prose: 「：」 after a key, ［］ or 【】
// around a list, ，；between its items. YAML reads these as one long word or a parse error, so the
// lines are read here first: what is understood is put in canonical form (a warning shows it), what
// is not is an error naming the character and the line to write. The YAML text handed on has every
// such line repaired, so one check also reports the problems on the other lines.
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { error, warning } from '../messages.ts';

export interface YamlBlock {
  value: string;
  /** Where the YAML text starts in the file (the line after the opening ---) */
  start: Point;
}

const OPENERS = '[［【';
const CLOSERS = ']］】';
const BRACKET = /[[\]［］【】]/;
const FULL_WIDTH_BRACKET = /[［］【】]/;
/** Between list items. 、 is not: it joins names inside one item (团省委机关各部门、直属事业单位). */
const ITEM_SEPARATOR = /[，,；;]/;
const FULL_WIDTH_SEPARATOR = /[，；]/;
/** A top-level `key: value` line, split at its first colon of either width. */
const KEY_LINE = /^([^\s#:：\-?&*!|>'"%@`{}[\]][^:：]*?)([ \t]*)([:：])(.*)$/;
const HAN_KEY = /^\p{Script=Han}{1,8}$/u;
/** A YAML comment ends the value. */
const COMMENT = /\s+#.*$/;

/** The items of a list as one would write them, and the line that says so. */
export function canonicalList(key: string, items: string[]): string {
  return `${key}: [${items.join(', ')}]`;
}

/** Items of a list typed with any brackets and separators, the brackets dropped. */
function looseItems(value: string): string[] {
  return value
    .replace(new RegExp(BRACKET.source, 'g'), '')
    .split(ITEM_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The characters of `text` that are full-width list punctuation, each once, in order. */
function fullWidthMarks(text: string): string[] {
  return [...new Set([...text].filter((c) => FULL_WIDTH_BRACKET.test(c) || FULL_WIDTH_SEPARATOR.test(c)))];
}

/** A bracket left inside a list's items after YAML: an error naming it, with the line to write. */
export function reportBracketInList(file: VFile, key: string, items: string[], place: Point | undefined): void {
  const bracket = items.join('').match(BRACKET)?.[0];
  if (!bracket) return;
  error(
    file,
    `「${key}」的值里有括号「${bracket}」，无法读成列表：列表只用半角方括号包住整个列表，请写成「${canonicalList(key, looseItems(items.join('，')))}」。`,
    place,
    'front-matter-list-bracket',
  );
}

type ListReading = { items: string[]; understood: boolean } | undefined;

/** A list value typed with full-width brackets or separators; undefined when YAML reads it as it is. */
function readTypedList(value: string): ListReading {
  if (!OPENERS.includes(value[0] ?? ' ')) return undefined;
  const inner = value.slice(1, -1);
  const closed = CLOSERS.includes(value.at(-1) ?? ' ') && value.length > 1;
  // An ASCII [ without its ] on the same line is a YAML list continued on the next lines.
  if (!FULL_WIDTH_BRACKET.test(value) && !(closed && FULL_WIDTH_SEPARATOR.test(inner))) return undefined;
  if (!closed || BRACKET.test(inner)) return { items: looseItems(value), understood: false };
  return { items: looseItems(inner), understood: true };
}

/**
 * The front-matter text with IME typing made canonical, after reporting each such line on `file`.
 * `known` are the keys of this kind of file; `isList` says which of them take a list.
 */
export function canonicalYaml(file: VFile, block: YamlBlock, known: string[], isList: (key: string) => boolean): string {
  return block.value
    .split('\n')
    .map((line, index) => {
      const m = KEY_LINE.exec(line);
      if (!m) return line;
      const [, key, space, colon, rest] = m;
      if (!known.includes(key) && !HAN_KEY.test(key)) return line;
      const lineNumber = block.start.line + index;
      const value = rest.replace(COMMENT, '').trim();
      const list = isList(key) ? readTypedList(value) : undefined;
      const shown = list ? canonicalList(key, list.items) : `${key}: ${rest.trim()}`;
      const colonPlace = { line: lineNumber, column: key.length + space.length + 1 };
      if (colon === '：') {
        error(file, `第 ${lineNumber} 行的键后用了全角冒号「：」：请改成半角冒号加空格，写成「${shown}」。`, colonPlace, 'front-matter-colon');
      } else if (rest !== '' && !/^\s/.test(rest)) {
        error(file, `第 ${lineNumber} 行「${key}」的冒号后缺少空格，整行会被读成一个词：请写成「${shown}」。`, colonPlace, 'front-matter-colon');
      } else if (list && !list.understood) {
        reportBracketInList(file, key, [value], { line: lineNumber, column: line.indexOf(value) + 1 });
      } else if (list) {
        const marks = fullWidthMarks(value).map((c) => `「${c}」`).join('');
        warning(file, `「${key}」的列表用了全角符号${marks}，已读作 ${list.items.length} 项：请写成「${shown}」。`, { line: lineNumber, column: line.indexOf(value) + 1 }, 'front-matter-list-typing');
      } else {
        return line;
      }
      // JSON is YAML: quoted items keep any character an item may hold.
      return list ? `${key}: ${JSON.stringify(list.items)}` : `${key}: ${rest.trim()}`;
    })
    .join('\n');
}
