// Vitest's global setup: one temporary folder for the whole run, which every test process is told
// of. Every test makes its temporary folders in it, so the run leaves none behind. What is costly
// to make and the same for all (the big archive) is made there once, by the first process that
// needs it, and found there by the others.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    runFolder: string;
  }
}

export default function setup(project: TestProject) {
  const folder = mkdtempSync(path.join(tmpdir(), 'yaoxun-run-'));
  // Tests make their temporary folders in it (helpers.ts tempDir); nginx's unprivileged process reads one.
  chmodSync(folder, 0o755);
  project.provide('runFolder', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
