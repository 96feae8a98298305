// The dev server reads a save only once it has settled. An editor's save truncates the file, then
// writes it; the server must not take the empty moment for the file's content, even when its own
// work keeps it from reading for longer than an empty file is allowed to last.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Settler } from '../src/dev/settle.ts';
import { tempDir } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A file that held 旧稿 and has just been truncated, and a settler told of it: what it delivers is listed. */
function truncatedSave() {
  const file = path.join(tempDir('settle'), 'issue.md');
  writeFileSync(file, '旧稿');
  const delivered: string[] = [];
  const settler = new Settler((_, bytes) => delivered.push(bytes ? Buffer.from(bytes).toString() : '(gone)'), { quiet: 20, emptyQuiet: 300 });
  settler.know(file);
  writeFileSync(file, '');
  settler.touch(file);
  return { file, delivered, settler };
}

it('does not deliver a truncated file when the process was busy while the save was being written', async () => {
  const { file, delivered, settler } = truncatedSave();
  // The editor writes 30 ms after truncating; its timer is due after the settler's next read.
  setTimeout(() => writeFileSync(file, '新稿'), 30);
  await sleep(5);
  // A render that holds the process for 400 ms: both timers come due during it.
  const until = performance.now() + 400;
  while (performance.now() < until);
  await sleep(0);
  await settler.idle();
  expect(readFileSync(file, 'utf8')).toBe('新稿');
  expect(delivered).toEqual(['新稿']);
  settler.close();
});

it('delivers a file that really stays empty', async () => {
  const { delivered, settler } = truncatedSave();
  await sleep(5);
  await settler.idle();
  expect(delivered).toEqual(['']);
  settler.close();
});
