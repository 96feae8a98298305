// Loaded by every page the dev server sends: reloads the page when its content changed and shows
// the editor what is wrong (file:line and the message) while a file is broken.
const events = new EventSource('/__yaoxun/events');
const here = location.pathname;

/** Swaps in the new <main> and title, so the editor keeps the place being read; pages with scripts reload whole. */
async function refresh() {
  if (document.querySelector('main script, body > script:not([src="/__yaoxun/live.js"])')) return location.reload();
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
  else if (urls.includes(here) || (here.endsWith('/index.html') && urls.includes(here.slice(0, -10)))) refresh();
});

events.addEventListener('problems', (event) => {
  const problems = JSON.parse(event.data);
  document.getElementById('yaoxun-overlay')?.remove();
  if (problems.length === 0) return;
  const overlay = document.createElement('div');
  overlay.id = 'yaoxun-overlay';
  overlay.setAttribute('role', 'alert');
  Object.assign(overlay.style, {
    position: 'fixed', inset: '0 0 auto 0', maxHeight: '60vh', overflow: 'auto', zIndex: '2147483647',
    background: '#fff4f4', color: '#5a0000', borderBottom: '4px solid #c00000', padding: '1rem 1.5rem',
    font: '15px/1.6 "Noto Sans CJK SC", sans-serif', boxShadow: '0 4px 16px rgba(0,0,0,.25)',
  });
  const title = document.createElement('strong');
  title.textContent = `内容有 ${problems.length} 处错误，页面暂时显示上次正确的版本：`;
  const list = document.createElement('ul');
  for (const p of problems) {
    const item = document.createElement('li');
    const where = document.createElement('code');
    where.textContent = `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}`;
    item.append(where, ` ${p.message}`);
    list.append(item);
  }
  overlay.append(title, list);
  document.body.append(overlay);
});
