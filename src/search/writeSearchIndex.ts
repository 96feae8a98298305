// Search index: the records are written to a scratch folder and indexed by the Pagefind binary that
// the pagefind package ships. Its Node API writes the same index, but at 1,000 issues the cold build
// took about a quarter longer, and when the Pagefind process dies the API leaves its calls pending:
// the build ended with status 0 and no site. A failed command line is a plain error.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeFacets } from './facets.ts';

const run = promisify(execFile);
const pagefindBin = path.join(path.dirname(fileURLToPath(import.meta.resolve('pagefind'))), 'runner', 'bin.cjs');

/** Writes the Pagefind index of `records` (HTML documents) and its facets into `outputDir`. */
export async function writeSearchIndex(records: string[], outputDir: string): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'yaoxun-records-'));
  try {
    // One flat folder: a record says in its meta where it lands, so its file name does not matter.
    records.forEach((record, i) => writeFileSync(path.join(scratch, `${i}.html`), record));
    await run(process.execPath, [pagefindBin, '--site', scratch, '--output-path', outputDir, '--silent'], { maxBuffer: 64 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`Pagefind 建立搜索索引失败：${(e.stderr || e.message).trim()}`);
    });
    await writeFacets(outputDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
