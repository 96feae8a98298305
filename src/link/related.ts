// 相关经验: for each article of an issue and each standalone, the few other pieces of material that
// are most like it. Words come from jieba (@node-rs/jieba, with the themes' trigger words added to its
// dictionary, so 团代表联络站 and 一专一站两联 stay whole); Intl.Segmenter was compared and not taken
// (README: it cuts 团代表联络站 into 团/代表/联络/站 and is eight times slower). Each entry's words
// are weighed TF-IDF over the whole archive, so words every bulletin uses (共青团, 青年, 党建带团建)
// count for little; a shared county or theme adds to the likeness of the text. Deterministic: ties
// are broken by the words themselves and by address, never by the order things were first seen.
import { sha1 } from '../files.ts';
import type { City, County } from '../places/divisions.ts';
import { segmenterFor, type Segmenter } from './segmenter.ts';
import type { Theme } from './themes.ts';
import { spelled, wordId, type WordCounts } from './vocabulary.ts';

export type { WordCounts } from './vocabulary.ts';

/** At most this many related pieces per entry. */
export const RELATED_MAX = 5;
/** How many of its most telling words stand for an entry's text. */
const SIGNATURE_WORDS = 24;
/** The title says what the piece is about: its words count as often as this. */
const TITLE_WEIGHT = 2;
/**
 * A word in more entries than this (or than half of them, in a small archive) is too common to tell
 * five related pieces from the rest; it would also make every entry a candidate for every other,
 * and the cost grow with the square of the archive.
 */
const COMMON_AT = 100;
const SHARED_COUNTY = 0.3;
const SAME_CITY = 0.05;
const SHARED_THEME = 0.1;
const THEMES_COUNTED = 2;
/**
 * Below this, two texts share only words like 青年、服务、制定 (the bundled archive and the test
 * fixture's unrelated pairs score 0.01–0.1); a short list is better than one padded with those.
 */
const RELATED_FLOOR = 0.1;

/** Per-word counts of the text being counted, indexed by word id; zeroed again after each text. */
let tally = new Float64Array(1024);

/**
 * jieba never joins characters across punctuation or white space (it cuts runs of Han, Latin and
 * digits one by one), so a text's words are those of its sentences in turn. Bulletins repeat
 * sentences (formulae, slogans, the offices' names; the synthetic archive repeats most of them), so
 * each distinct sentence is segmented once per segmenter and its word ids kept.
 */
const SENTENCE_END = /[\s。！？；]+/u;
/** A bound on the sentences kept, so an archive of nothing but new sentences cannot grow it without end. */
const SENTENCES_KEPT = 200_000;
const sentenceWords = new Map<Segmenter, Map<string, Int32Array>>();

/** Forgets the sentences segmented so far (the benchmark times a cold build's segmenting with it). */
export function forgetSentences(): void {
  sentenceWords.clear();
}

/** The word ids of each sentence, segmenting only those not seen before, all of them in one call to jieba. */
function sentencesOf(segmenter: Segmenter, text: string): Int32Array[] {
  let known = sentenceWords.get(segmenter);
  if (!known || known.size > SENTENCES_KEPT) sentenceWords.set(segmenter, (known = new Map()));
  const sentences = text.split(SENTENCE_END);
  const fresh = [...new Set(sentences.filter((s) => s && !known.has(s)))];
  if (fresh.length) {
    // One call for all of them: each call to the native module costs more than a short sentence's cut.
    // The sentences hold no white space, so the "\n" joining them comes back as a token of its own.
    let k = 0;
    let ids: number[] = [];
    for (const token of segmenter.cut(fresh.join('\n'))) {
      if (token === '\n') {
        known.set(fresh[k++], Int32Array.from(ids));
        ids = [];
        continue;
      }
      // Most tokens are one character (一、的、，), never a word: skipped before the vocabulary is asked.
      if (token.length < 2) continue;
      const id = wordId(token);
      if (id >= 0) ids.push(id);
    }
    known.set(fresh[k], Int32Array.from(ids));
  }
  return sentences.flatMap((s) => (s ? [known.get(s)!] : []));
}

/** Counts the words of a title and a body with the segmenter for `themes`. */
export function wordCounts(title: string, body: string, themes: Theme[]): WordCounts {
  const segmenter = segmenterFor(themes);
  const ids: number[] = [];
  const add = (text: string, weight: number) => {
    for (const sentence of sentencesOf(segmenter, text))
      for (const id of sentence) {
        if (id >= tally.length) tally = Float64Array.from({ length: 2 * id }, (_, k) => tally[k] ?? 0);
        if (tally[id] === 0) ids.push(id);
        tally[id] += weight;
      }
  };
  add(title, TITLE_WEIGHT);
  add(body, 1);
  const counts = Float64Array.from(ids, (id) => tally[id]);
  for (const id of ids) tally[id] = 0;
  return { ids: Uint32Array.from(ids), counts };
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

/**
 * How telling a word is, by how many of the `entries` use it: log(entries / uses), worked out once
 * per count of uses (a word counts only when at most COMMON_AT entries use it), -1 for a word that
 * does not count: one of one entry alone relates it to nothing; one many entries use says little of
 * it (and would make every entry a candidate for every other).
 */
function idfTable(entries: number): Float64Array {
  const commonAt = Math.min(entries / 2, COMMON_AT);
  return Float64Array.from({ length: COMMON_AT + 2 }, (_, uses) => (uses < 2 || uses > commonAt ? -1 : Math.log(entries / uses)));
}

/** Each word's weight for the entry being signed, indexed as its words; reused from entry to entry. */
let scratchWeights = new Float64Array(1024);

function signature(words: WordCounts, df: Uint32Array, idf: Float64Array): Signature {
  const { ids, counts } = words;
  const n = ids.length;
  if (scratchWeights.length < n) scratchWeights = new Float64Array(2 * n);
  const weight = scratchWeights;
  for (let k = 0; k < n; k++) {
    const uses = df[ids[k]];
    weight[k] = uses < idf.length && idf[uses] >= 0 ? (1 + Math.log(counts[k])) * idf[uses] : -1;
  }
  // The weight of the last word kept; words of that same weight are taken in the words' own order.
  const cut = Math.max(largest(weight, n, SIGNATURE_WORDS), 0);
  const above: number[] = [];
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    if (weight[k] > cut) above.push(k);
    else if (weight[k] === cut && cut > 0) at.push(k);
  }
  at.sort((a, b) => byWord(ids[a], ids[b]));
  const kept = [...above, ...at.slice(0, SIGNATURE_WORDS - above.length)].sort((a, b) => byWord(ids[a], ids[b]));
  const norm = Math.sqrt(kept.reduce((sum, k) => sum + weight[k] * weight[k], 0)) || 1;
  return { ids: kept.map((k) => ids[k]), weights: kept.map((k) => weight[k] / norm) };
}

/**
 * The `k`-th largest of the first `n` of `values` (-Infinity when there are fewer), as sorting them
 * all would give it: the `k` largest are kept in order as they come, an entry's few hundred words
 * each compared with the smallest kept.
 */
function largest(values: Float64Array, n: number, k: number): number {
  if (n < k) return -Infinity;
  const top = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v > top[0])) continue;
    let at = 0;
    for (; at + 1 < k && top[at + 1] < v; at++) top[at] = top[at + 1];
    top[at] = v;
  }
  return top[0];
}

const shared = <T>(a: T[], b: T[]) => a.filter((x) => b.includes(x));

/**
 * What one relate of an archive leaves for the next (a build keeps it in its cache, the dev server in
 * memory): after an edit, only the lists the edit can change are worked out again.
 */
export interface RelatedMemory {
  /** Stands for what all lists depend on: the entries' addresses and materials in order, and which themes tell */
  print: string;
  /** What each entry's score with any other depends on (its signature, counties, cities and themes), hashed, in entry order */
  entries: string[];
  /** Each entry's list as entries' numbers, best first */
  lists: number[][];
}

export interface Related<E> {
  related: Map<E, Relation<E>[]>;
  memory: RelatedMemory;
  /** How many lists were worked out in full (the rest from `before`) */
  redone: number;
}

/** When more than this share of the entries changed, every list is worked out again: most would be anyway. */
const REDO_SHARE = 1 / 4;

/**
 * Up to RELATED_MAX related entries for each entry, most related first, each with why. A pure
 * function of the entries (their order included, which the link stage fixes by date and address).
 *
 * `before`, the memory of a relate of the same entries as they were before an edit, spares most of
 * the work and gives the same lists. A pair's score, and whether the two are candidates at all,
 * depends on the two entries alone (their signatures, places and themes) once the entries and the
 * themes that tell are the same. An entry that changed, or whose list held one that did, is worked
 * out again in full. Any other's list was the best five of entries whose scores with it are the same
 * now, and beat every other candidate: the best five now are among those five and the entries that
 * changed.
 */
export function relate<E extends Comparable>(entries: E[], before?: RelatedMemory): Related<E> {
  const n = entries.length;
  const df = new Uint32Array(spelled.length);
  for (const { words } of entries) for (let k = 0; k < words.ids.length; k++) df[words.ids[k]]++;
  const idf = idfTable(n);
  const signatures = entries.map((e) => signature(e.words, df, idf));

  // Entries of one material (the articles of one issue) are never related to each other.
  const materials = new Map<unknown, number>();
  const materialOf = Int32Array.from(entries, (e) => materials.get(e.material) ?? (materials.set(e.material, materials.size), materials.size - 1));
  // Places and themes as small numbers, so a pair is scored without building lists.
  const number = <T>(map: Map<T, number>, x: T) => map.get(x) ?? (map.set(x, map.size), map.size - 1);
  const countyNumbers = new Map<County, number>();
  const cityNumbers = new Map<City, number>();
  const countiesOf = entries.map((e) => Int32Array.from(e.counties, (c) => number(countyNumbers, c)));
  const citiesOf = entries.map((e) => Int32Array.from(e.cities, (c) => number(cityNumbers, c)));
  // A theme few entries share says more than one most of them share: it is named first. One most
  // entries have (党建带团建 in every bulletin) says nothing, as with words, and is not counted.
  const themeUse = new Map<Theme, number>();
  for (const e of entries) for (const t of e.themes) themeUse.set(t, (themeUse.get(t) ?? 0) + 1);
  const telling = (t: Theme) => themeUse.get(t)! * 2 <= n;
  const themeBits = new Map<Theme, number>();
  for (const [t] of themeUse) if (telling(t)) themeBits.set(t, themeBits.size);
  const themeWords = Math.ceil(themeBits.size / 32);
  const themesOf = entries.map((e) => {
    const bits = new Uint32Array(themeWords);
    for (const t of e.themes) if (themeBits.has(t)) bits[themeBits.get(t)! >> 5] |= 1 << (themeBits.get(t)! & 31);
    return bits;
  });
  // Ties go to the address that sorts first.
  const urls = entries.map((e) => e.url);
  const byRank = [...entries.keys()].sort((a, b) => (urls[a] < urls[b] ? -1 : 1));
  const rank = new Int32Array(n);
  byRank.forEach((j, r) => (rank[j] = r));

  const memory: RelatedMemory = { print: printOf(entries, materialOf, [...themeBits.keys()]), entries: entries.map((e, j) => entryHash(e, signatures[j])), lists: [] };
  // The entries that changed since `before`; those whose lists are worked out in full: they, and
  // every entry whose last list held one of them (all of them, with no memory to go by).
  const changed = new Set<number>();
  let redo = !before || before.print !== memory.print || before.lists.length !== n;
  if (!redo) {
    memory.entries.forEach((h, j) => h !== before!.entries[j] && changed.add(j));
    redo = changed.size > n * REDO_SHARE;
  }
  const inFull = Uint8Array.from(entries, (_, i) => (redo || changed.has(i) || before!.lists[i].some((j) => changed.has(j)) ? 1 : 0));
  // Only the signature words and counties of those are looked up below (after an edit, a few entries' few dozen).
  const wantedWord = new Uint8Array(spelled.length);
  const wantedCounty = new Uint8Array(countyNumbers.size);
  for (let i = 0; i < n; i++) {
    if (!inFull[i]) continue;
    for (const id of signatures[i].ids) wantedWord[id] = 1;
    for (const c of countiesOf[i]) wantedCounty[c] = 1;
  }

  // Who uses each wanted signature word and how much it weighs for them, in entry order, as flat
  // arrays: the loop below runs for every pair of entries that share a word, so it allocates nothing.
  const uses = new Map<number, number>();
  for (const s of signatures) for (const id of s.ids) if (wantedWord[id]) uses.set(id, (uses.get(id) ?? 0) + 1);
  const postings = new Map<number, { who: Int32Array; weight: Float64Array; filled: number }>();
  for (const [id, count] of uses) postings.set(id, { who: new Int32Array(count), weight: new Float64Array(count), filled: 0 });
  signatures.forEach((s, j) =>
    s.ids.forEach((id, k) => {
      if (!wantedWord[id]) return;
      const p = postings.get(id)!;
      p.who[p.filled] = j;
      p.weight[p.filled++] = s.weights[k];
    }),
  );
  // A piece of the same county is a candidate even when the texts share no telling word; one of the
  // same city only when they do. A county can be named by most of the archive (in the synthetic
  // 5,000-issue archive one is in 6,027 of 6,488 entries), and scoring all its pairs made the cost
  // grow with the square of the archive. Candidates that share no signature word with an entry all
  // score alike when they have the same telling themes, so each county's entries are kept in groups
  // of one set of themes, in rank order: from a group, only those before the first that does not
  // make the list can make it (the rest score the same and rank after it).
  const groupsIn = new Map<number, number[][]>();
  for (const j of byRank) {
    for (const c of countiesOf[j]) {
      if (!wantedCounty[c]) continue;
      const groups = groupsIn.get(c) ?? (groupsIn.set(c, []), groupsIn.get(c)!);
      const group = groups.find((g) => themesOf[g[0]].every((bits, w) => bits === themesOf[j][w]));
      if (group) group.push(j);
      else groups.push([j]);
    }
  }

  // For each other entry, the changed ones it may now list.
  const offered = new Map<number, number[]>();
  if (!redo) {
    // A changed entry is a candidate for those sharing a signature word or a county with it.
    const mayList = (i: number, j: number) => {
      const list = offered.get(i) ?? (offered.set(i, []), offered.get(i)!);
      if (!list.includes(j)) list.push(j);
    };
    for (const j of changed) {
      for (const id of signatures[j].ids) for (const i of postings.get(id)!.who) mayList(i, j);
      for (const c of countiesOf[j]) for (const group of groupsIn.get(c)!) for (const i of group) mayList(i, j);
    }
  }

  const text = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);
  // Counties and cities of the entry being related, marked with its number: no lists are compared per pair.
  const countyMark = new Int32Array(countyNumbers.size).fill(-1);
  const cityMark = new Int32Array(cityNumbers.size).fill(-1);
  const best = new Int32Array(RELATED_MAX);
  const bestScore = new Float64Array(RELATED_MAX);
  const related = new Map<E, Relation<E>[]>();
  let redone = 0;
  entries.forEach((e, i) => {
    for (const c of countiesOf[i]) countyMark[c] = i;
    for (const c of citiesOf[i]) cityMark[c] = i;
    const marked = (list: Int32Array, mark: Int32Array) => {
      for (let k = 0; k < list.length; k++) if (mark[list[k]] === i) return true;
      return false;
    };
    let found = 0;
    /** Scores j, whose texts' likeness with this entry is `likeness`, and puts it in its place among the best so far; false if it does not make the list. */
    const offer = (j: number, likeness: number) => {
      let score = likeness;
      if (marked(countiesOf[j], countyMark)) score += SHARED_COUNTY;
      else if (marked(citiesOf[j], cityMark)) score += SAME_CITY;
      let themes = 0;
      for (let w = 0; w < themeWords; w++) themes += bitCount(themesOf[i][w] & themesOf[j][w]);
      score += SHARED_THEME * Math.min(themes, THEMES_COUNTED);
      if (score < RELATED_FLOOR) return false;
      // Kept in order, best first: the place this one goes, moving the rest down. Score, then rank,
      // order all candidates strictly, so the order they are offered in does not change the list.
      let at = found;
      while (at > 0 && (score > bestScore[at - 1] || (score === bestScore[at - 1] && rank[j] < rank[best[at - 1]]))) at--;
      if (at >= RELATED_MAX) return false;
      for (let m = Math.min(found, RELATED_MAX - 1); m > at; m--) {
        best[m] = best[m - 1];
        bestScore[m] = bestScore[m - 1];
      }
      best[at] = j;
      bestScore[at] = score;
      found = Math.min(found + 1, RELATED_MAX);
      return true;
    };

    const mine = signatures[i];
    if (!inFull[i]) {
      // The same texts' likeness, summed in the same order as below: the same score to the last bit.
      for (const list of [before!.lists[i], offered.get(i) ?? []])
        for (const j of list) {
          if (seen[j] === i || materialOf[j] === materialOf[i]) continue;
          seen[j] = i;
          offer(j, likeness(mine, signatures[j]));
        }
    } else {
      redone++;
      let count = 0;
      for (let k = 0; k < mine.ids.length; k++) {
        const p = postings.get(mine.ids[k])!;
        const w = mine.weights[k];
        for (let q = 0; q < p.who.length; q++) {
          const j = p.who[q];
          if (seen[j] !== i) {
            if (materialOf[j] === materialOf[i]) continue;
            seen[j] = i;
            text[j] = 0;
            touched[count++] = j;
          }
          text[j] += w * p.weight[q];
        }
      }
      for (let t = 0; t < count; t++) offer(touched[t], text[touched[t]]);
      for (const c of countiesOf[i]) {
        for (const group of groupsIn.get(c)!) {
          for (const j of group) {
            if (seen[j] === i || materialOf[j] === materialOf[i]) continue;
            seen[j] = i;
            if (!offer(j, 0)) break;
          }
        }
      }
    }
    const list = [...best.subarray(0, found)];
    memory.lists.push(list);
    related.set(
      e,
      list.map((j) => {
        const other = entries[j];
        const counties = shared(e.counties, other.counties);
        return {
          entry: other,
          why: {
            themes: shared(e.themes, other.themes).filter(telling).sort((a, b) => themeUse.get(a)! - themeUse.get(b)!),
            counties,
            city: counties.length ? undefined : e.cities.find((c) => other.cities.includes(c)),
            // A county's name (阳城) is said once, by the county.
            words: sharedWords(mine, signatures[j]).filter((w) => !counties.some((c) => c.name.includes(w))).slice(0, 3),
          },
        };
      }),
    );
  });
  return { related, memory, redone };
}

/** How alike two signatures' texts are: the sum, over `a`'s words in order, of each shared word's weights multiplied. */
function likeness(a: Signature, b: Signature): number {
  let sum = 0;
  for (let k = 0; k < a.ids.length; k++) {
    const m = b.ids.indexOf(a.ids[k]);
    if (m >= 0) sum += a.weights[k] * b.weights[m];
  }
  return sum;
}

/** A signature's weights as the 32-bit halves of their bits, for hashing. */
const weightBits = new Float64Array(SIGNATURE_WORDS);
const weightHalves = new Uint32Array(weightBits.buffer);

/**
 * What an entry's score with any other depends on, hashed: two 32-bit FNV-1a hashes of its places,
 * themes and signature (words and the bits of their weights), with different offsets. Made for every
 * entry of every link (a SHA-1 each took 60 ms at 5,000 issues). A changed entry goes unseen only
 * when both hashes come out as before.
 */
function entryHash(e: Comparable, s: Signature): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  const add = (x: number) => {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x01000193) ^ (b >>> 15);
  };
  const text = (t: string) => {
    for (let k = 0; k < t.length; k++) add(t.charCodeAt(k));
    add(0x10000);
  };
  for (const c of e.counties) text(c.code);
  add(0x10001);
  for (const c of e.cities) text(c.code);
  add(0x10002);
  for (const t of e.themes) text(t.name);
  add(0x10003);
  for (const id of s.ids) text(spelled[id]);
  weightBits.set(s.weights);
  for (let k = 0; k < 2 * s.weights.length; k++) add(weightHalves[k]);
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36);
}

/** The entries' addresses and materials, in order, and the themes that tell, hashed. */
function printOf(entries: Comparable[], materialOf: Int32Array, telling: Theme[]): string {
  return sha1(JSON.stringify(telling.map((t) => t.name).sort()), ...entries.map((e, i) => `${e.url}\0${materialOf[i]}`));
}

function bitCount(x: number): number {
  let count = 0;
  for (let v = x >>> 0; v; v &= v - 1) count++;
  return count;
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
