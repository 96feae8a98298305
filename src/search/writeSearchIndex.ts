// Search index: Pagefind, through its Node API, from HTML held in memory (nothing is re-read from disk).
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Page } from '../render/renderSite.ts';

export async function writeSearchIndex(records: Page[], siteDir: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  try {
    if (!index) throw new Error(`Pagefind 无法启动：${errors.join('；')}`);
    const added = await Promise.all(records.map((r) => index.addHTMLFile({ url: r.url, content: r.content })));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length) throw new Error(`Pagefind 索引失败：${failed.join('；')}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind 写入失败：${written.errors.join('；')}`);
  } finally {
    await pagefind.close();
  }
}
