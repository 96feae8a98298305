#!/usr/bin/env node
// The source is TypeScript, and nobody runs a compile step: the first run after src/ changed bundles
// it with esbuild into node_modules/.cache/yaoxun/cli/, in a folder named by a hash of src/, and
// every run loads that folder's plain JavaScript. Translating through tsx's loader hooks at every
// start cost about 0.5 s, more than all of `check FILE`'s own work; tsx remains the way to run
// where that folder cannot be written.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

/** npm's record of what it installed, in the nearest node_modules at or above the install, where the bundled packages come from. */
function installedRecord() {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '.package-lock.json');
    if (existsSync(file) || dir === path.dirname(dir)) return file;
  }
}

/**
 * The hash of where the install is, of every file under src/, of this file, which holds the
 * bundling options, and of the packages installed (a bundle holds their code too: an upgraded
 * parser must be bundled anew). A bundle holds its source files' paths: moved or copied elsewhere
 * with its node_modules, an install must not run one that reads templates and data where it used to be.
 */
function sourceHash() {
  const hash = createHash('sha1').update(root).update('\0').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(src, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const installed = installedRecord();
  if (existsSync(installed)) hash.update(readFileSync(installed));
  return hash.digest('hex');
}

/** Each module keeps the answer to "where am I" that it would have unbundled: its paths to templates, assets and data are relative to it. */
const whereFromSource = {
  name: 'where-from-source',
  setup(build) {
    build.onLoad({ filter: /\.[jt]s$/ }, (args) => {
      if (!args.path.startsWith(src + path.sep)) return undefined;
      const code = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
      return { contents: code, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/**
 * Packages left out of the bundle, loaded from node_modules as they are: native bindings (jieba),
 * programs and the code that finds them (esbuild, pagefind), packages that load files of their own
 * at run time (pdfjs-dist's worker, mammoth), and chokidar's optional macOS part. Everything else is
 * bundled too: Node loading the several hundred small modules of unified, micromark, yaml, nunjucks
 * and the rest one by one took about 0.3 s of every build's start.
 */
const EXTERNAL = ['@node-rs/jieba', 'esbuild', 'pagefind', 'pdfjs-dist', 'mammoth', 'chokidar', 'fsevents'];

async function bundle(into) {
  const { build } = await import('esbuild');
  const scratch = `${into}.${process.pid}`;
  await build({
    entryPoints: [path.join(src, 'cli.ts')],
    outdir: scratch,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages (nunjucks, iconv-lite, …) require Node's own modules.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [whereFromSource],
  });
  try {
    renameSync(scratch, into);
  } catch {
    // Another run bundled the same sources first; theirs is identical.
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A bundle made over a week ago is of sources long replaced; one a running `yaoxun dev` may still load chunks from is younger. */
function dropOld(folder, keep) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of readdirSync(folder)) {
    const old = path.join(folder, name);
    // Another run may be dropping the same folder.
    if (name !== keep && (statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < weekAgo) rmSync(old, { recursive: true, force: true });
  }
}

function writable(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const folder = path.join(root, 'node_modules', '.cache', 'yaoxun', 'cli');
const version = sourceHash();
const hash = version.slice(0, 16);
const bundled = path.join(folder, hash);
if (!existsSync(bundled) && writable(folder)) {
  await bundle(bundled);
  dropOld(folder, hash);
}
// The stack --debug prints then names src/ files and lines.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
if (existsSync(bundled)) {
  // The bundle stands for the same source and packages as codeVersion() (src/cache/buildRecord.ts), which would read them all again.
  globalThis[Symbol.for('yaoxun.codeVersion')] = version;
  await import(pathToFileURL(path.join(bundled, 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
