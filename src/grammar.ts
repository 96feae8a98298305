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

/** The masthead's fixed words; its 期号 and date are read by parseIssueLabel and parseDate. */
export const MASTHEAD_NAME = /^晋团要讯$/;
export const MASTHEAD_PUBLISHER = /^共青团山西省委$/;
/** A special issue's name in the masthead: 县域共青团基层组织改革工作专刊 */
export const SPECIAL_ISSUE = /专刊$/;
/** The footer's distribution lists 报：… 送：… 发：… and its editors 责编：… (also 责　编). */
export const FOOTER_LIST = /^(报|送|发)\s*[：:]\s*(.*)$/;
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

/** A unit title as a line of its own: short, no full stop (bold markers around it allowed). */
export const isUnitTitle = (text: string) => UNIT_TITLE.test(text.replace(/^\*\*|\*\*$/g, '')) && text.length <= 64 && !/[。！？]/.test(text);
