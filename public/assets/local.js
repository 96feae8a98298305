// Opened from a folder (file://) rather than a web server: the browser shows a folder's listing, not
// its index.html, so links to folders get index.html; and search, which needs a web server, says so.
if (location.protocol === 'file:') {
  for (const link of document.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(href)) continue;
    const [path, hash] = href.split('#');
    if (path === '' || path.endsWith('/') || path === '.' || path === '..') link.setAttribute('href', `${path.replace(/\/?$/, '/')}index.html${hash === undefined ? '' : `#${hash}`}`);
  }
  // Firefox applies the page's CSP form-action to file: addresses and refuses to submit a form there,
  // silently; CSP does not govern a script's navigation, so the search box goes by one in every browser.
  for (const form of document.querySelectorAll('form[action]')) {
    const action = form.getAttribute('action').replace(/\/$/, '/index.html');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      location.assign(`${action}?${new URLSearchParams(new FormData(form))}`);
    });
  }
  const offline = document.querySelector('.search-offline');
  if (offline) {
    offline.hidden = false;
    document.querySelector('.search-page')?.setAttribute('hidden', '');
    document.querySelector('.search-layout')?.setAttribute('hidden', '');
  }
} else {
  // The search page's module script is loaded only from a web server: a browser refuses a module from
  // file: (a CORS error in the console), and there search says it needs a server instead.
  const search = document.querySelector('[data-search-script]');
  if (search) {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = search.dataset.searchScript;
    document.body.append(script);
  }
}
