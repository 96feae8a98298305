// Search index: Pagefind, through its Node API, from HTML held in memory (nothing is re-read from disk).
import * as pagefind from 'pagefind';

export interface IndexFile {
  /** Path inside the index folder, e.g. pagefind.js or fragment/zh-cn_1a2b.pf_fragment */
  path: string;
  content: Uint8Array;
}

/** The files of a Pagefind index for these records, in memory; the writer or the dev server places them. */
export async function buildSearchIndex(records: { url: string; content: string }[]): Promise<IndexFile[]> {
  const { index, errors } = await pagefind.createIndex({});
  try {
    if (!index) throw new Error(`Pagefind 无法启动：${errors.join('；')}`);
    const added = await Promise.all(records.map((r) => index.addHTMLFile({ url: r.url, content: r.content })));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length) throw new Error(`Pagefind 索引失败：${failed.join('；')}`);
    const { files, errors: fileErrors } = await index.getFiles();
    if (fileErrors.length) throw new Error(`Pagefind 生成失败：${fileErrors.join('；')}`);
    return files.map((f) => ({ path: f.path, content: f.content }));
  } finally {
    await pagefind.close();
  }
}
