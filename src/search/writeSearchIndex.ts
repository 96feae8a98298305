// Search index: each bundle's records are written to a scratch folder and indexed by the Pagefind
// binary that the pagefind package ships. Its Node API writes the same index, but at 1,000 issues the
// cold build took about a quarter longer, and when the Pagefind process dies the API leaves its calls
// pending: the build ended with status 0 and no site. A failed command line is a plain error.
// Bundles are indexed side by side, one Pagefind process per core; the search page merges them.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { decode } from 'cborg';
import { ended, sha1, writeIfChanged, Writes } from '../files.ts';
import { facetsOf, mergeFacets, readRecords, SIGNATURE, type Facets } from './facets.ts';
import { bundlePhrases, phraseShards, PreparedPhrases } from './phrases.ts';

const run = promisify(execFile);
const pagefindPackage = path.dirname(fileURLToPath(import.meta.resolve('pagefind')));
let binary: string | undefined;
/**
 * The binary the package's own runner would start, started directly: one Node process less per
 * bundle. Found when a bundle is first indexed, not when this module loads: `check` and `serve`
 * load the build, and they never index.
 */
function pagefindBin(): string {
  binary ??= (createRequire(import.meta.url)(path.join(pagefindPackage, 'resolveBinary.js')) as { resolveBinaryPath: (names: string[]) => string }).resolveBinaryPath(['pagefind_extended', 'pagefind']);
  return binary;
}

/** The Pagefind that indexes: a new version may index differently, so it is part of every bundle's key. */
export const pagefindVersion = (JSON.parse(readFileSync(path.join(pagefindPackage, '..', 'package.json'), 'utf8')) as { version: string }).version;

export interface BundleIndex {
  name: string;
  /** Changes whenever what the bundle is indexed from does (its material, yaoxun, the templates): it names the phrase index part holding it */
  key: string;
  /** Renders the records to index (HTML documents), one by one; absent when the bundle's folder from the last build is still right */
  records?: () => Iterable<string>;
}

/** A bundle's facets, and the fragment file of each record Pagefind put in a group file. */
interface BundleFacets extends Facets {
  files: Record<string, string>;
}

/** What the search page reads first: the bundles to merge, and every page's date and filter values. */
export interface SearchManifest extends BundleFacets {
  /**
   * Folder of each bundle under pagefind/, newest first, a tag that changes when its index does, and
   * how many of `pages` are its records (they are listed bundle by bundle, in this order).
   */
  bundles: { path: string; tag: string; records: number }[];
  /**
   * The phrase index, in parts (phraseParts): each in its folder under pagefind/phrases/, in `shards`
   * files (<n>.bin), its records numbered from 0 for the record `from` of `pages`.
   */
  phrases: PhrasePart[];
}

export interface PhrasePart {
  path: string;
  shards: number;
  from: number;
}

/**
 * Which bundles the phrase index puts in one part: the newest alone, where editors add and correct,
 * and all the older ones together. A build after a change to the newest year then merges only that
 * bundle's list, not the whole archive's (at 5,000 issues about 2 s), and a query fetches a shard of each part.
 */
export const phraseParts = (bundles: number) => (bundles > 1 ? [[0], Array.from({ length: bundles - 1 }, (_, i) => i + 1)] : [[0]]);

/** Pagefind's own search interfaces and worker: the search page uses none of them. */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight|worker)\.|^pagefind\.js$/;

/** Files Pagefind names by their content, in these folders of a bundle and as pagefind.<hash>.pf_meta. */
const CONTENT_NAMED = ['fragment', 'index', 'filter'];

/**
 * Readies a bundle's folder from the last build for Pagefind to index into again. Pagefind never
 * rewrites a file named by its content that is already there, and most of a bundle stays the same
 * after an edit, so those files are kept and Pagefind's slowest step (compressing them) is skipped.
 * Every other file is removed first: the kept ones may be links into the live site, and Pagefind
 * rewrites its other files in place.
 */
function keepContentNamed(dir: string) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const keep = entry.isDirectory() ? CONTENT_NAMED.includes(entry.name) : entry.name.endsWith('.pf_meta');
    if (!keep) rmSync(path.join(dir, entry.name), { recursive: true, force: true });
  }
}

/** After Pagefind ran into a readied folder: removes the kept files its new index no longer names. */
function removeUnnamed(dir: string) {
  const entry = JSON.parse(readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string }> };
  const metas = Object.values(entry.languages).map((l) => `pagefind.${l.hash}.pf_meta`);
  const named = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string') named.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  // The meta file lists every page (its fragment), index chunk and filter chunk by the hash in its name.
  for (const meta of metas) {
    const bytes = gunzipSync(readFileSync(path.join(dir, meta)));
    if (bytes.subarray(0, SIGNATURE.length).toString() !== SIGNATURE) throw new Error(`Pagefind 的索引文件 ${meta} 格式不认识`);
    collect(decode(bytes.subarray(SIGNATURE.length)));
  }
  for (const name of readdirSync(dir)) if (name.endsWith('.pf_meta') && !metas.includes(name)) rmSync(path.join(dir, name));
  for (const folder of CONTENT_NAMED) {
    if (!existsSync(path.join(dir, folder))) continue;
    for (const name of readdirSync(path.join(dir, folder))) if (!named.has(name.replace(/\.pf_\w+$/, ''))) rmSync(path.join(dir, folder, name));
  }
}

/** Memory the system offers as a folder (tmpfs): on Linux always, in a container perhaps too small. */
const MEMORY = '/dev/shm';
const IN_MEMORY = 'yaoxun-records-';
/** Room the records may want: at 1,000 issues, two bundles at once took 32 MB. */
const ROOM = 512 * 1024 * 1024;

/**
 * A folder for a bundle's records until Pagefind has read them: in memory where there is room, else
 * beside the index. Each record is a file made and removed again (a cold build: 2,304 at 1,000
 * issues, some 11,500 at 5,000). On this machine's disk (ext4) making 4,000 files took 0.22–0.34 s of
 * system time, and 2.5–6.4 s for a minute or more after many were removed, the kernel passing over
 * each inode removed lately: records made there slowed every file made after them (pages, Pagefind's
 * output, the phrase shards). A folder a killed build left in memory is removed by the next once its
 * process has ended; one left beside the index is in the staging folder, which the next build clears.
 */
function scratchFolder(shared: string): { folder: string; inMemory: boolean } {
  let room = 0;
  try {
    const { bavail, bsize } = statfsSync(MEMORY);
    room = bavail * bsize;
  } catch {
    // No such folder: not Linux.
  }
  if (room < ROOM) {
    mkdirSync(shared, { recursive: true });
    return { folder: mkdtempSync(path.join(shared, '.records-')), inMemory: false };
  }
  for (const name of readdirSync(MEMORY).filter((n) => n.startsWith(IN_MEMORY))) {
    const pid = Number.parseInt(name.slice(IN_MEMORY.length), 10);
    try {
      if (pid > 0 && ended(pid)) rmSync(path.join(MEMORY, name), { recursive: true, force: true });
    } catch {
      // Another user's: theirs to remove (the folder lets each user remove only their own).
    }
  }
  return { folder: mkdtempSync(path.join(MEMORY, `${IN_MEMORY}${process.pid}-`)), inMemory: true };
}

async function indexBundle(records: () => Iterable<string>, dir: string, shared: string, handed: () => void) {
  const { folder: scratch, inMemory } = scratchFolder(shared);
  try {
    keepContentNamed(dir);
    // One flat folder: a record says in its meta where it lands, so its file name does not matter.
    // On a disk, written as they are rendered, off the main thread: the next record renders while the
    // disk takes the last. In memory a write costs less than handing it to another thread (4,000
    // files: 0.1 s against 0.3 s), and files made one by one are listed in the order made: Pagefind
    // numbers the records as it finds them, so its index comes out the same bytes build after build.
    const writes = new Writes();
    const put = inMemory ? async (file: string, record: string) => writeFileSync(file, record) : (file: string, record: string) => writes.put(file, record, 'absent');
    const written: string[] = [];
    for (const record of records()) {
      await put(path.join(scratch, `${written.length}.html`), record);
      written.push(record);
    }
    await writes.done();
    // Pagefind names each record by its language and a short hash, unique within one index only: at
    // 5,000 issues the odds that two bundles share a name are about one in five. A language of the bundle's own
    // makes the names differ, and being none Pagefind knows, it neither cuts nor stems the words (words.ts).
    const language = `x-${path.basename(dir)}`;
    const indexing = run(pagefindBin(), ['--site', scratch, '--output-path', dir, '--force-language', language, '--silent'], { maxBuffer: 64 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`Pagefind 建立搜索索引失败：${(e.stderr || e.message).trim()}`);
    });
    // Met below, once the phrases are prepared: until then its failure must not count as unhandled.
    indexing.catch(() => undefined);
    // Only now: the pages the caller renders from then on would hold this thread, and Pagefind would start after them.
    handed();
    const prepared = await preparePhrases(written);
    await indexing;
    removeUnnamed(dir);
    // Every bundle's pagefind.js is the same file; the search page loads one, beside the bundles.
    writeIfChanged(path.join(shared, 'pagefind.js'), readFileSync(path.join(dir, 'pagefind.js')));
    for (const name of readdirSync(dir)) if (UNUSED.test(name)) rmSync(path.join(dir, name));
    const stored = await readRecords(dir);
    const facets: BundleFacets = { ...facetsOf(stored), files: Object.fromEntries(stored.filter((r) => r.file !== r.id).map((r) => [r.id, r.file])) };
    // Numbered as facets.pages lists them; a record's file name (its URL here) is its number as written.
    const kept = stored.map((r) => ({ added: Number(/^\/(\d+)\.html$/.exec(r.fragment.url)?.[1] ?? -1), text: r.fragment.content ?? '' }));
    writeFileSync(path.join(dir, 'phrases.bin'), prepared?.file(kept) ?? bundlePhrases(kept.map((r) => r.text)));
    writeFileSync(path.join(dir, 'facets.json'), JSON.stringify(facets));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The phrase file of `records` made ahead (PreparedPhrases), a turn of the event loop now and then: the pages are rendered and written meanwhile. */
async function preparePhrases(records: string[]): Promise<PreparedPhrases | undefined> {
  const prepared = new PreparedPhrases();
  for (const [i, record] of records.entries()) {
    if (!prepared.add(record)) return undefined;
    if (i % 100 === 99) await new Promise(setImmediate);
  }
  prepared.sortKeys();
  return prepared;
}

/** Runs `tasks` with at most `limit` running at once. */
async function pool(tasks: (() => Promise<void>)[], limit: number) {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

/**
 * Indexes each bundle that has records into `outputDir/<name>/`, keeps the others as they are, removes
 * whatever else the folder holds, and writes the manifest (facets.json) and the shared pagefind.js.
 * `busy` is called once as many Pagefinds run as may run at once (or every bundle has its records):
 * from then on, other work of the caller's no longer holds one back. Returns the files and folders
 * (relative to `outputDir`) it wrote or removed: outside them the folder is as it was.
 */
export async function writeSearchIndex(bundles: BundleIndex[], outputDir: string, busy: () => void = () => undefined): Promise<string[]> {
  mkdirSync(outputDir, { recursive: true });
  const names = new Set(bundles.map((b) => b.name));
  const shared = ['facets.json', 'pagefind.js'];
  const changed = [...shared];
  for (const entry of readdirSync(outputDir, { withFileTypes: true })) {
    const keep = entry.isDirectory() ? names.has(entry.name) || entry.name === 'phrases' : shared.includes(entry.name);
    if (keep) continue;
    rmSync(path.join(outputDir, entry.name), { recursive: true, force: true });
    changed.push(entry.name);
  }
  const stale = bundles.filter((b) => b.records || !existsSync(path.join(outputDir, b.name, 'facets.json')));
  changed.push(...stale.map((b) => b.name));
  if (stale.some((b) => !b.records)) throw new Error(`搜索索引的分卷 ${stale.find((b) => !b.records)!.name} 不在上次的输出中`);
  const limit = availableParallelism();
  let starting = Math.min(limit, stale.length);
  const handed = () => --starting === 0 && busy();
  if (starting === 0) busy();
  await pool(
    stale.map((b) => () => indexBundle(b.records!, path.join(outputDir, b.name), outputDir, handed)),
    limit,
  );
  const read = (name: string, file: string) => readFileSync(path.join(outputDir, name, file), 'utf8');
  const facets = bundles.map((b) => JSON.parse(read(b.name, 'facets.json')) as BundleFacets);
  const merged = mergeFacets(facets);
  const order = Object.keys(merged.pages);
  const records = facets.map((f) => Object.keys(f.pages));
  // The page finds a record's bundle by counting: the merged list must be the bundles' lists one after another.
  if (records.flat().some((id, n) => order[n] !== id)) throw new Error('搜索索引的记录顺序与分卷不一致');
  const manifest: SearchManifest = {
    bundles: bundles.map((b, i) => ({ path: `${b.name}/`, tag: sha1(read(b.name, 'pagefind-entry.json')).slice(0, 12), records: records[i].length })),
    ...merged,
    files: Object.assign({}, ...facets.map((f) => f.files)),
    phrases: await writePhraseParts(bundles, records.map((r) => r.length), path.join(outputDir, 'phrases'), changed),
  };
  writeIfChanged(path.join(outputDir, 'facets.json'), JSON.stringify(manifest));
  return changed;
}

/**
 * Writes each phrase index part into `dir`, in a folder named by its bundles' keys: a part whose
 * folder the last build left there is kept as it is; other folders are removed. The folders written
 * or removed are added to `changed` (as `phrases/<name>`).
 */
async function writePhraseParts(bundles: BundleIndex[], records: number[], dir: string, changed: string[]): Promise<PhrasePart[]> {
  const starts = records.map((_, i) => records.slice(0, i).reduce((a, b) => a + b, 0));
  const parts = phraseParts(bundles.length).map((members) => ({ members, name: sha1(...members.map((i) => bundles[i].key)).slice(0, 16) }));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (parts.some((p) => p.name === name)) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true });
    changed.push(path.join(path.basename(dir), name));
  }
  const writes = new Writes();
  const written: PhrasePart[] = [];
  for (const { members, name } of parts) {
    const folder = path.join(dir, name);
    // Shards are <n>.bin from 0 on: a folder of the last build holds all of its part's and nothing else.
    let shards = existsSync(folder) ? readdirSync(folder).length : 0;
    if (!shards) {
      changed.push(path.join(path.basename(dir), name));
      const bytes = phraseShards(members.map((i) => ({ dir: path.join(dir, '..', bundles[i].name), records: records[i] })));
      for (const [n, shard] of bytes.entries()) await writes.put(path.join(folder, `${n}.bin`), shard, 'absent');
      shards = bytes.length;
    }
    written.push({ path: `${name}/`, shards, from: starts[members[0]] });
  }
  await writes.done();
  return written;
}
