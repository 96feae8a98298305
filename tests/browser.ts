// Real Chromium (Debian's package) driven by playwright-core, against a real build served over HTTP.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { serveSite } from '../src/serve/serveSite.ts';
import { tempDir, yaoxun } from './helpers.ts';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** Builds `content` under the sub-path `base` and serves it on a free loopback port; `env` adds to the build's environment. */
export async function buildAndServe(base: string, content = 'content', env: Record<string, string> = {}) {
  const dir = tempDir('served');
  const out = path.join(dir, ...base.split('/').filter(Boolean));
  const built = yaoxun(['build', '--content', content, '--out', out, '--base', base], undefined, env);
  if (built.code !== 0) throw new Error(built.stderr);
  const server = serveSite(dir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { out, origin, url: origin + base, server, close: () => new Promise((r) => server.close(r)) };
}
