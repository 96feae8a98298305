// A build stopped halfway (Ctrl-C, or killed outright) leaves the last good site whole.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { expectWholeSite, startYaoxun, tempDir, yaoxun } from './helpers.ts';

function stopAfter(args: string[], ms: number, signal: NodeJS.Signals) {
  const { child, ended } = startYaoxun(args);
  const timer = setTimeout(() => child.kill(signal), ms);
  return ended.finally(() => clearTimeout(timer));
}

describe('an interrupted build', () => {
  const dir = tempDir('interrupt');
  const big = path.join(dir, 'big');
  const out = path.join(dir, 'site');
  writeCorpus(big, 150);

  const whole = () => expectWholeSite(out);

  it.each([
    ['SIGINT', 400],
    ['SIGINT', 1500],
    ['SIGKILL', 900],
    ['SIGKILL', 2500],
  ] as const)('%s after %i ms: the old site or the new one, never a mix', async (signal, ms) => {
    expect(yaoxun(['build', '--out', out]).code).toBe(0);
    expect(whole()).toBe(2);
    const stopped = await stopAfter(['build', '--content', big, '--out', out], ms, signal);
    const issues = whole();
    expect([2, 150]).toContain(issues);
    if (stopped.code === 130) expect(stopped.stderr).toContain('已中断：网站保持上次生成的样子。');
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
  });
});
