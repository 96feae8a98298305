// Nothing lost: every sentence of the source must be found in what the import writes, ignoring
// spacing, punctuation, Markdown marks and the form a date takes in front-matter.
import { CN_DATE, isoDay, NUMERIC_DATE } from '../grammar.ts';

const EVERY_CN_DATE = new RegExp(CN_DATE.source, 'g');
const EVERY_NUMERIC_DATE = new RegExp(NUMERIC_DATE.source, 'g');
const day = (_: string, y: string, m: string, d: string) => isoDay(y, m, d).replaceAll('-', '');

/** Letters and digits only, full-width folded, dates as 20221213. */
export const canonicalText = (text: string) =>
  text
    .normalize('NFKC')
    // A scan's marks of doubt (〖重〗) are not text.
    .replace(/[〖〗]/g, '')
    .replace(EVERY_CN_DATE, day)
    .replace(EVERY_NUMERIC_DATE, day)
    .replace(/[^\p{L}\p{N}]/gu, '');

/** A source's sentences, each with the line it starts on. */
export function sentences(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const piece of line.split(/(?<=[。！？；!?;])/)) if (canonicalText(piece).length >= 2) out.push({ text: piece.trim(), line: i + 1 });
  });
  return out;
}

/** The sentences of `source` that none of `written` holds, once what the import left out on purpose is taken away. */
export function missingSentences(source: string, written: string[], dropped: string[]): { text: string; line: number }[] {
  const kept = canonicalText(written.join('\n'));
  const left = new Set(dropped.map(canonicalText).filter(Boolean));
  // Words (晋团要讯) are taken out of a longer line; a bare page number only counts as a line of its own.
  const words = [...left].filter((piece) => /\p{L}/u.test(piece));
  return sentences(source).filter((s) => {
    const whole = canonicalText(s.text);
    const rest = words.reduce((text, piece) => text.replace(piece, ''), whole);
    return !left.has(whole) && rest !== '' && !kept.includes(rest);
  });
}
