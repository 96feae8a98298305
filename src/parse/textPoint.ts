// Places inside a text node, for messages about a word in the middle of a paragraph.
import type { Text } from 'mdast';
import type { Point } from 'unist';

/** Where the character at `index` of a text node's value is in the file (the value is the source there). */
export function pointIn(node: Text, index: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, index);
  const lines = before.split('\n');
  return {
    line: start.line + lines.length - 1,
    column: lines.length === 1 ? start.column + index : lines.at(-1)!.length + 1,
    offset: start.offset === undefined ? undefined : start.offset + index,
  };
}
