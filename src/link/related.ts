// 相关经验: for each article of an issue and each standalone, the few other pieces of material that
// are most like it. Words come from jieba (@node-rs/jieba, with the themes' trigger words added to its
// dictionary, so 团代表联络站 and 一专一站两联 stay whole); Intl.Segmenter was compared and not taken
// (README: it cuts 团代表联络站 into 团/代表/联络/站 and is eight times slower). Each entry's words
// are weighed TF-IDF over the whole archive, so words every bulletin uses (共青团, 青年, 党建带团建)
// count for little; a shared county or theme adds to the likeness of the text. Deterministic: ties
// are broken by the words themselves and by address, never by the order things were first seen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import type { City, County } from '../places/divisions.ts';
import type { Theme } from './themes.ts';

/** At most this many related pieces per entry. */
export const RELATED_MAX = 5;
/** How many of its most telling words stand for an entry's text. */
const SIGNATURE_WORDS = 24;
/** The title says what the piece is about: its words count as often as this. */
const TITLE_WEIGHT = 2;
const SHARED_COUNTY = 0.3;
const SAME_CITY = 0.05;
const SHARED_THEME = 0.1;
const THEMES_COUNTED = 2;

/** Every word the archive uses, numbered as first seen; the numbers are only ever keys, never an order. */
const vocabulary = new Map<string, number>();
const spelled: string[] = [];
const wordId = (word: string) => {
  let id = vocabulary.get(word);
  if (id === undefined) {
    vocabulary.set(word, (id = spelled.length));
    spelled.push(word);
  }
  return id;
};

/** The words of one text, each with how often it occurs (title words counted TITLE_WEIGHT times). */
export interface WordCounts {
  ids: Uint32Array;
  counts: Float64Array;
}

/** A word worth comparing: two Han characters or more, a Latin word, or a hotline number (12355). */
const WORD = /^(?:\p{Script=Han}{2,}|[A-Za-z][A-Za-z0-9]+|\d{5,})$/u;

const segmenters = new Map<string, Jieba>();

/** jieba with its own dictionary plus the themes' trigger words (editors' vocabulary), made once per set of themes. */
function segmenterFor(themes: Theme[]): Jieba {
  const words = [...new Set(themes.flatMap((t) => [t.name, ...t.keywords]))].filter((w) => WORD.test(w)).sort();
  const key = words.join('\n');
  let jieba = segmenters.get(key);
  if (!jieba) {
    const require = createRequire(import.meta.url);
    jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
    // A frequency above any of the dictionary's own keeps each one whole.
    if (words.length) jieba.loadDict(Buffer.from(words.map((w) => `${w} 1000000 n`).join('\n')));
    segmenters.set(key, jieba);
  }
  return jieba;
}

/** Counts the words of a title and a body with the segmenter for `themes`. */
export function wordCounts(title: string, body: string, themes: Theme[]): WordCounts {
  const jieba = segmenterFor(themes);
  const counts = new Map<number, number>();
  const add = (text: string, weight: number) => {
    for (const token of jieba.cut(text, false)) if (WORD.test(token)) counts.set(wordId(token), (counts.get(wordId(token)) ?? 0) + weight);
  };
  add(title, TITLE_WEIGHT);
  add(body, 1);
  return { ids: Uint32Array.from(counts.keys()), counts: Float64Array.from(counts.values()) };
}

/** What an entry needs to be compared: its place on the site, its words, counties and themes. */
export interface Comparable {
  /** The material it belongs to: entries of one material are never related to each other */
  material: unknown;
  url: string;
  words: WordCounts;
  counties: County[];
  cities: City[];
  themes: Theme[];
}

/** Why two entries are related, in the terms a reader can check. */
export interface Why {
  /** The themes both have, the rarest in the archive first */
  themes: Theme[];
  counties: County[];
  /** Set when they share no county but lie in one city */
  city?: City;
  /** The telling words both texts use, the most telling first */
  words: string[];
}

export interface Relation<E> {
  entry: E;
  why: Why;
}

/** An entry's most telling words (its signature), normalised, in the words' own order. */
interface Signature {
  ids: number[];
  weights: number[];
}

const byWord = (a: number, b: number) => (spelled[a] < spelled[b] ? -1 : spelled[a] > spelled[b] ? 1 : 0);

function signature(words: WordCounts, df: Uint32Array, entries: number): Signature {
  const candidates: { id: number; weight: number }[] = [];
  for (let k = 0; k < words.ids.length; k++) {
    const id = words.ids[k];
    // A word of one entry alone relates it to nothing; one most entries use says nothing of it.
    if (df[id] < 2 || df[id] * 2 > entries) continue;
    candidates.push({ id, weight: (1 + Math.log(words.counts[k])) * Math.log(entries / df[id]) });
  }
  candidates.sort((a, b) => b.weight - a.weight || byWord(a.id, b.id));
  const kept = candidates.slice(0, SIGNATURE_WORDS).sort((a, b) => byWord(a.id, b.id));
  const norm = Math.sqrt(kept.reduce((sum, c) => sum + c.weight * c.weight, 0)) || 1;
  return { ids: kept.map((c) => c.id), weights: kept.map((c) => c.weight / norm) };
}

const shared = <T>(a: T[], b: T[]) => a.filter((x) => b.includes(x));

/**
 * Up to RELATED_MAX related entries for each entry, most related first, each with why. A pure
 * function of the entries (their order included, which the link stage fixes by date and address).
 */
export function relate<E extends Comparable>(entries: E[]): Map<E, Relation<E>[]> {
  const n = entries.length;
  const df = new Uint32Array(spelled.length);
  for (const e of entries) for (const id of e.words.ids) df[id]++;
  const signatures = entries.map((e) => signature(e.words, df, n));
  // Who uses each signature word, and how much it weighs for them, in entry order.
  const postings = new Map<number, { who: number[]; weight: number[] }>();
  signatures.forEach((s, j) => {
    s.ids.forEach((id, k) => {
      let p = postings.get(id);
      if (!p) postings.set(id, (p = { who: [], weight: [] }));
      p.who.push(j);
      p.weight.push(s.weights[k]);
    });
  });
  // A theme few entries share says more than one most of them share: it is named first.
  const themeUse = new Map<Theme, number>();
  for (const e of entries) for (const t of e.themes) themeUse.set(t, (themeUse.get(t) ?? 0) + 1);
  const inPlace = new Map<County | City, number[]>();
  entries.forEach((e, j) => [...e.counties, ...e.cities].forEach((place) => inPlace.set(place, [...(inPlace.get(place) ?? []), j])));

  const text = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const related = new Map<E, Relation<E>[]>();
  entries.forEach((e, i) => {
    const touched: number[] = [];
    const touch = (j: number) => {
      if (seen[j] === i || entries[j].material === e.material) return false;
      seen[j] = i;
      text[j] = 0;
      touched.push(j);
      return true;
    };
    const mine = signatures[i];
    mine.ids.forEach((id, k) => {
      const p = postings.get(id)!;
      for (let q = 0; q < p.who.length; q++) {
        const j = p.who[q];
        if (seen[j] !== i && !touch(j)) continue;
        text[j] += mine.weights[k] * p.weight[q];
      }
    });
    for (const place of [...e.counties, ...e.cities]) for (const j of inPlace.get(place)!) touch(j);
    const scored = touched.map((j) => {
      const other = entries[j];
      const counties = shared(e.counties, other.counties);
      const themes = shared(e.themes, other.themes).sort((a, b) => themeUse.get(a)! - themeUse.get(b)!);
      const city = counties.length ? undefined : e.cities.find((c) => other.cities.includes(c));
      const score = text[j] + SHARED_COUNTY * Math.min(counties.length, 1) + SHARED_THEME * Math.min(themes.length, THEMES_COUNTED) + (city ? SAME_CITY : 0);
      return { j, score, counties, themes, city };
    });
    scored.sort((a, b) => b.score - a.score || (entries[a.j].url < entries[b.j].url ? -1 : 1));
    related.set(
      e,
      scored.slice(0, RELATED_MAX).map(({ j, counties, themes, city }) => ({
        entry: entries[j],
        // A county's name (阳城) is said once, by the county.
        why: { themes, counties, city, words: sharedWords(mine, signatures[j]).filter((w) => !counties.some((c) => c.name.includes(w))).slice(0, 3) },
      })),
    );
  });
  return related;
}

/** The signature words two entries share, those weighing most in both first. */
function sharedWords(a: Signature, b: Signature): string[] {
  const both: { id: number; weight: number }[] = [];
  a.ids.forEach((id, k) => {
    const m = b.ids.indexOf(id);
    if (m >= 0) both.push({ id, weight: a.weights[k] * b.weights[m] });
  });
  return both.sort((x, y) => y.weight - x.weight || byWord(x.id, y.id)).map((w) => spelled[w.id]);
}
