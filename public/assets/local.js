// Opened from a folder (file://) rather than a web server: the browser shows a folder's listing, not
// its index.html, so links to folders get index.html; and search, which needs a web server, says so.
if (location.protocol === 'file:') {
  for (const link of document.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(href)) continue;
    const [path, hash] = href.split('#');
    if (path === '' || path.endsWith('/') || path === '.' || path === '..') link.setAttribute('href', `${path.replace(/\/?$/, '/')}index.html${hash === undefined ? '' : `#${hash}`}`);
  }
  for (const form of document.querySelectorAll('form[action]')) {
    const action = form.getAttribute('action');
    if (action.endsWith('/')) form.setAttribute('action', `${action}index.html`);
  }
  const offline = document.querySelector('.search-offline');
  if (offline) {
    offline.hidden = false;
    document.querySelector('.search-page')?.setAttribute('hidden', '');
    document.querySelector('.search-layout')?.setAttribute('hidden', '');
  }
}
