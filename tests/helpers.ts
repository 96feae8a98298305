// Shared by the integration tests: a real build of a content folder into a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';

export const root = path.resolve(import.meta.dirname, '..');

export function tempDir(prefix: string) {
  return mkdtempSync(path.join(tmpdir(), `yaoxun-${prefix}-`));
}

/** Runs the real command line, as an editor would; `env` adds to the environment. */
export function yaoxun(args: string[], cwd = root, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface BuiltPage {
  url: string;
  html: string;
  document: Document;
  text: string;
}

/** Every HTML page of a built site, by URL ('/issues/2022/11/'). */
export function readSite(dir: string): Map<string, BuiltPage> {
  const pages = new Map<string, BuiltPage>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const html = readFileSync(file, 'utf8');
    const { document } = parseHTML(html);
    const url = '/' + path.relative(dir, file).split(path.sep).join('/').replace(/index\.html$/, '');
    pages.set(url, { url, html, document, text: (document.body?.textContent ?? '').replace(/\s+/g, '') });
  }
  return pages;
}
