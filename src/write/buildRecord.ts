// What the last build of an output folder was made from. When nothing it was made from has changed
// (content, its images, themes, templates, public files, yaoxun itself, the base URL) and the folder
// is as that build left it, a build has nothing to do.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = path.join(packageRoot, 'node_modules', '.cache', 'yaoxun');

interface StoredMessage {
  reason: string;
  line?: number;
  column?: number;
  ruleId?: string;
  fatal?: boolean | null;
}

interface BuildRecord {
  fingerprint: string;
  /** Files in the output folder and their total size when the build finished */
  files: number;
  bytes: number;
  pages: number;
  issues: number;
  articles: number;
  messages: Record<string, StoredMessage[]>;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort()) {
    hash.update(path.relative(dir, entry)).update(readFileSync(entry));
  }
}

/**
 * A hash of everything a build reads: content hashes, images, templates, public files, yaoxun's own
 * source, the base. Images count by size and time of change: reading every photo of the archive
 * would cost an up-to-date build more than it saves, and an edited image changes both.
 */
export function fingerprint(files: VFile[], media: string[], dirs: string[], base: string): string {
  const hash = createHash('sha1').update(base);
  for (const file of files) hash.update(file.path).update(String(file.data.hash));
  for (const image of media) {
    const { size, mtimeMs } = statSync(image);
    hash.update(`${image}\0${size}\0${mtimeMs}`);
  }
  for (const dir of [...dirs, path.join(packageRoot, 'src')]) hashTree(hash, dir);
  return hash.digest('hex');
}

/** How many files a folder holds, and their total size. */
export function folderSize(dir: string) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

const recordPath = (out: string) => path.join(cacheDir, 'builds', `${createHash('sha1').update(path.resolve(out)).digest('hex')}.json`);

/** The record of the build that made `out`, if it is still what is there. */
export function upToDate(out: string, print: string): BuildRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordPath(out), 'utf8')) as BuildRecord;
    if (record.fingerprint !== print || !existsSync(out)) return undefined;
    const now = folderSize(out);
    return now.files === record.files && now.bytes === record.bytes ? record : undefined;
  } catch {
    return undefined;
  }
}

export function saveRecord(out: string, print: string, counts: { pages: number; issues: number; articles: number }, files: VFile[]) {
  const messages = Object.fromEntries(
    files.map((f) => [f.path, f.messages.map((m) => ({ reason: m.reason, line: m.line, column: m.column, ruleId: m.ruleId, fatal: m.fatal }))]),
  );
  mkdirSync(path.dirname(recordPath(out)), { recursive: true });
  writeFileSync(recordPath(out), JSON.stringify({ fingerprint: print, ...folderSize(out), ...counts, messages } satisfies BuildRecord));
}

/** Puts the messages of the recorded build back on the files, so an up-to-date build still reports them. */
export function replayMessages(record: BuildRecord, files: VFile[]) {
  for (const file of files) {
    for (const m of record.messages[file.path] ?? []) {
      const message = file.message(m.reason, { place: m.line ? { line: m.line, column: m.column ?? 1 } : undefined, ruleId: m.ruleId, source: 'yaoxun' });
      message.fatal = m.fatal;
    }
  }
}
