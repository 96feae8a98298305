// The search index in bundles by time, so a build re-indexes only the bundles whose material changed:
// the newest year alone (where editors add and correct), and older material in blocks of whole years,
// aligned to a power-of-two span so a block's years stay the same while the archive grows. The span is
// the longest that keeps every block under BLOCK_RECORDS: Pagefind's time and memory grow with the
// records it indexes (about 0.27 MB each), and every extra bundle costs each query a little more.
import type { Material, Site } from '../link/linkSite.ts';

/**
 * Measured with Pagefind 1.6.0 on records cut into words here (words.ts): 3,000 records index in
 * about 7 s and 800 MB. YAOXUN_BLOCK_RECORDS sets it for tests and benchmarks.
 */
export const BLOCK_RECORDS = Number(process.env.YAOXUN_BLOCK_RECORDS) || 3000;

export interface Bundle {
  /** Folder under pagefind/, never a prefix of another's name (Pagefind's mergeIndex compares prefixes) */
  name: string;
  materials: Material[];
}

/** How many search records a piece of material makes (see records.ts): one per article, one for a note. */
const recordCount = (m: Material) => (m.kind === 'standalone' ? 1 : m.entries.length + (m.editorNote ? 1 : 0));

/** The bundles of the site, newest first; undated material goes with the oldest, as it sorts last. */
export function planBundles(site: Site, blockRecords = BLOCK_RECORDS): Bundle[] {
  const years = site.materials.flatMap((m) => (m.year ? [m.year] : []));
  if (years.length === 0) return [{ name: 'all', materials: site.materials }];
  const newest = Math.max(...years);
  const oldest = Math.min(...years);
  const older = site.materials.filter((m) => m.year !== newest);
  const recent: Bundle = { name: `y${newest}`, materials: site.materials.filter((m) => m.year === newest) };
  if (older.length === 0) return [recent];
  // Undated material is placed in the oldest block; its year for the block is the oldest dated one.
  const yearOf = (m: Material) => m.year ?? Math.min(oldest, newest - 1);
  const blocks = (span: number) => {
    const byStart = new Map<number, Material[]>();
    for (const m of older) {
      const start = Math.floor(yearOf(m) / span) * span;
      (byStart.get(start) ?? (byStart.set(start, []), byStart.get(start)!)).push(m);
    }
    return byStart;
  };
  const fits = (grouped: Map<number, Material[]>) => [...grouped.values()].every((ms) => ms.reduce((n, m) => n + recordCount(m), 0) <= blockRecords);
  let span = 1;
  while (span < 1024 && fits(blocks(span * 2))) span *= 2;
  const grouped = blocks(span);
  const blockList = [...grouped.entries()]
    .sort(([a], [b]) => b - a)
    .map(([start, materials]) => ({ name: `y${start}-${start + span - 1}`, materials }));
  return [recent, ...blockList];
}
