// Search index through Pagefind's Node API. The records go to a scratch folder for addDirectory:
// handed over one by one with addHTMLFile they took about a quarter longer at 1,000 issues.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createIndex } from 'pagefind';
import { writeFacets } from './facets.ts';

/** Throws Pagefind's own errors, if any, as one message naming the step that failed. */
function orFail<T extends { errors: string[] }>(step: string, response: T): T {
  if (response.errors.length) throw new Error(`Pagefind ${step}失败：${response.errors.join('；')}`);
  return response;
}

/** Writes the Pagefind index of `records` (HTML documents) and its facets into `outputDir`. */
export async function writeSearchIndex(records: string[], outputDir: string): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'yaoxun-records-'));
  const { index } = orFail('建立索引', await createIndex());
  try {
    // One flat folder: a record says in its meta where it lands, so its file name does not matter.
    records.forEach((record, i) => writeFileSync(path.join(scratch, `${i}.html`), record));
    orFail('读取搜索记录', await index!.addDirectory({ path: scratch }));
    orFail('写出搜索索引', await index!.writeFiles({ outputPath: outputDir }));
    await writeFacets(outputDir);
  } finally {
    // The service stays for the next index (yaoxun dev); this one's memory goes now.
    await index!.deleteIndex();
    rmSync(scratch, { recursive: true, force: true });
  }
}
