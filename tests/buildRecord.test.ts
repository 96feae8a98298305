// What a build is known by: two different sets of templates or public files never share a print,
// or a build after changing one would wrongly answer "up to date".
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentPrint } from '../src/cache/buildRecord.ts';
import { tempDir } from './helpers.ts';

function folder(name: string, files: Record<string, string>) {
  const dir = path.join(tempDir('print'), name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

describe('environmentPrint', () => {
  it('tells a file `a` holding `bc` from a file `ab` holding `c`', () => {
    expect(environmentPrint([folder('one', { a: 'bc' })], '/')).not.toBe(environmentPrint([folder('two', { ab: 'c' })], '/'));
  });

  it('tells which folder a file is in', () => {
    const empty = folder('empty', {});
    const withFile = folder('with', { 'page.njk': 'x' });
    expect(environmentPrint([withFile, empty], '/')).not.toBe(environmentPrint([empty, withFile], '/'));
  });

  it('tells the parts after the base apart', () => {
    const none = folder('none', {});
    expect(environmentPrint([none], '/', 'ab', 'c')).not.toBe(environmentPrint([none], '/', 'a', 'bc'));
  });

  it('is the same for the same files', () => {
    expect(environmentPrint([folder('x', { a: 'bc' })], '/')).toBe(environmentPrint([folder('y', { a: 'bc' })], '/'));
  });
});
