// Editors learned to type in Word: Enter ends a paragraph, and a paragraph's first line is indented
// by hand (two full-width spaces, a tab, four spaces). Markdown reads both otherwise: lines with no
// blank line between run into one paragraph (and print with a stray space where they meet), and an
// indented line becomes a block of code. A bulletin has no code and breaks no paragraph inside, so
// here each line of a paragraph is a paragraph of its own, and an indent is not part of the text:
// the page indents every paragraph itself. A numbered heading typed as a line of its own (一、…,
// （一）…) is read as the heading it is, by the rule the importer uses (grammar.ts isHeadingLine).
// Each of these habits is named once per file, at its first place, with the canonical form.
import type { Heading, Paragraph, PhrasingContent, Root } from 'mdast';
import type { Processor } from 'unified';
import type { Point } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { headingMarker, isHeadingLine } from '../grammar.ts';
import { warning } from '../messages.ts';

const INDENT = /^[\u3000 \t]+/;
const LINE_END = /\r\n|\r|\n/;
/** What Markdown itself drops from the start of a paragraph's line (full-width spaces it keeps) */
const MARKDOWN_INDENT = /^[ \t]*/;

/** Where each line of the source starts, to place the pieces of a paragraph taken apart. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The paragraph's lines as paragraphs; the paragraph itself when it has one line. */
function splitLines(node: Paragraph, source: string, lineStartsOfSource: () => number[]): Paragraph[] {
  if (!node.children.some((c) => c.type === 'text' && LINE_END.test(c.value))) return [node];
  const starts = lineStartsOfSource();
  const start = node.position?.start.line ?? 1;
  let line = start;
  /** The first point of `line` after the spaces Markdown drops from a paragraph's line */
  const lineStart = (): Point => {
    const offset = (starts[line - 1] ?? 0) + (MARKDOWN_INDENT.exec(source.slice(starts[line - 1] ?? 0, starts[line] ?? source.length))?.[0].length ?? 0);
    return { line, column: offset - (starts[line - 1] ?? 0) + 1, offset };
  };
  const paragraphs: Paragraph[] = [];
  let children: PhrasingContent[] = [];
  let from = node.position?.start;
  const close = (end: Point | undefined) => {
    if (children.length) paragraphs.push({ type: 'paragraph', children, ...(from && end ? { position: { start: from, end } } : {}) });
    children = [];
  };
  for (const child of node.children) {
    if (child.type !== 'text' || !LINE_END.test(child.value)) {
      children.push(child);
      continue;
    }
    const pieces = child.value.split(LINE_END);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        const end = (starts[line] ?? source.length) - 1;
        close({ line, column: end - (starts[line - 1] ?? 0) + 1, offset: end });
        line++;
        from = lineStart();
      }
      const at = i === 0 ? child.position?.start : from;
      if (piece) children.push({ type: 'text', value: piece, ...(at ? { position: { start: at, end: { line: at.line, column: at.column + piece.length, offset: (at.offset ?? 0) + piece.length } } } : {}) });
    });
  }
  close(node.position?.end);
  return paragraphs;
}

/** A hand-typed indent at the start of a paragraph or heading: not part of its text. */
function dropIndent(node: Paragraph | Heading) {
  const first = node.children[0];
  if (first?.type !== 'text') return;
  const indent = INDENT.exec(first.value)?.[0].length ?? 0;
  if (!indent) return;
  first.value = first.value.slice(indent);
  const start = first.position?.start;
  if (start) first.position!.start = { line: start.line, column: start.column + indent, offset: start.offset === undefined ? undefined : start.offset + indent };
}

export default function remarkWordHabits(this: Processor) {
  // Indented code is off: a line indented as in Word stays a paragraph.
  (this.data().micromarkExtensions ??= []).push({ disable: { null: ['codeIndented'] } });
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    // Counted only for a file that has a paragraph to take apart: most have none.
    let starts: number[] | undefined;
    const startsOfSource = () => (starts ??= lineStarts(source));
    const split: { at: Point | undefined; lines: number }[] = [];
    visit(tree, 'paragraph', (node, index, parent) => {
      const paragraphs = splitLines(node, source, startsOfSource);
      for (const paragraph of paragraphs) dropIndent(paragraph);
      if (paragraphs.length === 1 || !parent || index === undefined) return;
      parent.children.splice(index, 1, ...paragraphs);
      split.push({ at: node.position?.start, lines: paragraphs.length });
      return [SKIP, index + paragraphs.length];
    });
    visit(tree, 'heading', dropIndent);
    const headings: { at: Point | undefined; markdown: string }[] = [];
    tree.children = tree.children.map((node) => {
      const text = node.type === 'paragraph' && node.children.length === 1 && node.children[0].type === 'text' ? node.children[0].value : '';
      if (node.type !== 'paragraph' || !isHeadingLine(text)) return node;
      const depth = headingMarker(text)!.kind === 'section' ? 2 : 3;
      headings.push({ at: node.position?.start, markdown: `${'#'.repeat(depth)} ${text}` });
      return { type: 'heading', depth, children: node.children, position: node.position } satisfies Heading;
    });
    // Each habit is said once, at its first place, with how often the file has it.
    const inAll = (count: number) => (count > 1 ? `（全文共 ${count} 处）` : '');
    const [heading] = headings;
    if (heading) warning(file, `第 ${heading.at?.line ?? 1} 行的标题没有写「#」，已按标题排版${inAll(headings.length)}：请写成「${heading.markdown}」。`, heading.at, 'heading-line');
    const [first] = split;
    if (first) warning(file, `第 ${first.at?.line ?? 1} 行起的 ${first.lines} 行之间没有空行，已按 Word 的习惯每行算作一段${inAll(split.length)}：请在段与段之间空一行；若几行本是一段，请把它们接成一行。`, first.at, 'paragraph-lines');
  };
}
