// What export from Word/PDF breaks in a bulletin body, repaired block by block: paragraphs split by
// page breaks are rejoined, run-in section headings become headings, article titles become `#`.
import { headingMarker, isHeadingLine, isUnitTitle, SECTION_NUMBER } from '../grammar.ts';

const TERMINAL = /[。！？；…”’）)」』】\]：:!?;]$/;
/** Tables, quotes, lists and code are whole as they stand: never a paragraph a page break split. */
const MARKDOWN_BLOCK = /^(\||>|[-+*] |\d+\. |```|~~~)/;
const HEADING = /^(#{1,6})\s+(.*)$/;
/** A bold lead that is a numbered heading run into its paragraph: **1、抓组织建设。**成立… */
const BOLD_LEAD = /^\*\*([^*]+?)[。：:]?\*\*\s*(.*)$/s;

export type Block = { kind: 'heading'; depth: number; text: string } | { kind: 'paragraph'; text: string };

/** Blank-line separated blocks; a block keeps its own line breaks (a Markdown hard break stays one). */
export function toBlocks(text: string): Block[] {
  return text
    .split(/\n[ \t\u3000]*\n/)
    .map((b) => b.replace(/^\n+|\s+$/g, ''))
    .filter((b) => b.trim() !== '' && !/^-{3,}$/.test(b.trim()))
    .map((b) => {
      const h = HEADING.exec(b.trim());
      return h && !b.trim().includes('\n') ? { kind: 'heading', depth: h[1].length, text: h[2].trim() } : { kind: 'paragraph', text: b.trim() };
    });
}


/** Rejoins paragraphs a page break split: one without closing punctuation, continued by the next. */
export function rejoin(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const last = out.at(-1);
    if (
      last?.kind === 'paragraph' &&
      block.kind === 'paragraph' &&
      !TERMINAL.test(last.text) &&
      !isUnitTitle(last.text) &&
      !isUnitTitle(block.text) &&
      // Page-break repair never joins a heading to the paragraph after it.
      !isHeadingLine(last.text) &&
      !last.text.startsWith('——') &&
      !SECTION_NUMBER.test(block.text) &&
      !/^\*\*/.test(block.text) &&
      !MARKDOWN_BLOCK.test(last.text) &&
      !MARKDOWN_BLOCK.test(block.text)
    ) {
      const space = /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(block.text) ? ' ' : '';
      out[out.length - 1] = { kind: 'paragraph', text: last.text + space + block.text };
    } else out.push(block);
  }
  return out;
}

/**
 * The bulletin's headings for an issue body: unit titles become `#`, 一、 headings `##` (run-in ones
 * are split from their paragraph), 1. and （一） headings `###` (bold run-in ones too).
 */
export function issueHeadings(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const marker = headingMarker(block.text);
      const depth = isUnitTitle(block.text) ? 1 : marker ? (marker.kind === 'section' ? 2 : 3) : Math.max(2, block.depth);
      out.push({ kind: 'heading', depth, text: block.text });
      continue;
    }
    out.push(...runIn(block.text, true));
  }
  return out;
}

/** A paragraph that starts with a heading run into its text, as export leaves them. */
function runIn(text: string, titles: boolean): Block[] {
  // A title set in bold by hand (Word's centred bold line) is a heading: the bold is the heading's own.
  if (titles && isUnitTitle(text)) return [{ kind: 'heading', depth: 1, text: text.replace(/^\*\*([^*]+)\*\*$/, '$1') }];
  const bold = BOLD_LEAD.exec(text);
  const boldMarker = bold && headingMarker(bold[1]);
  if (bold && boldMarker) {
    return [{ kind: 'heading', depth: boldMarker.kind === 'section' ? 2 : 3, text: bold[1] }, ...(bold[2] ? [{ kind: 'paragraph' as const, text: bold[2] }] : [])];
  }
  if (isHeadingLine(text)) return [{ kind: 'heading', depth: SECTION_NUMBER.test(text) ? 2 : 3, text }];
  if (SECTION_NUMBER.test(text)) {
    const stop = text.search(/[。！？]/);
    if (stop === -1) return [{ kind: 'paragraph', text }];
    const rest = text.slice(stop + 1).trim();
    return [{ kind: 'heading', depth: 2, text: text.slice(0, stop) }, ...(rest ? [{ kind: 'paragraph' as const, text: rest }] : [])];
  }
  return [{ kind: 'paragraph', text }];
}

/** A standalone's body: its headings moved up so the top level is `##`, run-in headings split. */
export function standaloneHeadings(blocks: Block[]): Block[] {
  const depths = blocks.flatMap((b) => (b.kind === 'heading' ? [b.depth] : []));
  const shift = depths.length ? Math.min(...depths) - 2 : 0;
  return blocks.flatMap((b) => (b.kind === 'heading' ? [{ ...b, depth: Math.min(6, Math.max(2, b.depth - shift)) }] : runIn(b.text, false)));
}

export function toMarkdown(blocks: Block[]): string {
  return blocks.map((b) => (b.kind === 'heading' ? `${'#'.repeat(b.depth)} ${b.text}` : b.text)).join('\n\n');
}
