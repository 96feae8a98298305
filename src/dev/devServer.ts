// yaoxun dev: serves the site from memory on loopback, watches content/, templates/ and public/,
// re-renders what a change touches and tells open pages to reload (server-sent events). A change is
// read only once the file has settled (see settle.ts). Every change sent is a revision, and every
// page carries the revision it was served at: a page whose events connect late is told on connecting
// what it missed. The search index is rebuilt in the background, debounced, and never delays a page update.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch } from 'chokidar';
import { SETTING_FILES } from '../load/loadContent.ts';
import { isMediaType, resolveMedia } from '../load/media.ts';
import { SEARCH_PAGE_MODULES } from '../search/pageModules.ts';
import { writeSearchIndex } from '../search/writeSearchIndex.ts';
import { contentType, resolveInside } from '../serve/serveSite.ts';
import { formatReported } from '../messages.ts';
import { DevSite } from './devSite.ts';
import { Settler, type SettleOptions } from './settle.ts';
import { filesIn, isWithin } from '../files.ts';

export interface DevOptions {
  content: string;
  templates: string;
  publicDir: string;
  /** Milliseconds of quiet after the last change before the search index is rebuilt */
  searchDelay?: number;
  /** How long a changed file must stay the same before it is read as saved */
  settle?: SettleOptions;
  log?: (line: string) => void;
}

const LIVE_SCRIPT = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'live.js'), 'utf8');
const liveTag = (revision: number) => `<script type="module" src="/__yaoxun/live.js" data-since="${revision}"></script>`;
/** How many changes back a page that connects late can be told exactly what it missed; older ones reload it whole. */
const HISTORY = 200;
/** A folder's page is sent for its index.html too, and named by the folder */
const asFolder = (pathname: string) => pathname.replace(/\/index\.html$/, '/');

/** One server-sent event; `id` is the revision it brings a page to, which the browser sends back as Last-Event-ID. */
const serverEvent = (event: string, data: unknown, id?: number) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export interface DevServer {
  server: Server;
  site: DevSite;
  /** Resolves when the watchers are ready and every change made while they started has been read */
  ready: Promise<void>;
  /** Resolves once every change so far to content files and templates has been read and its pages rendered (images come through the watcher alone) */
  settled(): Promise<void>;
  /** Resolves once no search index is waiting to be built or being built */
  searchSettled(): Promise<void>;
  close(): Promise<void>;
}

export function startDev(options: DevOptions): DevServer {
  const log = options.log ?? ((line: string) => console.log(line));
  const site = new DevSite(options.content, options.templates);
  /** The folder holding the current search index; replaced whole when a new one is ready. */
  let searchDir: string | undefined;
  let retired: string | undefined;
  const clients = new Set<ServerResponse>();
  let closed = false;
  const siteYaml = path.resolve(options.content, SETTING_FILES.siteYaml);
  const templateFiles = () => filesIn(options.templates, (name) => name.endsWith('.njk')).map((file) => path.resolve(file));

  const send = (event: string, data: unknown, id?: number) => {
    for (const client of clients) client.write(serverEvent(event, data, id));
  };
  // Counted from the start time, so a page of an earlier run of the server is never taken for up to date.
  let revision = Date.now();
  /** The URLs each of the last revisions touched, newest last */
  const history: string[][] = [];
  const change = (urls: string[]) => {
    history.push(urls);
    if (history.length > HISTORY) history.shift();
    revision++;
    // The id comes back as Last-Event-ID when the browser reconnects: the stream picks up from there.
    send('change', { urls }, revision);
  };
  /** What a page served at revision `since` has not been told: its URL, '*' when it must reload whole or the history does not reach back. */
  const missed = (since: number, page: string) => {
    const newer = revision - since;
    if (!(newer >= 0 && newer <= history.length)) return ['*'];
    return [...new Set(history.slice(history.length - newer).flat())].filter((url) => url === '*' || url === page);
  };
  /** Each problem is logged once while it stands; the overlay gets the whole list every time. */
  let logged = new Set<string>();
  const report = () => {
    const problems = site.problems();
    const now = new Set<string>();
    for (const p of problems) {
      const line = formatReported(p);
      if (!logged.has(line)) log(line);
      now.add(line);
    }
    logged = now;
    send('problems', problems);
  };

  let indexing: Promise<void> = Promise.resolve();
  let pending: NodeJS.Timeout | undefined;
  const reindex = () => {
    if (closed) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      pending = undefined;
      indexing = indexing
        .then(async () => {
          const next = mkdtempSync(path.join(tmpdir(), 'yaoxun-dev-search-'));
          await writeSearchIndex([{ name: 'all', key: next, records: () => site.records() }], next).catch((e) => {
            rmSync(next, { recursive: true, force: true });
            throw e;
          });
          // The index before last goes; the last stays a while for pages still reading it.
          if (retired) rmSync(retired, { recursive: true, force: true });
          retired = searchDir;
          searchDir = next;
        })
        .catch((e: Error) => log(`搜索索引未更新：${e.message}`));
    }, options.searchDelay ?? 800);
  };

  // The index pages listing changed material are rendered one per turn of the event loop, so the
  // reload of the page being edited is answered in between. An index page served between its render
  // and the change at the end carries the revision before that change, so it is told (needlessly).
  let later: string[] = [];
  let renderingLater = false;
  const renderLater = () => {
    const url = site.renderQueued();
    if (url !== undefined) {
      later.push(url);
      setImmediate(renderLater);
      return;
    }
    if (later.length) change(later);
    later = [];
    renderingLater = false;
    // An index page may have met a template error the first report could not know of.
    report();
  };
  /** `urls` changed; `whole` when what changed is outside <main> too (the layout, the site's name), so open pages reload whole. */
  const changed = (urls: string[], whole = false) => {
    if (closed) return;
    report();
    if (urls.length === 0) return;
    change(whole ? ['*'] : urls);
    if (!renderingLater) setImmediate(renderLater);
    renderingLater = true;
    log(`已更新 ${urls.length} 个页面，索引页随后更新`);
    reindex();
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      log(`yaoxun 内部错误：${(e as Error).message}（${req.url}）`);
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'yaoxun 内部错误：请看运行 yaoxun dev 的命令行窗口。');
    }
  });
  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/__yaoxun/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(serverEvent('problems', site.problems(), revision));
      // A client that says no revision (not live.js) is told only what comes next.
      const since = req.headers['last-event-id'] ?? url.searchParams.get('since');
      const urls = since ? missed(Number(since), asFolder(url.searchParams.get('page') ?? '')) : [];
      if (urls.length) res.write(serverEvent('change', { urls }));
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/__yaoxun/live.js') return reply(res, 200, 'text/javascript; charset=utf-8', LIVE_SCRIPT);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(res);
    }
    const page = site.pages.get(pathname) ?? site.pages.get(asFolder(pathname));
    if (page !== undefined) return reply(res, 200, contentType(pathname.endsWith('/') ? 'x.html' : pathname), withLiveReload(page, pathname, revision));
    if (!pathname.endsWith('/') && site.pages.has(pathname + '/')) {
      // The address as the browser sent it (percent-encoded): a header cannot carry 太谷 as such.
      res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
      return;
    }
    // A page that began with the last index finds its hash-named files there until the next swap.
    const indexed = pathname.startsWith('/pagefind/')
      ? [searchDir, retired].map((dir) => dir && resolveInside(dir, pathname.slice('/pagefind'.length))).find(Boolean)
      : undefined;
    const module = SEARCH_PAGE_MODULES.find((m) => m.url === url.pathname)?.source;
    const file = indexed ?? module ?? resolveMedia(options.content, url.pathname) ?? resolveInside(options.publicDir, req.url ?? '/');
    if (file) return reply(res, 200, contentType(file), readFileSync(file));
    notFound(res);
  }
  function notFound(res: ServerResponse) {
    reply(res, 404, 'text/html; charset=utf-8', withLiveReload(site.pages.get('/404.html') ?? '404', '/404.html', revision));
  }

  const settler = new Settler((file, bytes) => {
    try {
      if (isWithin(options.templates, file)) {
        if (file.endsWith('.njk')) changed(site.templatesChanged(), true);
      }
      else if (isWithin(options.content, file) && isMediaType(file)) changed(site.mediaChanged(file), true);
      else if (isWithin(options.content, file)) changed(site.contentChanged(file, bytes), file === siteYaml);
      else if (isWithin(options.publicDir, file) && !closed) change(['*']);
    } catch (e) {
      log(`yaoxun 内部错误：${(e as Error).message}（${path.relative(process.cwd(), file)}）`);
    }
  }, options.settle);
  for (const [file, hash] of site.known()) settler.know(file, hash);
  for (const file of templateFiles()) settler.know(file);
  /** Every file the site is made from, compared with the disk: catches what the watcher missed or has not reported yet. */
  const sweep = () => settler.recheck([...site.sourcePaths(), ...templateFiles()]);

  // Editors' swap and backup files (.11.md.swp, layout.njk~) are not the site's.
  const ignored = (file: string) => /(^|[\\/])\.[^\\/]+$|~$|\.sw[px]$/.test(file);
  const watcher = watch([options.content, options.templates, options.publicDir], { ignoreInitial: true, ignored });
  watcher.on('all', (event, file) => {
    if (event === 'add' || event === 'change' || event === 'unlink') settler.touch(path.resolve(file));
  });
  // Until the watcher is ready a save goes unseen, so the files are compared with what the site was
  // built from once it is, and read; the server should not answer before then (see cli.ts).
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve())).then(() => {
    sweep();
    return settler.idle();
  });
  report();
  reindex();

  return {
    server,
    site,
    ready,
    async settled() {
      await ready;
      sweep();
      await settler.idle();
      while (renderingLater) await new Promise((resolve) => setImmediate(resolve));
    },
    async searchSettled() {
      while (pending) await new Promise((resolve) => setTimeout(resolve, 50));
      await indexing;
      if (pending) await this.searchSettled();
    },
    async close() {
      closed = true;
      settler.close();
      clearTimeout(pending);
      for (const client of clients) client.end();
      clients.clear();
      await watcher.close();
      await indexing;
      for (const dir of [searchDir, retired]) if (dir) rmSync(dir, { recursive: true, force: true });
      await new Promise((resolve) => server.close(resolve));
    },
  };
}


function reply(res: ServerResponse, status: number, type: string, body: string | Uint8Array) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** Pages in the dev server carry the live-reload script, with the revision they were served at; built sites never do. */
function withLiveReload(html: string, url: string, revision: number): string {
  if (!url.endsWith('/') && !url.endsWith('.html')) return html;
  const tag = liveTag(revision);
  return html.includes('</body>') ? html.replace('</body>', `${tag}\n</body>`) : html + tag;
}
