// What the search page decides, apart from the page itself: filtering and counting from facets.json,
// the search state in the URL, the forms a query may take, the order of results. Plain functions of
// their arguments, tested in tests/searchLogic.test.ts; search.js does the page.

/** The filters staff narrow by, in the order the page shows them. */
export const FILTERS = ['年份', '城市', '县区', '主题', '类型'];

/**
 * facets.json as lookups. Filtering and counting happen from it, not through Pagefind, which would
 * count every filter value against every result on each search. A value is its position in
 * facets.values; a page is listed as [date, ...positions of its values].
 */
export function facetIndex(facets) {
  return {
    values: facets.values,
    valueAt: new Map(facets.values.map(([name, value], i) => [`${name}\0${value}`, i])),
    filterOf: facets.values.map(([name]) => FILTERS.indexOf(name)),
    pageValues: new Map(Object.entries(facets.pages).map(([id, [, ...positions]]) => [id, positions])),
    /** Pagefind page id → its date as a number (20221113; 0 undated) */
    pageDate: new Map(Object.entries(facets.pages).map(([id, [date]]) => [id, date])),
    years: facets.values.filter(([name]) => name === '年份').map(([, year]) => year),
  };
}

/** The chosen filters ({ 县区: ['阳城县'] }) as, per filter in use, the set of its chosen values' positions. */
export function chosenValues(index, selected) {
  return Object.entries(selected).map(([name, values]) => ({ filter: FILTERS.indexOf(name), values: new Set(values.map((v) => index.valueAt.get(`${name}\0${v}`))) }));
}

/** The chosen filters a page fails (values of one filter are alternatives), as filter numbers. */
export function failed(index, id, chosen) {
  const positions = index.pageValues.get(id) ?? [];
  return chosen.filter(({ values }) => !positions.some((i) => values.has(i))).map(({ filter }) => filter);
}

/**
 * For each value, how many of the pages `ids` have it and pass the other filters: a page failing no
 * filter counts for all its values, a page failing one only for that filter's values.
 */
export function countFacets(index, ids, chosen) {
  const counts = new Uint32Array(index.values.length);
  for (const id of ids) {
    const failing = failed(index, id, chosen);
    if (failing.length > 1) continue;
    for (const i of index.pageValues.get(id) ?? []) if (!failing.length || index.filterOf[i] === failing[0]) counts[i]++;
  }
  return counts;
}

/** The search state as a URL's query holds it (?q=电商&县区=阳城县&sort=date-desc). */
export function stateFromParams(params) {
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = values;
  }
  return { q: params.get('q') ?? '', sort: params.get('sort') ?? '', filters };
}

/** The query of a URL for `state`, so a search can be shared, bookmarked, and gone back to. */
export function paramsFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const [name, values] of Object.entries(state.filters)) for (const v of values) params.append(name, v);
  if (state.sort) params.set('sort', state.sort);
  return params;
}

/** Full-width digits and Latin letters (１２３５５, ＡＰＰ) as ASCII: the index holds them so, and queries are read so. */
export const asciiForms = (text) => text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * The 期号 labels a query naming an issue (第9期, 〔2022〕第11期, 2022年第11期) may mean: without a
 * year, that number in each of `years`. Undefined for any other query.
 */
export function issueLabels(phrase, years) {
  const named = /^(?:[〔［\[（(【]?(\d{4})[〕］\]）)】]?年?)?第0*(\d+)期$/.exec(phrase);
  if (!named) return undefined;
  return (named[1] ? [named[1]] : years).map((year) => `〔${year}〕第${named[2]}期`);
}

/**
 * Results in the order asked for. Pagefind sorts each bundle on its own and interleaves them by
 * rank, so an order by date across bundles is made here; relevance keeps Pagefind's order.
 */
export function ordered(index, results, sort) {
  if (!sort) return results;
  const direction = sort === 'date-asc' ? -1 : 1;
  return [...results].sort((a, b) => direction * (index.pageDate.get(b.id) - index.pageDate.get(a.id)));
}

/** A character of Chinese (or Japanese) writing: the index spaces words only where one side is such. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3001-\u303f\uff00-\uffef]/u;

const WORD_SPACE = new RegExp(`(?<=${CJK.source}(?:</?mark>)*)\\s+|\\s+(?=(?:</?mark>)*${CJK.source})`, 'gu');
/**
 * Record text (or an excerpt's HTML, its <mark>s aside) as a reader should see it: without the
 * spaces between words the index puts beside CJK characters. A space the text itself had there goes
 * too; Chinese is written without them.
 */
export const unspaced = (text) => text.replace(WORD_SPACE, '');

/** Text of an HTML snippet without tags or spaces, to look for a phrase as written. */
export const plain = (html) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');

/**
 * Where a result lands: the section whose excerpt holds the query as written (most matches first),
 * else the record's own place. Returns the anchor (undefined: the page itself) and its excerpt.
 */
export function bestSection(data, phrase) {
  const sections = (data.sub_results ?? []).filter((s) => s.anchor?.id && s.anchor.id !== data.meta.anchor && s.locations?.length);
  const holding = sections.filter((s) => phrase && plain(s.excerpt).includes(phrase));
  const best = (holding.length ? holding : phrase ? [] : sections).sort((a, b) => b.locations.length - a.locations.length)[0];
  return best ? { anchor: best.anchor.id, excerpt: best.excerpt } : { anchor: data.meta.anchor, excerpt: data.excerpt };
}

// The phrase index: which records hold a phrase as typed, whatever Pagefind's word segmentation made
// of it. The build lists, for every run of one, two and three characters, the records whose text holds
// it (src/search/phrases.ts). A phrase of up to three characters is a key itself; a longer one's
// records are among those holding all its runs of three, and the page checks their text.

/**
 * A text as a phrase is looked for in it, the way Ctrl-F reads it: full-width forms as ASCII, upper
 * case as lower, without spaces (the index's words are spaced, see src/search/words.ts) or zero-width ones.
 */
// The plain spaces (most of them the index's word spaces) go first: replaceAll takes them about 4 times
// faster than the pattern, which then meets only the rare others (a bundle of 2,214 records: 1.0 → 0.25 s).
export const phraseText = (text) => asciiForms(text).toLowerCase().replaceAll(' ', '').replace(/[\s\u200b]+/g, '');

/** Longest run of characters the index lists (phrases.ts lists every run of one to RUN). */
export const RUN = 3;

/** The keys a phrase is looked up by: itself when short, else each of its runs of three characters. */
export function phraseGrams(phrase) {
  if (phrase.length <= RUN) return phrase ? [phrase] : [];
  const grams = new Set();
  for (let i = 0; i + RUN <= phrase.length; i++) grams.add(phrase.slice(i, i + RUN));
  return [...grams];
}

/** Which of `shards` files holds a key: FNV-1a of its UTF-16 units, the same in the build and the page. */
export function shardOf(gram, shards) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < gram.length; i++) hash = Math.imul(hash ^ gram.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/**
 * Reads a phrase index file: key → the numbers of the records holding it, ascending; only the keys
 * in `wanted` (every key when absent). Each key is its UTF-8 bytes and a byte count, then its records
 * either as gaps (kind 0) or as a bitmap (kind 1), whichever is smaller; numbers are base-128 varints.
 */
export function readPostings(bytes, wanted) {
  const postings = new Map();
  eachKey(bytes, (gram, _name, start, end) => {
    if (!wanted || wanted.has(gram)) {
      const records = [];
      eachRecord(bytes, start, end, (n) => records.push(n));
      postings.set(gram, records);
    }
  });
  return postings;
}

/** Calls `visit(key, name, start, end)` for each key of a phrase index file, in its order: `name` is its UTF-8 bytes, its records are bytes[start, end), kind first. */
export function eachKey(bytes, visit) {
  const decoder = new TextDecoder();
  const read = new Varints(bytes);
  while (read.at < bytes.length) {
    const length = read.next();
    const name = bytes.subarray(read.at, (read.at += length));
    const size = read.next();
    visit(decoder.decode(name), name, read.at, (read.at += size));
  }
}

/** Calls `visit(n)` for each record of a key's records, bytes[start, end) as eachKey gives them, ascending. */
export function eachRecord(bytes, start, end, visit) {
  if (bytes[start] === 0) for (let n = 0, read = new Varints(bytes, start + 1); read.at < end; ) visit((n += read.next()));
  else for (let i = start + 1; i < end; i++) for (let bit = 0; bit < 8; bit++) if (bytes[i] & (1 << bit)) visit((i - start - 1) * 8 + bit);
}

/** How many records bytes[start, end) lists, without reading them: a gap ends where a byte is below 0x80, a bitmap has a bit per record. */
export function recordCount(bytes, start, end) {
  let n = 0;
  if (bytes[start] === 0) for (let i = start + 1; i < end; i++) n += bytes[i] < 0x80 ? 1 : 0;
  else for (let i = start + 1; i < end; i++) for (let b = bytes[i]; b; b &= b - 1) n++;
  return n;
}

/** Base-128 varints read one after another from `bytes`, from `at` on. */
class Varints {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  next() {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = this.bytes[this.at++];
      n += (b & 0x7f) * shift;
      if (b < 0x80) return n;
    }
  }
}

/**
 * The numbers (across the archive) of the records holding every one of `grams`, from the phrase
 * index's parts (the manifest's `phrases`): a part numbers its records from 0 and holds those from
 * `from` on. `shard(p, n)` resolves to the bytes of part p's shard n; each is asked for once.
 */
export async function phraseRecords(grams, parts, shard) {
  const lists = new Map(grams.map((g) => [g, parts.map(() => [])]));
  await Promise.all(
    parts.map((part, p) => {
      const byShard = new Map();
      for (const gram of grams) byShard.set(shardOf(gram, part.shards), [...(byShard.get(shardOf(gram, part.shards)) ?? []), gram]);
      return Promise.all(
        [...byShard].map(async ([n, wanted]) => {
          for (const [gram, records] of readPostings(await shard(p, n), new Set(wanted))) lists.get(gram)[p] = records.map((r) => r + part.from);
        }),
      );
    }),
  );
  // The parts hold ascending ranges of records, so each key's lists one after another stay ascending.
  return common(grams.map((g) => lists.get(g).flat()));
}

/** The numbers in every one of the ascending `lists`. */
export function common(lists) {
  if (!lists.length) return [];
  const [shortest, ...others] = [...lists].sort((a, b) => a.length - b.length);
  const sets = others.map((l) => new Set(l));
  return shortest.filter((n) => sets.every((s) => s.has(n)));
}

/**
 * Where a phrase is in a record's text: the text around it (about `around` characters each side,
 * without the index's word spaces) with the phrase as the text holds it, and the section it is
 * in (the last heading with an anchor before it).
 * Undefined when the text does not hold the phrase.
 */
export function phraseAt(data, phrase, around = 24) {
  const content = unspaced(data.content ?? '');
  if (!phrase || !phraseText(content).includes(phrase)) return undefined;
  // The phrase text's characters and where each is in the content.
  const origin = [];
  let text = '';
  for (let i = 0; i < content.length; i++) {
    const c = phraseText(content[i]);
    if (!c) continue;
    text += c;
    for (let k = 0; k < c.length; k++) origin.push(i);
  }
  const at = text.indexOf(phrase);
  const start = origin[at];
  const end = origin[at + phrase.length - 1] + 1;
  // Each anchor is a heading: where its text is, in order, in the record's text.
  const anchors = [];
  let searched = 0;
  for (const anchor of data.anchors ?? []) {
    const found = anchor.text ? text.indexOf(phraseText(anchor.text), searched) : -1;
    if (found < 0 || found > at) continue;
    searched = found;
    if (anchor.id) anchors.push(anchor);
  }
  return {
    before: (start > around ? '…' : '') + content.slice(Math.max(0, start - around), start),
    match: content.slice(start, end),
    after: content.slice(end, end + around) + (end + around < content.length ? '…' : ''),
    anchor: anchors.at(-1)?.id ?? data.meta?.anchor,
  };
}
