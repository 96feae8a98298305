// The typed bulletin tree the parse stage makes: unist nodes whose prose stays mdast.
import type { Point, Position } from 'unist';
import type { MediaFile } from './load/media.ts';
import type { BlockContent, FootnoteDefinition, PhrasingContent } from 'mdast';

export interface IssueLabel {
  year: number;
  number: number;
  /** Canonical form as printed: 〔2022〕第11期 */
  label: string;
}

export interface Distribution {
  报: string[];
  送: string[];
  发: string[];
}

export interface IssueMeta {
  issue: IssueLabel;
  /** YYYY-MM-DD */
  date: string;
  editors: string[];
  special?: string;
  themes: string[];
  counties: string[];
  distribution: Distribution;
  /** Read from a scan and not yet proofread (校对: 未校对) */
  unproofread?: true;
}

export interface StandaloneMeta {
  title: string;
  subtitle?: string;
  /** YYYY-MM-DD, absent when the source does not say */
  date?: string;
  /** 来源: the publication it appeared in (中国青年报) */
  origin?: string;
  /** The byline of a clipping: 本报记者 张三 */
  author?: string;
  /** The web page it was taken from */
  link?: string;
  themes: string[];
  counties: string[];
  /** Read from a scan and not yet proofread (校对: 未校对) */
  unproofread?: true;
}

interface Node {
  position?: Position;
}

export type Prose = BlockContent;

/** A footnote as printed at the end of the article (or editor's note) that refers to it. */
export interface Note extends Node {
  type: 'note';
  /** Anchor on the page: a1-fn1 in an issue, fn1 in a standalone */
  id: string;
  /** The mark in the text and before the note: ① ② … */
  marker: string;
  /** Anchors of the references to it, in the order they appear; each gets a link back */
  refs: string[];
  children: FootnoteDefinition['children'];
}

/** What a footnote reference in the text links to, set by the bulletin tree (see parse/footnotes.ts). */
export interface NoteLink {
  /** This reference's own anchor, a1-fnref1 */
  id: string;
  /** The note's anchor, a1-fn1 */
  note: string;
  /** 1 for the article's first note */
  number: number;
  marker: string;
}

declare module 'mdast' {
  interface FootnoteReferenceData {
    link?: NoteLink;
  }
}

export interface RunInPoint extends Node {
  type: 'point';
  /** 1 for 一是, 2 for 二是 … */
  ordinal: number;
  /** The point's opening phrase, up to its first full stop */
  lead: string;
  /** The whole point as written, marker included */
  children: PhrasingContent[];
}

export interface SubSection extends Node {
  type: 'subSection';
  /** Anchor on the page, a1-s2-1 */
  id: string;
  ordinal?: number;
  heading: PhrasingContent[];
  children: (RunInPoint | Prose)[];
}

export interface Section extends Node {
  type: 'section';
  /** Anchor on the page: a1-s2 in an issue, s2 in a standalone */
  id: string;
  /** 1 for 一、, absent for a heading without a number */
  ordinal?: number;
  heading: PhrasingContent[];
  children: (RunInPoint | SubSection | Prose)[];
}

export interface Article extends Node {
  type: 'article';
  /** Anchor on the issue page, a1 */
  id: string;
  title: string;
  /** The reporting unit named at the start of the title, e.g. 团盂县县委 */
  unit?: string;
  /** GB/T 2260 code of the county-level unit the reporting unit stands for, when it is one (countyCoded reads it) */
  county?: string;
  children: (Section | RunInPoint | Prose)[];
  /** Footnotes referred to in the article, printed at its end */
  notes: Note[];
}

export interface EditorNote extends Node {
  type: 'editorNote';
  /** The note without its 编者按： label */
  children: PhrasingContent[];
  notes: Note[];
}

export interface Issue extends Node {
  type: 'issue';
  meta: IssueMeta;
  children: (EditorNote | Article)[];
}

/** Material that is not a bulletin issue: an experience article or a press report. */
export interface Standalone extends Node {
  type: 'standalone';
  meta: StandaloneMeta;
  children: (Section | RunInPoint | Prose)[];
  notes: Note[];
}

export type Document = Issue | Standalone;

/** Where the check looked on disk for one image, and whether it found one it can publish there */
export interface ImageLookup {
  /** The file names the image may be, as written and URL-decoded */
  paths: string[];
  /** The content folder it must be inside */
  root: string;
  found: boolean;
}

/** What the parse makes of one source file beside its messages, which go on the file as unified's do. */
export interface ParseResult {
  /** The typed tree; absent when the front-matter cannot be used (the reasons are on the file) */
  doc?: Document;
  /** Where each front-matter key is written, for messages later stages find about it */
  keyPlaces: Record<string, Point>;
  /** The images the file shows, for the write stage to copy */
  media: MediaFile[];
  /** Where the check of its images looked on disk: what a change there may make untrue */
  imageLookups: ImageLookup[];
}
