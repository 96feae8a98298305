// 相关经验 after an edit: relating with the memory of the relate before it gives, for any archive and
// any edit that keeps its entries (words, places and themes changed), what relating from nothing gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counties } from '../src/places/divisions.ts';
import { relate, type Comparable, type Related } from '../src/link/related.ts';
import type { Theme } from '../src/link/themes.ts';
import { wordId } from '../src/link/vocabulary.ts';

const COUNTIES = counties.slice(0, 6);
const THEMES = ['团代表联络站', '青年之家', '志愿服务', '西部计划'].map((name) => ({ name, keywords: [] }) as unknown as Theme);
/** Words few entries share, and a few that most entries have (like 共青团、青年). */
const WORDS = Array.from({ length: 300 }, (_, k) => `word${k}`);
const word = fc.oneof({ weight: 1, arbitrary: fc.nat(4) }, { weight: 4, arbitrary: fc.nat(WORDS.length - 1) });

const facts = fc.record({
  words: fc.array(fc.tuple(word, fc.integer({ min: 1, max: 4 })), { maxLength: 30 }),
  counties: fc.subarray(COUNTIES, { maxLength: 2 }),
  themes: fc.subarray(THEMES, { maxLength: 3 }),
});
type Facts = typeof facts extends fc.Arbitrary<infer T> ? T : never;
/** An archive: materials of one to three entries each. */
const archive = fc.array(fc.array(facts, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 60 });
/** An edit to an entry (by position in the archive, taken modulo its size): a few words in, a few out, other places and themes, or new facts altogether. */
const edit = fc.tuple(
  fc.nat(),
  fc.oneof(
    fc.record({ add: fc.array(fc.tuple(word, fc.integer({ min: 1, max: 2 })), { maxLength: 3 }), drop: fc.nat(3) }),
    fc.record({ counties: fc.subarray(COUNTIES, { maxLength: 2 }), themes: fc.subarray(THEMES, { maxLength: 3 }) }),
    facts,
  ),
);
const edits = fc.array(edit, { minLength: 1, maxLength: 3 });

function entriesOf(materials: Facts[][]): Comparable[] {
  return materials.flatMap((entries, m) =>
    entries.map((f, k) => {
      const counts = new Map<number, number>();
      for (const [w, c] of f.words) counts.set(wordId(WORDS[w]), (counts.get(wordId(WORDS[w])) ?? 0) + c);
      return {
        material: `m${m}`,
        url: `/issues/${String(m).padStart(3, '0')}/#a${k + 1}`,
        words: { ids: Uint32Array.from(counts.keys()), counts: Float64Array.from(counts.values()) },
        counties: f.counties,
        cities: [...new Set(f.counties.map((c) => c.city))],
        themes: f.themes,
      };
    }),
  );
}

/** Everything the lists say, by address. */
const shown = ({ related }: Related<Comparable>) =>
  [...related].map(([e, list]) => [e.url, list.map((r) => [r.entry.url, r.why.counties.map((c) => c.code), r.why.city?.code, r.why.themes.map((t) => t.name), r.why.words])]);

describe('相关经验 with the memory of the last relate', () => {
  it('gives the lists and memory relating from nothing gives, and works out fewer lists in full', () => {
    let spared = 0;
    fc.assert(
      fc.property(archive, edits, (materials, changes) => {
        const before = relate(entriesOf(materials));
        const total = materials.flat().length;
        const edited = materials.map((m) => [...m]);
        const positions = materials.flatMap((m, i) => m.map((_, k) => [i, k] as const));
        for (const [at, change] of changes) {
          const [i, k] = positions[at % total];
          const was = edited[i][k];
          edited[i][k] = 'add' in change ? { ...was, words: [...was.words.slice(change.drop), ...change.add] } : { ...was, ...change };
        }
        const fresh = relate(entriesOf(edited));
        const remembered = relate(entriesOf(edited), before.memory);
        expect(shown(remembered)).toEqual(shown(fresh));
        expect(remembered.memory).toEqual(fresh.memory);
        expect(fresh.redone).toBe(total);
        if (remembered.redone < total) spared++;
      }),
      { numRuns: 400 },
    );
    // Most edits leave most lists alone: the memory must have been used, not only checked.
    expect(spared).toBeGreaterThan(100);
  });

  it('works out every list again when entries come, go or move', () => {
    const entries = entriesOf([[{ words: [[1, 2], [2, 1]], counties: [COUNTIES[0]], themes: [] }], [{ words: [[1, 1], [2, 2]], counties: [], themes: [] }], [{ words: [[2, 1], [1, 1]], counties: [], themes: [] }]]);
    const { memory } = relate(entries);
    expect(relate(entries, memory).redone).toBe(0);
    expect(relate(entries.slice(1), memory).redone).toBe(2);
    expect(relate([...entries].reverse(), memory).redone).toBe(3);
  });
});
