// A build stopped halfway (Ctrl-C, or killed outright) leaves the last good site whole.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { root, tempDir, yaoxun } from './helpers.ts';

function stopAfter(args: string[], ms: number, signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), ...args], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(signal), ms);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe('an interrupted build', () => {
  const dir = tempDir('interrupt');
  const big = path.join(dir, 'big');
  const out = path.join(dir, 'site');
  writeCorpus(big, 150);

  const whole = () => {
    const issues = readdirSync(path.join(out, 'issues'), { recursive: true }).map(String).filter((f) => f.endsWith('index.html')).length;
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'pagefind', 'pagefind.js'))).toBe(true);
    // Every issue page the year pages list is there, and no other: pages of one build only.
    const listed = new Set(
      readdirSync(path.join(out, 'years'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('index.html'))
        .flatMap((f) => [...readFileSync(path.join(out, 'years', f), 'utf8').matchAll(/href="(?:\.\.\/)+issues\/(\d{4}\/\d{2})\/"/g)].map((m) => m[1])),
    );
    expect(listed.size).toBe(issues);
    return issues;
  };

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
