// The search page on Pagefind's JS API. The query, filters and order live in the URL
// (/search/?q=电商&县区=阳城县) so a search can be shared and bookmarked, and back/forward work.
const FILTERS = ['年份', '城市', '县区', '主题', '类型'];
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

// Filtering and counting happen here, from facets.json (built with the index): Pagefind would count
// every filter value against every result on each search, most of the time a broad query takes.
// A value is its position in facets.values; a search counts into one array indexed by it.
const valueAt = new Map(facets.values.map(([name, value], i) => [`${name}\0${value}`, i]));
const filterOf = facets.values.map(([name]) => FILTERS.indexOf(name));
/** Pagefind page id → the positions of its values. */
const pageValues = new Map(Object.entries(facets.pages).map(([id, [, ...positions]]) => [id, positions]));
/** Pagefind page id → its date as a number (20221113; 0 undated). */
const pageDate = new Map(Object.entries(facets.pages).map(([id, [date]]) => [id, date]));

/** The chosen filters as, per filter in use, the set of its chosen values' positions. */
function chosenValues(selected) {
  return Object.entries(selected).map(([name, values]) => ({ filter: FILTERS.indexOf(name), values: new Set(values.map((v) => valueAt.get(`${name}\0${v}`))) }));
}

/** The chosen filters a page fails (values of one filter are alternatives), as filter numbers. */
function failed(positions, chosen) {
  return chosen.filter(({ values }) => !positions.some((i) => values.has(i))).map(({ filter }) => filter);
}

/**
 * For each value, how many of `results` have it and pass the other filters: a page failing no
 * filter counts for all its values, a page failing one only for that filter's values.
 */
function countFacets(results, chosen) {
  const counts = new Uint32Array(facets.values.length);
  for (const { id } of results) {
    const positions = pageValues.get(id) ?? [];
    const failing = failed(positions, chosen);
    if (failing.length > 1) continue;
    for (const i of positions) if (!failing.length || filterOf[i] === failing[0]) counts[i]++;
  }
  return counts;
}
/** Counts over the whole index, shown while nothing is searched for. */
const totalCounts = countFacets([...pageValues.keys()].map((id) => ({ id })), []);

/** The search state as the URL holds it. */
function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = values;
  }
  return { q: params.get('q') ?? '', sort: params.get('sort') ?? '', filters };
}

function writeUrl(state, push) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const [name, values] of Object.entries(state.filters)) for (const v of values) params.append(name, v);
  if (state.sort) params.set('sort', state.sort);
  const url = `${location.pathname}${params.size ? '?' + params : ''}`;
  if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function currentState() {
  const filters = {};
  for (const box of filterBox.querySelectorAll('input[type=checkbox]:checked')) (filters[box.name] ??= []).push(box.value);
  return { q: input.value.trim(), sort: sortSelect.value, filters };
}

/** Full-width digits and Latin letters (１２３５５, ＡＰＰ) as ASCII, as the index holds them. */
const asciiForms = (s) => s.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * A query that names an issue (第9期, 〔2022〕第11期, 2022年第11期) as the 期号 labels it may mean:
 * without a year, that number in every year of the archive.
 */
function issueLabels(phrase) {
  const named = /^(?:[〔［\[（(【]?(\d{4})[〕］\]）)】]?年?)?第0*(\d+)期$/.exec(phrase);
  if (!named) return undefined;
  const years = named[1] ? [named[1]] : facets.values.filter(([name]) => name === '年份').map(([, year]) => year);
  return years.map((year) => `〔${year}〕第${named[2]}期`);
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every filter value as a checkbox, once; searches only change counts, ticks and what is hidden. */
function buildFilters() {
  filterBox.innerHTML = FILTERS.map((name, filter) => {
    const values = facets.values
      .map(([, value], i) => ({ value, i }))
      .filter(({ i }) => filterOf[i] === filter)
      .sort((a, b) => (name === '年份' ? b.value.localeCompare(a.value) : a.value.localeCompare(b.value, 'zh-CN')));
    if (!values.length) return '';
    const items = values
      .map(({ value, i }) => {
        const id = escapeHtml(`f-${name}-${value}`);
        return `<li><input type="checkbox" id="${id}" name="${name}" value="${escapeHtml(value)}" data-i="${i}"><label for="${id}">${escapeHtml(value)} <span class="count"></span></label></li>`;
      })
      .join('');
    return `<details data-name="${name}" open><summary>${name}</summary><fieldset><legend class="visually-hidden">${name}</legend><ul>${items}</ul></fieldset></details>`;
  }).join('');
  return [...filterBox.querySelectorAll('input')].map((box) => ({ box, item: box.parentElement, count: box.parentElement.querySelector('.count'), i: Number(box.dataset.i) }));
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

const plain = (html) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');

/** An excerpt as text with its <mark>s, and nothing else, whatever the indexed text held. */
function cleanExcerpt(html) {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return [...body.childNodes]
    .map((node) => (node.nodeName === 'MARK' ? `<mark>${escapeHtml(node.textContent)}</mark>` : escapeHtml(node.textContent)))
    .join('')
    // Pagefind marks each segmented word; adjacent marks read as one highlighted phrase.
    .replaceAll('</mark><mark>', '');
}

/** The page and anchor a record stands for (its meta), under the site's base. */
const landing = (data, anchor) => `${base}${data.meta.page.slice(1)}${anchor ? `#${anchor}` : ''}`;

/** Where a result lands: the section whose excerpt holds the query as written, else the article. */
function bestTarget(data, phrase) {
  const sections = (data.sub_results ?? []).filter((s) => s.anchor?.id && s.anchor.id !== data.meta.anchor && s.locations?.length);
  const holding = sections.filter((s) => phrase && plain(s.excerpt).includes(phrase));
  const best = (holding.length ? holding : phrase ? [] : sections).sort((a, b) => b.locations.length - a.locations.length)[0];
  return best ? { url: landing(data, best.anchor.id), excerpt: best.excerpt } : { url: landing(data, data.meta.anchor), excerpt: data.excerpt };
}

let generation = 0;
/** The results of the search on screen, in order, and how many of them are shown. */
let current = { ordered: [], phrase: '', shown: 0, sorted: false };

function renderResult(data, phrase) {
  const target = bestTarget(data, phrase);
  const meta = [data.meta['日期'] ?? '日期不详', data.meta['县区']].filter(Boolean).map(escapeHtml).join(' · ');
  const excerpt = cleanExcerpt(target.excerpt ?? '');
  return `<li class="result"><h3><a href="${escapeHtml(target.url)}">${escapeHtml(data.meta.title ?? '')}</a></h3><p class="meta">${meta}</p><p class="excerpt">${excerpt}</p></li>`;
}

function showStatus() {
  const total = current.ordered.length;
  status.textContent = total
    ? `找到 ${total} 条结果${total > current.shown ? `，显示前 ${current.shown} 条` : ''}`
    : `没有找到${current.phrase ? `包含「${current.phrase}」的` : ''}材料。`;
  more.hidden = current.shown >= total;
}

/** The next page of `found` as HTML, once its records have loaded. */
async function nextPage(found) {
  const loaded = await Promise.all(found.ordered.slice(found.shown, found.shown + PAGE).map((r) => r.data()));
  // Where Pagefind's segmentation missed the phrase, material holding it as written still leads.
  const { phrase } = found;
  const exact = (d) => plain(d.content).includes(phrase);
  const results = found.sorted || !phrase ? loaded : [...loaded.filter(exact), ...loaded.filter((d) => !exact(d))];
  return results.map((d) => renderResult(d, phrase)).join('');
}

/** Puts a page of results on screen at once; what was there stays until then. */
function showPage(html, append) {
  if (append) list.insertAdjacentHTML('beforeend', html);
  else list.innerHTML = html;
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
    list.innerHTML = '';
    more.hidden = true;
    status.textContent = '输入关键词，或选择左侧的县区、主题、年份。';
    root.setAttribute('aria-busy', 'false');
    return;
  }
  // Without a keyword there is nothing to rank by: newest first.
  const sort = state.sort || (q ? '' : 'date-desc');
  const issue = issueLabels(phrase);
  // An issue named by its number comes first: its records are found by their 期号 filter.
  const [search, named] = await Promise.all([
    pagefind.search(q || null, sort ? { sort: { date: sort === 'date-asc' ? 'asc' : 'desc' } } : {}),
    issue && pagefind.search(null, { filters: { 期号: { any: issue } }, sort: { date: 'desc' } }),
  ]);
  if (mine !== generation || !search) return;
  const first = new Set(named?.results.map((r) => r.id));
  const results = [...(named?.results ?? []), ...search.results.filter((r) => !first.has(r.id))];
  const chosen = chosenValues(state.filters);
  // Pagefind sorts each bundle on its own and interleaves them by rank: the order by date is made here.
  const direction = sort === 'date-asc' ? -1 : 1;
  if (sort) results.sort((a, b) => direction * (pageDate.get(b.id) - pageDate.get(a.id)));
  const found = { ordered: results.filter((r) => !failed(pageValues.get(r.id) ?? [], chosen).length), phrase, shown: 0, sorted: Boolean(sort || issue) };
  const page = nextPage(found);
  // Counted while the first records load.
  const counts = countFacets(results, chosen);
  const html = await page;
  if (mine !== generation) return;
  current = found;
  showFilters(counts, state.filters);
  showPage(html, false);
}

more.addEventListener('click', async () => {
  // A second click before the page arrives would ask for the same results again.
  if (root.getAttribute('aria-busy') === 'true') return;
  const mine = generation;
  const first = current.shown;
  root.setAttribute('aria-busy', 'true');
  const html = await nextPage(current);
  if (mine !== generation) return;
  showPage(html, true);
  list.children[first]?.querySelector('a')?.focus();
});

function apply(push) {
  const state = currentState();
  // The search starts first; writing history takes a few milliseconds it need not wait for.
  run(state);
  writeUrl(state, push);
}

function restore() {
  const state = readUrl();
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
addEventListener('popstate', restore);
const checkboxes = buildFilters();
restore();
root.dataset.ready = 'true';
