// A YAML file editors own (themes.yaml, site.yaml), parsed with a way back from a node's offset to
// the line and column a message about it names.
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { LineCounter, parseDocument } from 'yaml';

export function parseYamlFile(file: VFile) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(String(file.value), { lineCounter, prettyErrors: false });
  const at = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { doc, at };
}
