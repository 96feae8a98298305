// Random and mutated input never crashes the pipeline: every file yields a tree or messages, and a
// build either writes a site or reports errors.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { checkContent } from '../src/check.ts';
import { readSource } from '../src/load/loadContent.ts';
import { isError } from '../src/messages.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { planSite, renderPage, templateEnvironment } from '../src/render/pages.ts';
import { renderRecords } from '../src/search/records.ts';
import { root, tempDir } from './helpers.ts';

const canonical = readFileSync(path.join(root, 'content', 'issues', '2022', '09.md'), 'utf8');
const KEYS = ['期号', '日期', '责编', '专刊', '主题', '县区', '报', '送', '发', '标题', '责遍', 'title', ''];
const BODY_PIECES = ['# ', '## ', '### ', '一、', '1.', '（一）', '一是', '二是', '编者按：', '**', '*', '_', '`', '<div>', '</p>', '<script>', '[链接](', ')', '|', '---', '\n', '\n\n', '团阳城县委', '团孟县县委', '晋城城区', '。', '，', '\r\n', '\uFEFF', '\u0000', '😀', '　'];

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
  fc.constantFrom('〔2022〕第11期', '2022-12-13', '2022-02-30', '[2022] 第 11 期', '第十一期', '不详'),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
);
const frontMatter = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 });
const body = fc.array(fc.oneof(fc.constantFrom(...BODY_PIECES), fc.string({ maxLength: 12 })), { maxLength: 60 }).map((parts) => parts.join(''));
const generated = fc.tuple(frontMatter, body).map(([data, text]) => `---\n${stringify(data)}---\n\n${text}\n`);
/** The bundled issue with a few characters cut, doubled or replaced: half-written files as editors save them. */
const mutated = fc.array(fc.tuple(fc.nat(canonical.length), fc.nat(8), fc.constantFrom('', ':', '\n', '---', '[', '"', '#', '\uFFFD', '期号: ')), { minLength: 1, maxLength: 6 }).map((edits) =>
  edits.reduce((text, [at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut), canonical),
);
const anyFile = fc.oneof(generated, mutated, fc.string(), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)));

function parseOnce(input: string | Buffer, kind: 'issue' | 'standalone') {
  const file = readSource(`content/${kind === 'issue' ? 'issues' : 'articles'}/x.md`, kind, typeof input === 'string' ? Buffer.from(input) : input);
  const tree = parseDocument(file, '.').doc;
  return { file, tree };
}

describe('parse and check never throw', () => {
  it('yields a tree or an error message with a place for any file', () => {
    fc.assert(
      fc.property(anyFile, fc.constantFrom('issue' as const, 'standalone' as const), (input, kind) => {
        const { file, tree } = parseOnce(input, kind);
        if (!tree) expect(file.messages.some(isError)).toBe(true);
        for (const m of file.messages) {
          expect(m.reason).toMatch(/[\u4e00-\u9fff]/);
          expect(m.ruleId).toBeTruthy();
        }
      }),
      { numRuns: 600 },
    );
  });

  it('renders every tree that parses', () => {
    const templates = path.join(root, 'templates');
    fc.assert(
      fc.property(fc.oneof(generated, mutated), (input) => {
        const dir = tempDir('prop-render');
        mkdirSync(path.join(dir, 'issues', '2022'), { recursive: true });
        writeFileSync(path.join(dir, 'issues', '2022', '01.md'), input);
        const checked = checkContent(dir);
        if (checked.errors > 0) return;
        const env = templateEnvironment({ templates, base: '/' });
        for (const spec of planSite(checked.site)) expect(renderPage(env, checked.site, spec).content.length).toBeGreaterThan(0);
        expect(renderRecords(env, checked.site).length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('build never throws', () => {
  it('writes a site or reports errors and leaves the output alone', async () => {
    // Whole, lightly damaged and random files, so both outcomes are exercised.
    const files = fc.oneof({ arbitrary: fc.constant(canonical), weight: 2 }, { arbitrary: mutated, weight: 2 }, { arbitrary: anyFile, weight: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(files, { minLength: 1, maxLength: 2 }), async (inputs) => {
        const dir = tempDir('prop-build');
        const content = path.join(dir, 'content');
        mkdirSync(path.join(content, 'issues', '2022'), { recursive: true });
        inputs.forEach((input, i) => writeFileSync(path.join(content, 'issues', '2022', `${i + 1}.md`), input));
        const out = path.join(dir, 'site');
        mkdirSync(out);
        writeFileSync(path.join(out, 'marker'), 'last good site');
        const result = await build({ content, out, base: '/', templates: path.join(root, 'templates'), publicDir: path.join(root, 'public') });
        if (result.errors > 0) expect(readFileSync(path.join(out, 'marker'), 'utf8')).toBe('last good site');
        else expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<html lang="zh-CN">');
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
