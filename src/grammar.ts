// The bulletin's patterns, in one place: the parser reads canonical Markdown with them and the
// importer recognises the same structure in old material, so the two can never disagree about what
// a section, a sub-section, a point, a unit title, the masthead or the footer looks like.

const CN_NUMERALS = '〇一二三四五六七八九十';

/** 一 → 1, 十二 → 12, 二十 → 20 (ordinals in bulletins stay well below a hundred). */
export function chineseNumber(text: string): number {
  if (text === '十') return 10;
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const digit = (c: string) => CN_NUMERALS.indexOf(c);
  return (text.includes('十') ? (tens ? digit(tens) : 1) * 10 : 0) + (ones ? digit(ones) : 0);
}

/** 一、 opens a section. */
export const SECTION_NUMBER = /^\s*([一二三四五六七八九十]{1,3})、/;
/** 1. / 1． / 1、 / （一） open a sub-section (not 1.5, a number). */
export const SUB_NUMBER = /^\s*(?:(\d{1,2})\s*[.．、](?!\d)|（([一二三四五六七八九十]{1,3})）)/;
/** 一是 … 二是 … run-in points. */
export const POINT_MARKER = /([一二三四五六七八九十]{1,2})是/g;
/** A point marker counts only at the start of a sentence. */
export const SENTENCE_END = /[。；！？：!?;:]$/;
export const EDITOR_NOTE = /^\s*编者按\s*[：:]?\s*/;
/** A reporting unit: 团孟县县委, 共青团晋中市太谷区委 (its place, then 县/区/市). */
export const UNIT = /(?:共青团|团)([\u4e00-\u9fff]{1,10}?)([县区市])委/g;
/** A title that names its reporting unit first: 团孟县县委：… */
export const UNIT_TITLE = new RegExp(`^${UNIT.source}`);

/** A date in a line of text, year, month and day captured: 2022年12月13日 … */
export const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
/** … and 2022-12-13, 2022/12/13, 2022.12.13. */
export const NUMERIC_DATE = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;
/** YYYY-MM-DD, month and day zero-padded: the one form front-matter and pages write a date in. */
export const isoDay = (year: number | string, month: number | string, day: number | string) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The masthead's name, which opens an issue; its other pieces are in MASTHEAD_PIECE below. */
export const MASTHEAD_NAME = /^晋团要讯$/;
/**
 * The pieces a masthead line may hold — the name, the publisher, a 期号, a date — however a typist
 * spaced them: one a line, 共青团山西省委 and the date on one tabbed line, Word's spaces inside
 * 「[2022] 第 10 期」 and 「2022 年 10 月 24 日」, or no space where a PDF or a scan lost it.
 */
// A scan may read the brackets round the year as anything (〔2022〕 as (2022j or 【2022)j): up to two signs either side.
const ISSUE_LABEL_IN_LINE = /[^\s\d\p{Script=Han}]{0,2}\s*(\d{4})\s*[^\s\d\p{Script=Han}]{0,2}\s*年?\s*第\s*(\d{1,3})\s*期/u;
const MASTHEAD_PIECE = new RegExp([MASTHEAD_NAME.source.slice(1, -1), '共青团山西省委', ISSUE_LABEL_IN_LINE, CN_DATE, NUMERIC_DATE].map((p) => `(?:${typeof p === 'string' ? p : p.source})`).join('|'), 'gu');

/** A masthead piece's 期号 as year and number, however its brackets came out. */
export function labelPiece(piece: string): { year: number; number: number } | undefined {
  const m = new RegExp(`^${ISSUE_LABEL_IN_LINE.source}$`, 'u').exec(piece.trim());
  return m ? { year: Number(m[1]), number: Number(m[2]) } : undefined;
}

/** The masthead pieces `line` is made of, in order; undefined when it holds anything else. */
export function mastheadPieces(line: string): string[] | undefined {
  const pieces = [...line.matchAll(MASTHEAD_PIECE)].map((m) => m[0]);
  return pieces.length > 0 && line.replace(MASTHEAD_PIECE, '').trim() === '' ? pieces : undefined;
}

/** A special issue's name in the masthead: 县域共青团基层组织改革工作专刊 */
export const SPECIAL_ISSUE = /专刊$/;
/** The footer's distribution lists 报：… 送：… 发：… and its editors 责编：… (also 责　编). */
export const FOOTER_LIST = /^(报|送|发)\s*[：:]\s*(.*)$/;
/** The first line of a footer block (报：… may go on, after a line break, on a second line). */
export const opensFooter = (text: string) => /^报\s*[：:]/.test(text.trimStart());
export const FOOTER_EDITORS = /^责\s*编\s*[：:]\s*(.*)$/;

/** The kind of heading a numbered title is by its marker alone, with its ordinal. */
export function headingMarker(text: string): { kind: 'section' | 'subSection'; ordinal: number } | undefined {
  const section = SECTION_NUMBER.exec(text);
  if (section) return { kind: 'section', ordinal: chineseNumber(section[1]) };
  const sub = SUB_NUMBER.exec(text);
  if (sub) return { kind: 'subSection', ordinal: sub[1] ? Number(sub[1]) : chineseNumber(sub[2]) };
  return undefined;
}

/** A numbered heading on a line of its own, as Word and export leave it: 一、高位谋划，凝聚工作合力 (short, no full stop). */
export const isHeadingLine = (text: string) => Boolean(headingMarker(text)) && text.length <= 40 && !/[。！？]/.test(text);

/** A unit title as a line of its own: short, no full stop (bold markers around it, and a scan's marks of doubt, allowed). */
export const isUnitTitle = (text: string) => UNIT_TITLE.test(text.replace(/^\*\*|\*\*$/g, '').replace(/[〖〗]/g, '')) && text.length <= 64 && !/[。！？]/.test(text);

/** Text read from a scan is written 校对: 未校对 until an editor has proofread it. */
export const PROOFREAD = { pending: '未校对', done: '已校对' } as const;
/** A word a scan was read with low confidence is written in 〖〗 until an editor has checked it. */
export const DOUBT_MARK = /〖([^〖〗\n]*)〗/g;
