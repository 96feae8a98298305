// A YAML file editors own (themes.yaml, site.yaml) or the YAML front-matter of a Markdown file,
// parsed with a way back from a node's offset to the line and column a message about it names.
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { nearestName } from '../messages.ts';

/** YAML text that starts at `start` of its file: front-matter's first line begins after the ---. */
export function parseYaml(text: string, start: Point = { line: 1, column: 1 }) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: start.line + line - 1, column: line === 1 ? start.column + col - 1 : col };
  };
  return { doc, at };
}

export const parseYamlFile = (file: VFile) => parseYaml(String(file.value));

/** Each key of a mapping as the editor wrote it (trimmed), with where it is written and its value. */
export const keysOf = (map: YAMLMap, at: (offset: number) => Point) =>
  map.items.map((pair) => {
    const keyNode = pair.key as YamlNode | null;
    return { key: isScalar(keyNode) ? String(keyNode.value).trim() : '', place: at(keyNode?.range?.[0] ?? 0), value: pair.value as YamlNode | null };
  });

/** What to say of a key no schema has: the known key it most likely misspells, or all of them. */
export function unknownKeyReason(key: string, known: string[]): string {
  const meant = nearestName(key, known);
  return meant ? `未知的键「${key}」：是否应为「${meant}」？` : `未知的键「${key}」：可用的键有 ${known.join('、')}。`;
}
