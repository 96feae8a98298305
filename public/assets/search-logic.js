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

/** A page of loaded records, those holding the phrase as written first where Pagefind's word segmentation missed it. */
export function exactFirst(loaded, phrase) {
  if (!phrase) return loaded;
  const exact = (d) => plain(d.content).includes(phrase);
  return [...loaded.filter(exact), ...loaded.filter((d) => !exact(d))];
}
