// Loaded by every page the dev server sends: reloads the page when its content changed and tells
// the editor what is wrong — errors at the top with what the site shows meanwhile, warnings in a
// panel of their own that can be put away until they change. The events connect a while after the
// page was served: the page's revision (data-since) lets the server send at once a change made meanwhile.
/** The page as the server names it: decoded (/counties/太谷/ rather than %E5…), a folder for its index.html too */
const here = decodeURI(location.pathname).replace(/\/index\.html$/, '/');
const since = document.querySelector('script[src="/__yaoxun/live.js"]').dataset.since;
const events = new EventSource(`/__yaoxun/events?${new URLSearchParams({ since, page: here })}`);

/** Swaps in the new <main> and title, so the editor keeps the place being read; pages with scripts reload whole. */
async function refresh() {
  // Every page carries local.js (file:// fixes, nothing to do here); any other script needs a whole reload.
  if (document.querySelector('main script, body > script:not([src="/__yaoxun/live.js"]):not([src$="assets/local.js"])')) return location.reload();
  const response = await fetch(location.href, { cache: 'no-store' });
  const next = new DOMParser().parseFromString(await response.text(), 'text/html');
  const main = next.querySelector('main');
  if (!main || next.querySelector('script[type="module"]:not([src="/__yaoxun/live.js"])')) return location.reload();
  document.title = next.title;
  document.querySelector('main').replaceWith(main);
}

events.addEventListener('change', (event) => {
  const { urls } = JSON.parse(event.data);
  if (urls.includes('*')) location.reload();
  else if (urls.includes(here)) refresh();
});

const FONT = '15px/1.6 "Noto Sans CJK SC", sans-serif';

function panel(id, style) {
  const box = document.createElement('div');
  box.id = id;
  Object.assign(box.style, { position: 'fixed', zIndex: '2147483647', overflow: 'auto', padding: '1rem 1.5rem', font: FONT, boxShadow: '0 4px 16px rgba(0,0,0,.25)' }, style);
  return box;
}

function problemList(problems) {
  const list = document.createElement('ul');
  list.style.margin = '.5rem 0 0';
  for (const p of problems) {
    const item = document.createElement('li');
    const where = document.createElement('code');
    where.textContent = `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}`;
    item.append(where, ` ${p.message}`);
    if (p.shown) {
      const shown = document.createElement('div');
      shown.className = 'shown';
      Object.assign(shown.style, { fontSize: '13px', color: '#333' });
      shown.textContent = `现在显示：${p.shown}`;
      item.append(shown);
    }
    list.append(item);
  }
  return list;
}

/** Warnings put away stay away while the same warnings stand; a new or changed one brings the panel back. */
const DISMISSED = 'yaoxun-dismissed-warnings';

function showWarnings(warnings) {
  document.getElementById('yaoxun-warnings')?.remove();
  const key = JSON.stringify(warnings.map((w) => [w.file, w.line, w.message]));
  if (warnings.length === 0 || sessionStorage.getItem(DISMISSED) === key) return;
  const box = panel('yaoxun-warnings', {
    inset: 'auto 1rem 1rem auto', maxWidth: 'min(40rem, calc(100vw - 2rem))', maxHeight: '40vh',
    background: '#fffbe6', color: '#4a3800', border: '1px solid #c9a400', borderLeft: '6px solid #c9a400',
  });
  box.setAttribute('role', 'status');
  const title = document.createElement('strong');
  title.textContent = `${warnings.length} 处警告（页面照常更新，请核对）：`;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '知道了';
  close.style.marginLeft = '1rem';
  close.addEventListener('click', () => {
    sessionStorage.setItem(DISMISSED, key);
    box.remove();
  });
  box.append(title, close, problemList(warnings));
  document.body.append(box);
}

function showErrors(errors) {
  document.getElementById('yaoxun-overlay')?.remove();
  if (errors.length === 0) return;
  const box = panel('yaoxun-overlay', {
    inset: '0 0 auto 0', maxHeight: '60vh',
    background: '#fff4f4', color: '#5a0000', borderBottom: '4px solid #c00000',
  });
  box.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  title.textContent = `有 ${errors.length} 处错误，出错的部分暂不更新：`;
  box.append(title, problemList(errors));
  document.body.append(box);
}

events.addEventListener('problems', (event) => {
  const problems = JSON.parse(event.data);
  showErrors(problems.filter((p) => p.severity === 'error'));
  showWarnings(problems.filter((p) => p.severity !== 'error'));
});
