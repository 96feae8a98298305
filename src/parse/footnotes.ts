// Footnotes ([^1] in the text, `[^1]: …` on a line of its own) belong to the article that refers to
// them: each article numbers its own notes from ①, and prints them at its end. GFM reads labels for
// the whole file, so two articles of one issue that both write [^1] with a note each would share the
// first; here a note written inside the article that refers to it wins.
import type { FootnoteDefinition, FootnoteReference, Nodes, Paragraph, Root, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { error, warning } from '../messages.ts';
import type { Note } from '../types.ts';
import { pointIn } from './textPoint.ts';

/** Where notes are numbered and printed: an article, a standalone, the editor's note. */
export interface NoteScope {
  /** Scopes the anchors on the page: 'a1-' gives a1-fn1, a1-fnref1 */
  prefix: string;
  /** The scope's blocks as written, its note definitions among them */
  blocks: Nodes[];
  holder: { notes: Note[] };
}

/** ① … ⑳ as Chinese print marks notes; beyond that a bracketed number. */
export const noteMarker = (n: number) => (n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `〔${n}〕`);

/** A reference whose note is missing stays text; the only place [^…] is left in a text node. */
const LITERAL_REFERENCE = /\[\^([^\]\s]+)\]/g;
/** `[^1]：` — typed with the full-width colon, the line is not a definition. */
const WIDE_COLON_DEFINITION = /^\[\^([^\]\s]+)\]\s*：/;

function definitionsIn(nodes: Nodes[]): FootnoteDefinition[] {
  const found: FootnoteDefinition[] = [];
  for (const node of nodes) visit(node, 'footnoteDefinition', (d) => void found.push(d));
  return found;
}

function numberNotes(scope: NoteScope, own: FootnoteDefinition[], all: FootnoteDefinition[], used: Set<FootnoteDefinition>) {
  const byLabel = new Map<string, { note: Note; number: number }>();
  const pending: Nodes[] = [...scope.blocks];
  const reference = (ref: FootnoteReference) => {
    let found = byLabel.get(ref.identifier);
    if (!found) {
      const definition = own.find((d) => d.identifier === ref.identifier) ?? all.find((d) => d.identifier === ref.identifier);
      if (!definition) return;
      used.add(definition);
      const number = byLabel.size + 1;
      const note: Note = { type: 'note', id: `${scope.prefix}fn${number}`, marker: noteMarker(number), refs: [], children: definition.children, position: definition.position };
      scope.holder.notes.push(note);
      found = { note, number };
      byLabel.set(ref.identifier, found);
      // A note may refer to another note; that one is numbered after it.
      pending.push(...definition.children);
    }
    const { note, number } = found;
    const id = `${scope.prefix}fnref${number}${note.refs.length ? `-${note.refs.length + 1}` : ''}`;
    note.refs.push(id);
    ref.data = { ...ref.data, link: { id, note: note.id, number, marker: note.marker } };
  };
  for (let i = 0; i < pending.length; i++) {
    visit(pending[i], (node) => {
      if (node.type === 'footnoteDefinition') return SKIP;
      if (node.type === 'footnoteReference') reference(node);
    });
  }
}

/** Numbers each scope's notes, links its references to them, and reports what would print wrongly. */
export function attachNotes(file: VFile, root: Root, scopes: NoteScope[]) {
  const all = definitionsIn(root.children);
  const used = new Set<FootnoteDefinition>();
  for (const scope of scopes) numberNotes(scope, definitionsIn(scope.blocks), all, used);
  for (const definition of all) {
    if (used.has(definition)) continue;
    warning(file, `注释「[^${definition.label}]」在正文中没有引用，不会印出：请在正文相应位置写上「[^${definition.label}]」，或删去这条注释。`, definition.position?.start, 'footnote-unused');
  }
  const wideColon = new Set<string>();
  visit(root, 'paragraph', (paragraph: Paragraph) => {
    const first = paragraph.children[0];
    const m = first?.type === 'text' ? WIDE_COLON_DEFINITION.exec(first.value) : null;
    if (!m) return;
    wideColon.add(m[1]);
    error(file, `注释要用半角冒号：请把「[^${m[1]}]：」改为「[^${m[1]}]: 」（英文冒号后空一格）。`, paragraph.position?.start, 'footnote-colon');
  });
  visit(root, 'text', (node: Text) => {
    for (const m of node.value.matchAll(LITERAL_REFERENCE)) {
      if (wideColon.has(m[1])) continue;
      error(file, `注释「[^${m[1]}]」没有内容：请在这篇文章末尾另起一行写「[^${m[1]}]: 注释内容」，或删去正文中的「[^${m[1]}]」。`, pointIn(node, m.index), 'footnote-undefined');
    }
  });
}
