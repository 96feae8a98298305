// The filter values of every page in a Pagefind index, as one small file the search page counts
// from. Pagefind can count filters itself, but once its filter chunks are loaded it counts them on
// every search with a linear scan per page (measured at 1,000 issues: ~80 ms of a ~100 ms query);
// with this file the search page never loads them and counts in a few milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** What every Pagefind index file starts with, once unzipped. */
export const SIGNATURE = 'pagefind_dcd';

export interface Facets {
  /** Every [filter, value] pair in the index; pages refer to them by position. */
  values: [string, string][];
  /**
   * Pagefind's page id → its date as a number (20221113, 0 when undated), then its positions in
   * `values`. The date sorts results across bundles, where Pagefind's own order holds only within one.
   */
  pages: Record<string, number[]>;
}

interface Fragment {
  url: string;
  content?: string;
  filters?: Record<string, string[]>;
  meta?: Record<string, string>;
}

/** Filters the search page uses without counting or offering them: 期号 finds an issue named by its number. */
const UNCOUNTED = new Set(['期号']);

/** 2022年11月3日 (the 日期 meta of a record) → 20221103; 0 for undated material, which sorts last. */
const dateNumber = (date?: string) => {
  const m = date && /^(\d+)年(\d+)月(\d+)日$/.exec(date);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
};

/** A [filter, value] pair's position in `values`, added at the end when new. */
function positionIn(values: [string, string][]) {
  const position = new Map<string, number>();
  return (filter: string, value: string) => {
    const key = `${filter}\0${value}`;
    if (!position.has(key)) position.set(key, values.push([filter, value]) - 1);
    return position.get(key)!;
  };
}

/** A record as Pagefind stores it, by its page id, and the fragment file it is in (a group may hold several). */
export interface StoredRecord {
  id: string;
  file: string;
  fragment: Fragment;
}

/** Reads every record of the index from its fragment files (single or grouped), in a fixed order. */
export async function readRecords(indexDir: string): Promise<StoredRecord[]> {
  const dir = path.join(indexDir, 'fragment');
  // Sorted, so the same index always gives the same files (an incremental build is byte-identical to a cold one).
  const names = readdirSync(dir).filter((n) => n.endsWith('.pf_fragment')).sort();
  const records: StoredRecord[] = [];
  for (const [i, name] of names.entries()) {
    // A turn of the event loop every 100 files, so a dev server rebuilding its index stays responsive.
    if (i % 100 === 99) await new Promise(setImmediate);
    const file = name.slice(0, -'.pf_fragment'.length);
    const bytes = gunzipSync(readFileSync(path.join(dir, name)));
    if (bytes.subarray(0, SIGNATURE.length).toString() !== SIGNATURE) throw new Error(`Pagefind 的索引文件 fragment/${file}.pf_fragment 格式不认识`);
    const parsed = JSON.parse(bytes.subarray(SIGNATURE.length).toString()) as Fragment | Record<string, Fragment>;
    const fragments: [string, Fragment][] = typeof parsed.url === 'string' ? [[file, parsed as Fragment]] : Object.entries(parsed as Record<string, Fragment>);
    for (const [id, fragment] of fragments) records.push({ id, file, fragment });
  }
  return records;
}

/** The date and filter values of each record. */
export function facetsOf(records: StoredRecord[]): Facets {
  const facets: Facets = { values: [], pages: {} };
  const at = positionIn(facets.values);
  for (const { id, fragment } of records) {
    facets.pages[id] = [dateNumber(fragment.meta?.['日期']), ...Object.entries(fragment.filters ?? {}).filter(([filter]) => !UNCOUNTED.has(filter)).flatMap(([filter, values]) => values.map((v) => at(filter, v)))];
  }
  return facets;
}

/** The facets of several bundles as one: each bundle's positions moved onto the merged `values`. */
export function mergeFacets(all: Facets[]): Facets {
  const merged: Facets = { values: [], pages: {} };
  const at = positionIn(merged.values);
  for (const facets of all) {
    const moved = facets.values.map(([filter, value]) => at(filter, value));
    for (const [page, [date, ...positions]] of Object.entries(facets.pages)) merged.pages[page] = [date, ...positions.map((i) => moved[i])];
  }
  return merged;
}
