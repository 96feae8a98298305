// A fresh clone installs as committed: package-lock.json names every optional package a dependency
// may need on any platform (Pagefind ships one binary package per platform), so npm install does
// not rewrite it and npm ci works on Windows and macOS as well as here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

interface Locked {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, Locked> };

  it('holds every optional dependency of every locked package, for every platform', () => {
    const missing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        // npm resolves a dependency in the package's own node_modules first, then in each folder above it.
        const folders = where.split('/node_modules/').map((_, i, parts) => parts.slice(0, i + 1).join('/node_modules/'));
        const found = [...folders.reverse(), ''].some((dir) => lock.packages[`${dir ? dir + '/' : ''}node_modules/${name}`]);
        if (!found) missing.push(`${where || '(root)'} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('locks Pagefind’s binary for Linux, macOS, Windows and FreeBSD at Pagefind’s own version', () => {
    const pagefind = lock.packages['node_modules/pagefind'];
    const platforms = Object.keys(pagefind.optionalDependencies ?? {});
    expect(platforms.some((p) => p.includes('windows'))).toBe(true);
    expect(platforms.some((p) => p.includes('darwin'))).toBe(true);
    for (const name of platforms) expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(pagefind.version);
  });
});
