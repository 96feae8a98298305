// The bulletin tree: an issue's (or a standalone's) mdast, as remark parsed it, made into the typed tree.
// `#` starts an article, `##` (or any heading numbered 一、) a section, `###` (or 1. / （一）) a
// sub-section; an opening paragraph that starts with 编者按 is the editor's note; run-in 一是…二是…
// inside paragraphs become points.
import type { Heading, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { error, warning } from '../messages.ts';
import type { County } from '../places/divisions.ts';
import { countiesInText, countyNamed, unitCounty } from '../places/findPlaces.ts';
import { chineseNumber, EDITOR_NOTE, headingMarker, POINT_MARKER, SENTENCE_END } from '../grammar.ts';
import type { Article, EditorNote, Issue, IssueMeta, RunInPoint, Prose, Section, Standalone, StandaloneMeta, SubSection } from '../types.ts';
import { attachNotes, type NoteScope } from './footnotes.ts';
import { pointIn } from './textPoint.ts';

const POINT_AT_START = new RegExp(`^${POINT_MARKER.source}`);

type HeadingKind = { kind: 'section' | 'subSection'; ordinal?: number };

function classify(heading: Heading, open: Section | undefined, openDepth: number): HeadingKind {
  const marked = headingMarker(toString(heading));
  if (marked) return marked;
  return { kind: open && heading.depth > openDepth ? 'subSection' : 'section' };
}

function span(nodes: { position?: Position }[]): Position | undefined {
  const start = nodes.find((n) => n.position)?.position?.start;
  const end = nodes.findLast((n) => n.position)?.position?.end;
  return start && end ? { start, end } : undefined;
}

function splitText(node: Text, index: number): [Text, Text] {
  const middle = pointIn(node, index);
  const head: Text = { type: 'text', value: node.value.slice(0, index) };
  const tail: Text = { type: 'text', value: node.value.slice(index) };
  if (node.position && middle) {
    head.position = { start: node.position.start, end: middle };
    tail.position = { start: middle, end: node.position.end };
  }
  return [head, tail];
}

/**
 * Splits a paragraph at its run-in points. `expected` is the next ordinal the enclosing section is
 * waiting for, so points that each start their own paragraph keep counting across paragraphs.
 */
function splitPoints(paragraph: Paragraph, expected: number): { blocks: (RunInPoint | Paragraph)[]; next: number } {
  const pieces: PhrasingContent[][] = [[]];
  const ordinals: number[] = [];
  let before = '';
  let next = expected;
  const startPoint = (ordinal: number) => {
    pieces.push([]);
    ordinals.push(ordinal);
    next = ordinal + 1;
  };
  for (const child of paragraph.children) {
    const atBoundary = before === '' || SENTENCE_END.test(before);
    const text = toString(child);
    if (child.type !== 'text') {
      // A marker at the start of emphasis (**一是网络化动员志愿力量。**) starts a point before it.
      const m = POINT_AT_START.exec(text);
      const ordinal = m ? chineseNumber(m[1]) : 0;
      if (m && atBoundary && (ordinal === next || ordinal === 1)) startPoint(ordinal);
      pieces.at(-1)!.push(child);
      before += text;
      continue;
    }
    let rest: Text = child;
    let consumed = '';
    for (const m of child.value.matchAll(POINT_MARKER)) {
      const ordinal = chineseNumber(m[1]);
      const preceding = before + child.value.slice(0, m.index);
      if (!(preceding === '' || SENTENCE_END.test(preceding)) || !(ordinal === next || ordinal === 1)) continue;
      const [head, tail] = splitText(rest, m.index - consumed.length);
      if (head.value) pieces.at(-1)!.push(head);
      startPoint(ordinal);
      rest = tail;
      consumed = child.value.slice(0, m.index);
    }
    pieces.at(-1)!.push(rest);
    before += child.value;
  }
  if (ordinals.length === 0) return { blocks: [paragraph], next: expected };
  const blocks: (RunInPoint | Paragraph)[] = [];
  const [intro, ...points] = pieces;
  if (toString({ type: 'paragraph', children: intro }).trim()) blocks.push({ type: 'paragraph', children: intro, position: span(intro) });
  points.forEach((children, i) => {
    const whole = toString({ type: 'paragraph', children });
    const lead = whole.replace(POINT_AT_START, '').split(/[。；！？]/)[0].trim();
    blocks.push({ type: 'point', ordinal: ordinals[i], lead, children, position: span(children) });
  });
  return { blocks, next };
}

/** Sections and points of one article's body (the blocks after its title); `prefix` scopes their anchors. */
function buildBody(blocks: RootContent[], prefix: string): (Section | RunInPoint | Prose)[] {
  const body: (Section | RunInPoint | Prose)[] = [];
  let section: Section | undefined;
  let sectionDepth = 0;
  let sub: SubSection | undefined;
  let expected = 1;
  const container = () => (sub ?? section ?? { children: body }).children as (RunInPoint | Prose | SubSection | Section)[];
  for (const block of blocks) {
    if (block.type === 'heading') {
      const { kind, ordinal } = classify(block, section, sectionDepth);
      const node = { heading: block.children, ordinal, children: [], position: block.position };
      if (kind === 'section' || !section) {
        section = { type: 'section', id: `${prefix}s${body.filter((n) => n.type === 'section').length + 1}`, ...node };
        sectionDepth = block.depth;
        sub = undefined;
        body.push(section);
      } else {
        sub = { type: 'subSection', id: `${section.id}-${section.children.filter((n) => n.type === 'subSection').length + 1}`, ...node };
        section.children.push(sub);
      }
      expected = 1;
      continue;
    }
    if (block.type === 'paragraph') {
      const split = splitPoints(block, expected);
      expected = split.next;
      container().push(...split.blocks);
      continue;
    }
    if (block.type !== 'yaml' && block.type !== 'definition' && block.type !== 'footnoteDefinition') container().push(block as Prose);
  }
  return body;
}

function editorNote(paragraph: Paragraph): EditorNote | undefined {
  if (!EDITOR_NOTE.test(toString(paragraph))) return undefined;
  const [first, ...rest] = paragraph.children;
  let children: PhrasingContent[];
  if (first.type === 'text') {
    const label = EDITOR_NOTE.exec(first.value)![0];
    children = [splitText(first, label.length)[1], ...rest];
  } else if ('children' in first && EDITOR_NOTE.test(toString(first)) && toString(first).replace(EDITOR_NOTE, '') === '') {
    // **编者按：** as a label of its own; the text after it may start with the colon.
    children = rest;
    if (children[0]?.type === 'text') children[0] = { ...children[0], value: children[0].value.replace(/^\s*[：:]?\s*/, '') };
  } else {
    children = paragraph.children;
  }
  return { type: 'editorNote', children, notes: [], position: paragraph.position };
}

function article(id: string, heading: Heading | undefined, blocks: RootContent[], file: VFile, knownCounties: ReadonlySet<County>): Article {
  const title = heading ? toString(heading).trim() : '';
  const node: Article = { type: 'article', id, title, children: buildBody(blocks, `${id}-`), notes: [], position: heading?.position ?? span(blocks) };
  const unit = unitCounty(title, knownCounties);
  if (unit) {
    node.unit = unit.unit;
    if (unit.county) node.county = unit.county.code;
    if (unit.doubt) warning(file, unit.doubt.reason, heading?.position, unit.doubt.kind === 'mistyped' ? 'unit-county-mistyped' : 'unit-county-unknown');
  }
  return node;
}

/** An article without a title would be an empty heading in its page and an empty link on every list. */
function reportUntitled(file: VFile, node: Article, heading: Heading | undefined): void {
  const start = node.position?.start;
  const where = start ? `第 ${start.line} 行` : '';
  const reason = heading
    ? `${where}的文章标题是空的：请在「#」后写上标题，例如「# 团盂县县委：……」。`
    : `${where}起的正文没有文章标题：请在文章开头加一行标题，例如「# 团盂县县委：……」；编者按须是正文第一段，以「编者按：」开头。`;
  error(file, reason, start, 'article-no-title');
}

/** Whether a block shows in the page: HTML comments, link definitions and notes before the first `#` make no article. */
const shows = (block: RootContent) => block.type !== 'definition' && block.type !== 'footnoteDefinition' && !(block.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(block.value));

/** mdast of an issue file → Issue. Content before the first `#` other than the editor's note is an untitled article, an error. */
export function issueTree(root: Root, meta: IssueMeta, file: VFile): Issue {
  const blocks = root.children.filter((n) => n.type !== 'yaml');
  const children: (EditorNote | Article)[] = [];
  const scopes: NoteScope[] = [];
  const first = blocks[0];
  const note = first?.type === 'paragraph' ? editorNote(first) : undefined;
  if (note) {
    children.push(note);
    scopes.push({ prefix: 'note-', blocks: [first], holder: note });
    blocks.shift();
  }
  // Counties the issue names with confidence help tell what a mistyped unit meant.
  const known = new Set([...meta.counties.flatMap((name) => countyNamed(name) ?? []), ...countiesInText(toString(root))]);
  let heading: Heading | undefined;
  let body: RootContent[] = [];
  const flush = () => {
    if (!heading && !body.some(shows)) return;
    const node = article(`a${children.filter((c) => c.type === 'article').length + 1}`, heading, body, file, known);
    if (!node.title) reportUntitled(file, node, heading);
    children.push(node);
    scopes.push({ prefix: `${node.id}-`, blocks: body, holder: node });
  };
  for (const block of blocks) {
    if (block.type === 'heading' && block.depth === 1) {
      flush();
      heading = block;
      body = [];
    } else body.push(block);
  }
  flush();
  attachNotes(file, root, scopes);
  if (!children.some((c) => c.type === 'article')) {
    warning(file, '这一期没有文章：每篇文章以一行「# 标题」开始。', { line: 1, column: 1 }, 'issue-no-article');
  }
  return { type: 'issue', meta, children, position: root.position };
}

export function standaloneTree(root: Root, meta: StandaloneMeta, file: VFile): Standalone {
  const doc: Standalone = { type: 'standalone', meta, children: buildBody(root.children, ''), notes: [], position: root.position };
  attachNotes(file, root, [{ prefix: '', blocks: root.children, holder: doc }]);
  return doc;
}
