// What OCR doubted (〖…〗, see import/ocr.ts) is pointed at, word by word, until the editor has
// checked it against the paper and taken the marks away.
import type { VFile } from 'vfile';
import { DOUBT_MARK } from '../grammar.ts';
import { warning } from '../messages.ts';

/** At most this many are said one by one; the rest are counted. */
const LISTED = 20;

export function warnDoubts(file: VFile): void {
  const lines = String(file.value).split('\n');
  const found: { line: number; column: number; word: string }[] = [];
  for (const [i, line] of lines.entries()) for (const m of line.matchAll(DOUBT_MARK)) found.push({ line: i + 1, column: m.index + 1, word: m[1] });
  for (const [n, place] of found.slice(0, LISTED).entries()) {
    const more = n === LISTED - 1 && found.length > LISTED ? `（此后还有 ${found.length - LISTED} 处）` : '';
    warning(file, `「${place.word}」是从扫描件识别时拿不准的文字：请对照原件校对，改正后去掉〖〗${more}。`, { line: place.line, column: place.column }, 'proofread-doubt');
  }
}
