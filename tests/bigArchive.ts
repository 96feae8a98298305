// The archive at the size staff have: 1,000 generated issues (scripts/corpus.ts) with the real texts
// of content/ mixed in. It is made once per run, in the run's folder (tests/runFolder.ts), by the
// first test process that asks; another asking meanwhile waits for that build by yaoxun's own lock
// on the output folder and finds it up to date. Each process serves it over HTTP on its own port.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { writeCorpus } from '../scripts/corpus.ts';
import { serveSite } from '../src/serve/serveSite.ts';
import type { ServedSite } from './browser.ts';
import { listenLoopback, root, yaoxun } from './helpers.ts';

/** 1,000 issues; YAOXUN_BIG_ISSUES=5000 runs the same tests on a larger archive (by hand: it takes minutes to build). */
export const BIG_ISSUES = Number(process.env.YAOXUN_BIG_ISSUES) || 1000;

/** The real materials of content/ as the site lists them: issues by their place in the corpus, articles by slug. */
export const REAL_MATERIALS = [
  ...readdirSync(path.join(root, 'content', 'issues'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => `issues/${f.replace(/\.md$/, '')}/`),
  ...readdirSync(path.join(root, 'content', 'articles')).filter((f) => f.endsWith('.md')).map((f) => `articles/${f.replace(/\.md$/, '')}/`),
];

let made: string | undefined;

/** The big archive built, in the run's folder: the output folder's path. */
export function bigArchiveBuilt(): string {
  if (made) return made;
  const home = path.join(inject('runFolder'), `big-${BIG_ISSUES}`);
  const content = path.join(home, 'content');
  if (!existsSync(content)) {
    // Written aside and renamed into place whole, so no process reads a half-written corpus; the same seed makes the same one.
    mkdirSync(home, { recursive: true });
    const draft = mkdtempSync(path.join(home, '.content-'));
    writeCorpus(draft, BIG_ISSUES);
    // The real issues take the place of the generated ones with their numbers; the real articles join them.
    for (const file of readdirSync(path.join(root, 'content', 'issues'), { recursive: true }).map(String).filter((f) => f.endsWith('.md'))) {
      cpSync(path.join(root, 'content', 'issues', file), path.join(draft, 'issues', file));
    }
    cpSync(path.join(root, 'content', 'articles'), path.join(draft, 'articles'), { recursive: true });
    try {
      renameSync(draft, content);
    } catch {
      rmSync(draft, { recursive: true, force: true });
    }
  }
  const out = path.join(home, 'dist');
  const built = yaoxun(['build', '--content', content, '--out', out]);
  if (built.code !== 0) throw new Error(built.stderr);
  const issues = readdirSync(path.join(out, 'issues'), { recursive: true }).map(String).filter((f) => f.endsWith('index.html')).length;
  if (issues < BIG_ISSUES) throw new Error(`the big archive has ${issues} issues`);
  return (made = out);
}

let served: Promise<ServedSite> | undefined;

/** The big archive served under /, on a port of this process. */
export function bigArchive(): Promise<ServedSite> {
  served ??= (async () => {
    const out = bigArchiveBuilt();
    const server = serveSite(out);
    const origin = await listenLoopback(server);
    return { out, origin, url: `${origin}/`, server, close: () => new Promise((r) => server.close(r)) };
  })();
  return served;
}

/** An HTML fragment's text blocks (headings, paragraphs, list items), each without tags or spaces. */
export function blocks(html: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
  return html
    .split(/<\/?(?:p|h[1-6]|li|td|th|blockquote|header|section|article)\b[^>]*>/)
    .map((b) => b.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]).replace(/\s+/g, ''))
    .filter(Boolean);
}

/**
 * Every search record of a built site as a reader sees it on the page: an issue's editor's note and
 * each of its articles, each standalone article (without its date line), keyed as a result's link is
 * read by recordOf. What Ctrl-F finds in them is the truth search is measured against.
 */
export function pageRecords(out: string): Map<string, string[]> {
  const records = new Map<string, string[]>();
  for (const file of readdirSync(out, { recursive: true }).map(String)) {
    const m = /^(issues\/\d+\/\d+|articles\/[^/]+)\/index\.html$/.exec(file.split(path.sep).join('/'));
    if (!m) continue;
    // 相关经验 names other material: what a page lists, not what it holds.
    const html = readFileSync(path.join(out, file), 'utf8').replace(/<aside class="related-experience"[\s\S]*?<\/aside>/g, '');
    const page = `/${m[1]}/`;
    if (page.startsWith('/articles/')) {
      const body = /<article class="standalone"[^>]*>([\s\S]*?)<\/article>/.exec(html)![1].replace(/<p class="byline">[\s\S]*?<\/p>/, '');
      records.set(page, blocks(body));
      continue;
    }
    const note = /<p class="editor-note" id="note">([\s\S]*?)<\/p>/.exec(html);
    if (note) records.set(`${page}#note`, blocks(note[1]));
    for (const [, id, body] of html.matchAll(/<article class="piece" aria-labelledby="(a\d+)">([\s\S]*?)<\/article>/g)) records.set(`${page}#${id}`, blocks(body));
  }
  return records;
}

/** The record a result's link lands in: /issues/2022/09/#a2-s1-1 → /issues/2022/09/#a2; a standalone's page. */
export const recordOf = (href: string) => {
  const [page, anchor = ''] = href.split('#');
  return page.startsWith('/articles/') ? page : `${page}#${/^(note|a\d+)/.exec(anchor)?.[1] ?? ''}`;
};
