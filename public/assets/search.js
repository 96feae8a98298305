// The search page on Pagefind's JS API: the page itself (the form, the filters, the results from the
// <template>s of search.njk); what it decides is in search-logic.js. The query, filters and order
// live in the URL (/search/?q=电商&县区=阳城县) so a search can be shared and bookmarked, and back/forward work.
import { asciiForms, bestSection, chosenValues, countFacets, facetIndex, failed, FILTERS, issueLabels, ordered, paramsFromState, phraseAt, phraseGrams, phraseRecords, phraseText, stateFromParams, unspaced } from './search-logic.js';

// Each result shown needs its record file. Over plain http (browsers speak HTTP/2 only with TLS) a
// browser opens six connections per host: six results load in one round of requests, ten take two.
const PAGE = 6;
const root = document.querySelector('.search');
// The page links to the site's root relatively ('../'); as a path from the server's root it serves
// Pagefind's script, its files and the result links wherever the site is placed.
const base = new URL(root.dataset.base, location.href).pathname;
const form = root.querySelector('form');
const input = root.querySelector('#q');
const sortSelect = root.querySelector('#sort');
const filterBox = root.querySelector('.filter-groups');
const filterToggle = root.querySelector('.filters-toggle');
const status = root.querySelector('.results-status');
const list = root.querySelector('.result-list');
const more = root.querySelector('.more');

// facets.json names the index's bundles (by time, newest first) and holds every page's date and filters.
const [pagefind, facets] = await Promise.all([import(`${base}pagefind/pagefind.js`), fetch(`${base}pagefind/facets.json`).then((r) => r.json())]);
const [primary, ...others] = facets.bundles;
// On the page's own thread: Pagefind's worker costs a message hop for the search and for each record,
// about 10 ms a query on two cores. Pagefind is asked only for the records holding some of the words
// (addLoose); its broadest searches hold this thread for 100 ms and more at 5,000 issues
// (scripts/bench-search.ts prints the longest task). The tag asks for a bundle's entry file
// anew only when that bundle was rebuilt.
await pagefind.options({ basePath: `${base}pagefind/${primary.path}`, baseUrl: base, excerptLength: 40, noWorker: true, metaCacheTag: primary.tag });
await Promise.all(others.map((b) => pagefind.mergeIndex(`${base}pagefind/${b.path}`, { metaCacheTag: b.tag })));
pagefind.init();

const index = facetIndex(facets);
/** Counts over the whole index, shown while nothing is searched for. */
const totalCounts = countFacets(index, index.pageValues.keys(), []);

function writeUrl(state, push) {
  const params = paramsFromState(state);
  const url = `${location.pathname}${params.size ? '?' + params : ''}`;
  if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function currentState() {
  const filters = {};
  for (const box of filterBox.querySelectorAll('input[type=checkbox]:checked')) (filters[box.name] ??= []).push(box.value);
  return { q: input.value.trim(), sort: sortSelect.value, filters };
}

/** A copy of the <template> with this id in the search page. */
const fromTemplate = (id) => document.getElementById(id).content.firstElementChild.cloneNode(true);

/** Every filter value as a checkbox, once; searches only change counts, ticks and what is hidden. */
function buildFilters() {
  const boxes = [];
  FILTERS.forEach((name, filter) => {
    const values = index.values
      .map(([, value], i) => ({ value, i }))
      .filter(({ i }) => index.filterOf[i] === filter)
      .sort((a, b) => (name === '年份' ? b.value.localeCompare(a.value) : a.value.localeCompare(b.value, 'zh-CN')));
    if (!values.length) return;
    const group = fromTemplate('filter-group');
    group.dataset.name = name;
    group.querySelector('summary').textContent = name;
    group.querySelector('legend').textContent = name;
    const list = group.querySelector('ul');
    for (const { value, i } of values) {
      const item = fromTemplate('filter-value');
      const box = item.querySelector('input');
      Object.assign(box, { id: `f-${name}-${value}`, name, value });
      item.querySelector('label').htmlFor = box.id;
      item.querySelector('.value').textContent = value;
      list.append(item);
      boxes.push({ box, item, count: item.querySelector('.count'), i });
    }
    filterBox.append(group);
  });
  return boxes;
}

/** Shows how many results each value has; values none has are hidden unless ticked. */
function showFilters(counts, selected) {
  for (const { box, item, count, i } of checkboxes) {
    const n = counts[i];
    box.checked = selected[box.name]?.includes(box.value) ?? false;
    item.hidden = !n && !box.checked;
    if (count.textContent !== String(n)) count.textContent = n;
  }
  for (const group of filterBox.querySelectorAll('details')) {
    group.hidden = !group.querySelector('li:not([hidden])');
    if (selected[group.dataset.name]) group.open = true;
  }
  const chosen = Object.values(selected).flat().length;
  filterToggle.textContent = chosen ? `筛选（已选 ${chosen} 项）` : '筛选';
}

/** An excerpt as text with its <mark>s, and nothing else, whatever the indexed text held. */
function excerptNodes(html) {
  const body = new DOMParser().parseFromString(unspaced(html), 'text/html').body;
  const nodes = [];
  for (const node of body.childNodes) {
    const last = nodes.at(-1);
    // Pagefind marks each segmented word; adjacent marks read as one highlighted phrase.
    if (node.nodeName === 'MARK' && last?.nodeName === 'MARK') last.textContent += node.textContent;
    else if (node.nodeName === 'MARK') nodes.push(Object.assign(document.createElement('mark'), { textContent: node.textContent }));
    else nodes.push(document.createTextNode(node.textContent));
  }
  return nodes;
}

// Records by their number in the phrase index (the order of facets.pages), and the bundle each is in.
const recordIds = Object.keys(facets.pages);
const bundleOf = new Map();
{
  let n = 0;
  for (const bundle of facets.bundles) for (let i = 0; i < bundle.records; i++) bundleOf.set(recordIds[n++], bundle);
}
/** Phrase index shards by part and number, each fetched once. */
const shards = new Map();
const shard = (p, n) => {
  const url = `${base}pagefind/phrases/${facets.phrases[p].path}${n}.bin`;
  if (!shards.has(url)) shards.set(url, fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status} ${r.url}`)))).then((b) => new Uint8Array(b)));
  return shards.get(url);
};

/**
 * The ids of the records that may hold `phrase` as typed: every one that does, and for a phrase of
 * more than three characters perhaps some holding all its runs of three apart (nextPage checks their text).
 */
async function phraseHolders(phrase) {
  return (await phraseRecords(phraseGrams(phrase), facets.phrases, shard)).map((n) => recordIds[n]);
}

/** A record Pagefind's search did not return, read from its fragment file as Pagefind reads it. */
async function fragment(id) {
  const bundle = bundleOf.get(id);
  const response = await fetch(`${base}pagefind/${bundle.path}fragment/${facets.files[id] ?? id}.pf_fragment`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  const signature = new TextEncoder().encode('pagefind_dcd');
  const signed = (b) => signature.every((c, i) => b[i] === c);
  // Sent gzipped and marked so, the browser has inflated it already; otherwise it is still a gzip stream.
  if (!signed(bytes)) bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(signature.length)));
  return typeof parsed.url === 'string' ? parsed : parsed[id];
}

/** Records read by `fragment`, kept while the page is open: searches often list the same records again. */
const fragments = new Map();
/** A result's record: through Pagefind (with its excerpt and sections) when its search found it. */
function load(entry) {
  if (entry.result) return entry.result.data();
  if (!fragments.has(entry.id)) fragments.set(entry.id, fragment(entry.id).catch((error) => (fragments.delete(entry.id), Promise.reject(error))));
  return fragments.get(entry.id);
}

let generation = 0;
/**
 * The results of the search on screen, in order, `shown` of them on screen. Those from `holders` up
 * to `rest` hold the phrase as typed (or may: those not yet shown are checked as their page loads);
 * before them come the records of an issue the query names by its number, after them the records
 * holding only some of its words. `loose` says whether those are listed: 'later' until the reader
 * asks for them (a phrase some record holds), else 'listed'. `counted` are the results the status
 * and the filter counts number: all of them, but for a phrase some record holds only up to `rest`.
 */
let current = { ordered: [], holders: 0, rest: 0, counted: 0, phrase: '', shown: 0, loose: 'listed' };
/** Where the phrase is in a loaded record, worked out once per record and phrase. */
const places = new WeakMap();
const placeOf = (data, phrase) => {
  if (places.get(data)?.phrase !== phrase) places.set(data, { phrase, at: phraseAt(data, phrase) });
  return places.get(data).at;
};

function renderResult(data, phrase) {
  const at = placeOf(data, phrase);
  const { anchor, excerpt } = at ?? bestSection(data, phrase);
  const item = fromTemplate('result');
  const link = item.querySelector('a');
  // The page and anchor a record stands for (its meta), under the site's base.
  link.href = `${base}${data.meta.page.slice(1)}${anchor ? `#${anchor}` : ''}`;
  link.textContent = data.meta.title ?? '';
  item.querySelector('.meta').textContent = [data.meta['日期'] ?? '日期不详', data.meta['县区']].filter(Boolean).join(' · ');
  // A record holding the phrase shows it, marked as one piece; any other shows Pagefind's excerpt (or its opening).
  if (at) item.querySelector('.excerpt').append(at.before, Object.assign(document.createElement('mark'), { textContent: at.match }), at.after);
  else item.querySelector('.excerpt').append(...excerptNodes(excerpt ?? unspaced(data.content ?? '').slice(0, 60)));
  return item;
}

function showStatus() {
  const { counted, shown, ordered: all, loose, phrase } = current;
  const beyond = all.length - counted;
  const listed = counted ? `找到 ${counted} 条结果` : `没有找到${phrase ? `包含「${phrase}」的` : ''}材料`;
  const others = beyond > 0 ? `，另有 ${beyond} 条只含其中部分词语` : '';
  status.textContent = `${listed}${others}${shown < all.length ? `，显示前 ${shown} 条` : ''}${counted || others ? '' : '。'}`;
  more.hidden = shown >= all.length && loose !== 'later';
  more.textContent = shown < all.length ? '显示更多结果' : '显示只含部分词语的结果';
}

/**
 * The next page of `found` as list items, once its records have loaded. A record that was listed
 * among the holders but whose text does not hold the phrase moves to just after the holders, so every
 * holder is shown before any other result, on every page.
 */
async function nextPage(found) {
  const page = [];
  while (page.length < PAGE && found.shown + page.length < found.ordered.length) {
    const from = found.shown + page.length;
    const batch = found.ordered.slice(from, from + PAGE - page.length);
    const loaded = await Promise.all(batch.map(load));
    const holds = (i) => from + i < found.holders || from + i >= found.rest || Boolean(placeOf(loaded[i], found.phrase));
    const kept = batch.flatMap((entry, i) => (holds(i) ? [{ entry, data: loaded[i] }] : []));
    const moved = batch.filter((_, i) => !holds(i));
    if (moved.length) {
      const end = from + batch.length;
      const rest = found.ordered.slice(end);
      const stillHolding = Math.max(0, found.rest - end);
      found.ordered = [...found.ordered.slice(0, from), ...kept.map((k) => k.entry), ...rest.slice(0, stillHolding), ...moved, ...rest.slice(stillHolding)];
      found.rest -= moved.length;
    }
    page.push(...kept);
  }
  return page.map(({ data }) => renderResult(data, found.phrase));
}

/** Puts a page of results on screen at once; what was there stays until then. */
function showPage(items, append) {
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  current.shown = Math.min(current.shown + items.length, current.ordered.length);
  showStatus();
  root.setAttribute('aria-busy', 'false');
}

/**
 * Lists after what `found` holds the records Pagefind finds holding the query's words, in its order
 * (or by date when asked); gives their ids, filters aside.
 */
async function addLoose(found) {
  const search = await pagefind.search(found.q, found.sort ? { sort: { date: found.sort === 'date-asc' ? 'asc' : 'desc' } } : {});
  const listed = new Set(found.ordered.map((e) => e.id));
  found.ordered.push(...found.passing(search.results.filter((r) => !listed.has(r.id)).map((r) => ({ id: r.id, result: r }))));
  found.loose = 'listed';
  return search.results.map((r) => r.id);
}

async function run(state) {
  const mine = ++generation;
  root.setAttribute('aria-busy', 'true');
  const q = asciiForms(state.q);
  const phrase = phraseText(q);
  if (!phrase && Object.keys(state.filters).length === 0) {
    showFilters(totalCounts, {});
    current = { ordered: [], holders: 0, rest: 0, counted: 0, phrase: '', shown: 0, loose: 'listed' };
    list.replaceChildren();
    more.hidden = true;
    status.textContent = '输入关键词，或选择左侧的县区、主题、年份。';
    root.setAttribute('aria-busy', 'false');
    return;
  }
  // Without a keyword there is nothing to rank by: newest first.
  const sort = state.sort || (q ? '' : 'date-desc');
  const chosen = chosenValues(index, state.filters);
  const passing = (list, by = sort) => ordered(index, list, by).filter((e) => !failed(index, e.id, chosen).length);
  const issue = issueLabels(phrase, index.years);
  // An issue named by its number comes first: its records are found by their 期号 filter.
  const [named, holders] = await Promise.all([
    issue && pagefind.search(null, { filters: { 期号: { any: issue } }, sort: { date: 'desc' } }),
    phrase ? phraseHolders(phrase) : [...index.pageDate.keys()],
  ]);
  if (mine !== generation) return;
  // Then every record holding the phrase as typed (with no keyword, every record), newest first
  // unless the oldest are asked for first.
  const first = new Set(named?.results.map((r) => r.id));
  const holding = holders.filter((id) => !first.has(id)).map((id) => ({ id }));
  const groups = [passing((named?.results ?? []).map((r) => ({ id: r.id, result: r }))), passing(holding, sort || 'date-desc')];
  const found = { ordered: groups.flat(), holders: groups[0].length, rest: groups[0].length + groups[1].length, phrase, shown: 0, q, sort, passing, loose: phrase ? 'later' : 'listed' };
  // The records holding only some of the query's words come after, when asked for; at once for a
  // phrase no record holds, as they are then all there is.
  const looseIds = phrase && !holders.length ? await addLoose(found) : [];
  if (mine !== generation) return;
  found.counted = found.ordered.length;
  const page = nextPage(found);
  // Counted while the first records load.
  const counts = countFacets(index, new Set([...first, ...holders, ...looseIds]), chosen);
  const items = await page;
  if (mine !== generation) return;
  current = found;
  showFilters(counts, state.filters);
  showPage(items, false);
}

more.addEventListener('click', async () => {
  // A second click before the page arrives would ask for the same results again.
  if (root.getAttribute('aria-busy') === 'true') return;
  const mine = generation;
  const first = current.shown;
  root.setAttribute('aria-busy', 'true');
  if (current.shown >= current.ordered.length && current.loose === 'later') await addLoose(current);
  const items = mine === generation ? await nextPage(current) : [];
  if (mine !== generation) return;
  showPage(items, true);
  list.children[first]?.querySelector('a')?.focus();
});

function apply(push) {
  const state = currentState();
  // The search starts first; writing history takes a few milliseconds it need not wait for.
  run(state);
  writeUrl(state, push);
}

/** The search the URL holds; on the first call, what was typed while this script loaded is kept, not wiped. */
function restore(first = false) {
  const state = stateFromParams(new URLSearchParams(location.search));
  if (first && !state.q && input.value.trim()) state.q = input.value.trim();
  input.value = state.q;
  sortSelect.value = state.sort;
  showFilters(totalCounts, state.filters);
  run(state);
}

let typing;
input.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => apply(false), 150);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typing);
  apply(true);
});
sortSelect.addEventListener('change', () => apply(true));
filterBox.addEventListener('change', () => apply(true));
filterToggle.addEventListener('click', () => filterToggle.setAttribute('aria-expanded', String(filterToggle.getAttribute('aria-expanded') !== 'true')));
addEventListener('popstate', () => restore());
const checkboxes = buildFilters();
restore(true);
root.dataset.ready = 'true';
