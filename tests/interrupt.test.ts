// A build stopped halfway (Ctrl-C, or killed outright) leaves the last good site whole. Each stop is
// made at a known point of the build, told by its --debug stage lines, so the stop is sure to land
// before the swap: at 150 issues what follows those lines (rendering, Pagefind) takes over a second.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { expectWholeSite, startYaoxun, tempDir, yaoxun } from './helpers.ts';

/** Runs `args` and sends `signal` as soon as the build reports the end of `stage` on stderr. */
function stopAfterStage(args: string[], stage: string, signal: NodeJS.Signals) {
  const { child, ended } = startYaoxun([...args, '--debug']);
  let seen = '';
  let sent = false;
  child.stderr.on('data', (chunk) => {
    seen += chunk;
    if (!sent && seen.includes(`  ${stage}: `)) {
      sent = true;
      child.kill(signal);
    }
  });
  return ended.then((end) => ({ ...end, sent }));
}

describe('an interrupted build', () => {
  const dir = tempDir('interrupt');
  const big = path.join(dir, 'big');
  const out = path.join(dir, 'site');
  writeCorpus(big, 150);

  const whole = () => expectWholeSite(out);
  // The old site a finished build swapped out is removed by a process of its own, in the background: not counted.
  const staging = () => readdirSync(dir).filter((name) => name.startsWith('.site.building-'));

  it.each([
    // While parsing and linking
    ['SIGINT', 'load code'],
    ['SIGKILL', 'load code'],
    // While pages are written into the staging folder and Pagefind indexes
    ['SIGINT', 'plan'],
    ['SIGKILL', 'plan'],
  ] as const)('%s after %s: stopped before the swap, the old site stays whole', async (signal, stage) => {
    expect(yaoxun(['build', '--out', out]).code).toBe(0);
    expect(whole()).toBe(2);
    const stopped = await stopAfterStage(['build', '--content', big, '--out', out], stage, signal);
    // The stop landed mid-build: the process did not finish on its own.
    expect(stopped.sent).toBe(true);
    if (signal === 'SIGINT') {
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('已中断：网站保持上次生成的样子。');
    } else expect(stopped.signal).toBe('SIGKILL');
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(whole()).toBe(2);
  });

  it('the next build finishes the job and clears what a killed one was making', () => {
    expect(yaoxun(['build', '--content', big, '--out', out]).code).toBe(0);
    expect(whole()).toBe(150);
    expect(staging()).toEqual([]);
  });
});
