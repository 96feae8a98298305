import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/runFolder.ts'],
    // Vitest leaves one core free by default: on a 2-core machine that runs one test file at a time.
    // The files spend much of their time waiting on the programs they drive (Chromium, LibreOffice,
    // Pagefind, builds), so one per core keeps both busy.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
