// What an importer hands back, and the front-matter block every importer writes.
import { Document as YamlDocument, visit as visitYaml } from 'yaml';
import { PROOFREAD } from '../grammar.ts';

export interface Imported {
  kind: 'issue' | 'standalone';
  /** Where it goes inside the content folder: issues/2022/11.md or articles/<slug>.md */
  target: string;
  text: string;
  /** What was read from the source, one Chinese line each */
  inferred: string[];
  /** What could not be found or looks wrong */
  warnings: string[];
  /** Source lines left out on purpose (the masthead's fixed words, a 日期查询 line, boilerplate): they count as kept */
  dropped: string[];
  /** The text this importer worked from when it is not the file's (a blog post's HTML body as read) */
  read?: string;
  /** The source was canonical already and is passed through unchanged */
  canonical: boolean;
}

/** A block's text without heading marks, Markdown's escapes (\\[2022]), emphasis, brackets and a scan's marks of doubt. */
export const plain = (text: string) =>
  text
    .replace(/^#+\s*/, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
    .replace(/[*【】[\]〖〗]/g, '')
    .trim();

export function frontMatter(data: Record<string, unknown>): string {
  const doc = new YamlDocument(Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)));
  visitYaml(doc, { Seq: (_, seq) => void (seq.flow = true) });
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}

/** The written file marked as read from a scan, to be proofread: 校对: 未校对 as its front-matter's last line. */
export const markUnproofread = (text: string) => text.replace(/^(---\n[\s\S]*?\n)(---\n)/, `$1校对: ${PROOFREAD.pending}\n$2`);
