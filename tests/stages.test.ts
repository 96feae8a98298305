// The pipeline reads in one direction: load → cache → parse → link → render → search → write. A
// stage imports only from the stages before it and from the shared modules, so a change to a later
// stage can never change what an earlier one does, and nothing in src/ reaches outside it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

const STAGES = ['load', 'cache', 'parse', 'link', 'render', 'search', 'write'];
/** Modules every stage may use: they know no stage */
const SHARED = ['files.ts', 'messages.ts', 'types.ts', 'grammar.ts', 'places'];

const src = path.join(root, 'src');
const stageOf = (file: string) => {
  const top = path.relative(src, file).split(path.sep)[0];
  return STAGES.includes(top) ? top : undefined;
};

/** Every relative import and re-export in src/, static or dynamic, type-only too: [from, to]. */
function imports(): [string, string][] {
  const found: [string, string][] = [];
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|js)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) found.push([file, path.resolve(path.dirname(file), m[1])]);
  }
  return found;
}

describe('the stages', () => {
  it('import only from earlier stages and the shared modules, and nothing outside src/', () => {
    const wrong: string[] = [];
    for (const [from, to] of imports()) {
      const say = `${path.relative(root, from)} → ${path.relative(root, to)}`;
      if (path.relative(src, to).startsWith('..')) wrong.push(`outside src/: ${say}`);
      const a = stageOf(from);
      if (!a) continue;
      const b = stageOf(to);
      if (b ? STAGES.indexOf(b) > STAGES.indexOf(a) : !SHARED.includes(path.relative(src, to).split(path.sep)[0])) wrong.push(say);
    }
    expect(wrong).toEqual([]);
  });

  it('are all found by the import scan (it reads the imports it is meant to)', () => {
    const pairs = imports().map(([from, to]) => `${path.relative(root, from)} → ${path.relative(root, to)}`);
    expect(pairs).toContain('src/build.ts → src/cache/buildRecord.ts');
    expect(pairs).toContain('src/build.ts → src/render/pageKeys.ts');
    expect(pairs).toContain('src/link/materials.ts → src/types.ts');
  });
});
