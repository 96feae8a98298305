// Builds of one folder at the same time wait for each other and leave a whole site; a killed build's
// lock does not hold up the next.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { expectWholeSite, startYaoxun, tempDir, yaoxun } from './helpers.ts';

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
};

describe('builds at the same time', () => {
  const dir = tempDir('together');
  const big = path.join(dir, 'big');
  const out = path.join(dir, 'site');
  const lock = path.join(dir, '.site.lock');
  writeCorpus(big, 150);

  const whole = () => {
    // No staging folder is left beside the site, only the site it replaced, kept for the next build to stage in.
    const beside = readdirSync(dir).filter((n) => n.startsWith('.site.'));
    expect(beside.filter((n) => !n.startsWith('.site.spare-'))).toEqual([]);
    expect(beside.length).toBeLessThanOrEqual(1);
    return expectWholeSite(out);
  };

  it('of one folder: the second waits for the first, both end, the site is whole; a third into another folder shares the cache', async () => {
    const first = startYaoxun(['build', '--content', big, '--out', out]);
    await until(() => existsSync(lock));
    const second = startYaoxun(['build', '--content', 'content', '--out', out]);
    const other = startYaoxun(['build', '--content', big, '--out', path.join(dir, 'other')]);
    const [a, b, c] = await Promise.all([first.ended, second.ended, other.ended]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(c.code, c.stderr).toBe(0);
    expect(b.stderr).toContain('另一个 yaoxun 进程正在使用');
    // The second one ran last: its content (the bundled archive) is the site.
    expect(whole()).toBe(2);
  });

  it('after a build killed while it was making its lock, the next clears what it left and does not wait', () => {
    // The pid of a process that has ended, as a killed build's is.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${lock}.made-${hostname()}-${gone}`;
    mkdirSync(leftover);
    writeFileSync(path.join(leftover, 'owner'), `${hostname()}\n${gone}`);
    const next = yaoxun(['build', '--content', big, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('另一个 yaoxun 进程正在使用');
    expect(existsSync(leftover)).toBe(false);
    expect(whole()).toBe(150);
  });

  it('after a build killed outright, the next does not wait for its lock', async () => {
    const killed = startYaoxun(['build', '--content', big, '--out', out]);
    await until(() => existsSync(lock));
    killed.child.kill('SIGKILL');
    await killed.ended;
    expect(existsSync(lock), 'the killed build left its lock').toBe(true);
    const next = yaoxun(['build', '--content', big, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('另一个 yaoxun 进程正在使用');
    expect(whole()).toBe(150);
  });
});

