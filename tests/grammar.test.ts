// The bulletin grammar is one module: what it says a heading or a unit title is, the importer writes
// and the parser reads back the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { importSource } from '../src/import/importSource.ts';
import { headingMarker, isUnitTitle } from '../src/grammar.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import type { Article, Issue, Section, SubSection } from '../src/types.ts';
import { root } from './helpers.ts';

const fixtures = path.join(root, 'tests', 'fixtures', 'grammar');
const headings: { text: string; kind: 'section' | 'subSection' | null; ordinal?: number }[] = JSON.parse(readFileSync(path.join(fixtures, 'headings.json'), 'utf8'));
const units: { text: string; unit: boolean }[] = JSON.parse(readFileSync(path.join(fixtures, 'units.json'), 'utf8'));

/** An old issue with `lead` run into a paragraph of its only article, as Word exports leave it. */
const oldIssue = (lines: string[]) =>
  ['晋团要讯', '〔2023〕第5期', '共青团山西省委', '2023年5月20日', '团阳城县委：党建带团建', ...lines, '报：省委办公厅', '送：各市党委政府', '发：市级团委', '责编：王丽'].join('\n\n');

function parsed(text: string): Issue {
  const file = new VFile({ path: 'issue.md', value: text });
  file.data.kind = 'issue';
  const tree = parseDocument(file, '.').doc as Issue;
  expect(file.messages.filter((m) => m.fatal).map((m) => m.reason)).toEqual([]);
  return tree;
}

describe('heading markers', () => {
  for (const { text, kind, ordinal } of headings) {
    it(`${text} is ${kind ?? 'no heading'} for the grammar, the importer and the parser`, () => {
      expect(headingMarker(text)).toEqual(kind ? { kind, ordinal } : undefined);
      // A bold run-in lead: **1、抓组织建设。**正文 — imported as a heading exactly when the grammar says so
      // (after a section, which a sub-section needs to be one).
      const [imported] = importSource(oldIssue(['**十、统筹部署。**全面推进。', `**${text}。**全县新建青年之家 12 个。`]));
      const depth = kind === 'section' ? '## ' : kind === 'subSection' ? '### ' : '';
      if (kind) expect(imported.text).toContain(`\n${depth}${text}\n\n全县新建青年之家 12 个。`);
      else expect(imported.text).not.toMatch(new RegExp(`^#+ ${text}`, 'm'));
      const article = parsed(imported.text).children.find((c): c is Article => c.type === 'article')!;
      const nodes = article.children.flatMap((n) => (n.type === 'section' ? [n, ...n.children.filter((c): c is SubSection => c.type === 'subSection')] : []));
      const found = nodes.find((n) => (n as Section | SubSection).heading.map((h) => ('value' in h ? h.value : '')).join('') === text);
      if (kind) expect(found).toMatchObject({ type: kind, ordinal });
      else expect(found).toBeUndefined();
    });
  }
});

describe('unit titles', () => {
  for (const { text, unit } of units) {
    it(`${text} ${unit ? 'opens' : 'does not open'} an article`, () => {
      expect(isUnitTitle(text)).toBe(unit);
      const [imported] = importSource(oldIssue([text, '团县委推动工作落实。']));
      const titles = parsed(imported.text).children.flatMap((c) => (c.type === 'article' ? [c.title] : []));
      expect(titles.includes(text.replace(/\*\*/g, ''))).toBe(unit);
    });
  }
});
