// The search page on Pagefind's JS API: the page itself (the form, the filters, the results from the
// <template>s of search.njk); what it decides is in search-logic.js. The query, filters and order
// live in the URL (/search/?q=电商&县区=阳城县) so a search can be shared and bookmarked, and back/forward work.
import { asciiForms, bestSection, chosenValues, countFacets, exactFirst, facetIndex, failed, FILTERS, issueLabels, ordered, paramsFromState, stateFromParams } from './search-logic.js';

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
// about 10 ms a query on two cores. Most searches then hold this thread under 50 ms; the broadest
// hold it longer (scripts/bench-search.ts prints the longest). The tag asks for a bundle's entry file
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
  const body = new DOMParser().parseFromString(html, 'text/html').body;
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

let generation = 0;
/** The results of the search on screen, in order, and how many of them are shown. */
let current = { ordered: [], phrase: '', shown: 0, sorted: false };

function renderResult(data, phrase) {
  const { anchor, excerpt } = bestSection(data, phrase);
  const item = fromTemplate('result');
  const link = item.querySelector('a');
  // The page and anchor a record stands for (its meta), under the site's base.
  link.href = `${base}${data.meta.page.slice(1)}${anchor ? `#${anchor}` : ''}`;
  link.textContent = data.meta.title ?? '';
  item.querySelector('.meta').textContent = [data.meta['日期'] ?? '日期不详', data.meta['县区']].filter(Boolean).join(' · ');
  item.querySelector('.excerpt').append(...excerptNodes(excerpt ?? ''));
  return item;
}

function showStatus() {
  const total = current.ordered.length;
  status.textContent = total
    ? `找到 ${total} 条结果${total > current.shown ? `，显示前 ${current.shown} 条` : ''}`
    : `没有找到${current.phrase ? `包含「${current.phrase}」的` : ''}材料。`;
  more.hidden = current.shown >= total;
}

/** The next page of `found` as list items, once its records have loaded. */
async function nextPage(found) {
  const loaded = await Promise.all(found.ordered.slice(found.shown, found.shown + PAGE).map((r) => r.data()));
  const results = found.sorted ? loaded : exactFirst(loaded, found.phrase);
  return results.map((d) => renderResult(d, found.phrase));
}

/** Puts a page of results on screen at once; what was there stays until then. */
function showPage(items, append) {
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  current.shown = Math.min(current.shown + PAGE, current.ordered.length);
  showStatus();
  root.setAttribute('aria-busy', 'false');
}

async function run(state) {
  const mine = ++generation;
  root.setAttribute('aria-busy', 'true');
  const q = asciiForms(state.q);
  const phrase = q.replace(/\s+/g, '');
  if (!phrase && Object.keys(state.filters).length === 0) {
    showFilters(totalCounts, {});
    current = { ordered: [], phrase: '', shown: 0, sorted: false };
    list.replaceChildren();
    more.hidden = true;
    status.textContent = '输入关键词，或选择左侧的县区、主题、年份。';
    root.setAttribute('aria-busy', 'false');
    return;
  }
  // Without a keyword there is nothing to rank by: newest first.
  const sort = state.sort || (q ? '' : 'date-desc');
  const issue = issueLabels(phrase, index.years);
  // An issue named by its number comes first: its records are found by their 期号 filter.
  const [search, named] = await Promise.all([
    pagefind.search(q || null, sort ? { sort: { date: sort === 'date-asc' ? 'asc' : 'desc' } } : {}),
    issue && pagefind.search(null, { filters: { 期号: { any: issue } }, sort: { date: 'desc' } }),
  ]);
  if (mine !== generation || !search) return;
  const first = new Set(named?.results.map((r) => r.id));
  const results = [...(named?.results ?? []), ...search.results.filter((r) => !first.has(r.id))];
  const chosen = chosenValues(index, state.filters);
  const found = { ordered: ordered(index, results, sort).filter((r) => !failed(index, r.id, chosen).length), phrase, shown: 0, sorted: Boolean(sort || issue) };
  const page = nextPage(found);
  // Counted while the first records load.
  const counts = countFacets(index, results.map((r) => r.id), chosen);
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
  const items = await nextPage(current);
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
