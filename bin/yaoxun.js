#!/usr/bin/env node
// The source is TypeScript, and nobody runs a compile step: the first run after src/ changed bundles
// it with esbuild into node_modules/.cache/yaoxun/cli/, in a folder named by a hash of src/, and
// every run loads that folder's plain JavaScript. Translating through tsx's loader hooks at every
// start cost about 0.5 s, more than all of `check FILE`'s own work; tsx remains the way to run
// where that folder cannot be written.
//
// The bundle is one CommonJS script, compiled with V8's code cache of the last run of the same command
// (a file beside it): Node 20 keeps no such cache for ES modules, and loading the stages' modules as
// ES modules, compiling them anew, took 0.17–0.25 s of a build after one edit at 1,000 issues, against
// 0.10–0.14 s so.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

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

/**
 * Each module keeps the answer to "where am I" that it would have unbundled: its paths to templates,
 * assets and data are relative to it, and a package it locates is the one found from there (a
 * CommonJS script has no import.meta).
 */
const whereFromSource = {
  name: 'where-from-source',
  setup(build) {
    build.onLoad({ filter: /\.[jt]s$/ }, (args) => {
      if (!args.path.startsWith(src + path.sep)) return undefined;
      const code = readFileSync(args.path, 'utf8')
        .replaceAll(/import\.meta\.resolve\('([^']+)'\)/g, (_, name) => JSON.stringify(import.meta.resolve(name)))
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
    outfile: path.join(scratch, 'cli.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // A stage's module is loaded when first needed, as import() would, by require: a script compiled
    // here (run below) cannot import() at all.
    supported: { 'dynamic-import': false },
    external: EXTERNAL,
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

/** The commands of src/cli.ts: each has a code cache of its own; anything else (--help, a mistyped command) shares one. */
const COMMANDS = ['build', 'check', 'inspect', 'dev', 'new', 'import', 'serve'];

/**
 * Runs the bundle as Node would require it, compiled with the code cache of `command`'s last run: the
 * functions that run compiled (a build's are not a check's). A cache of other code or another Node is
 * rejected by V8 and written anew when this run ends; so is a missing one.
 */
function runBundle(file, command) {
  const cacheFile = path.join(path.dirname(file), `${COMMANDS.includes(command) ? command : 'cli'}.cache`);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      const scratch = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(scratch, script.createCachedData());
        renameSync(scratch, cacheFile);
      } catch {
        // A cache is a saving, never a condition: the next run compiles without one.
        rmSync(scratch, { force: true });
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

/** A bundle made over a week ago is of sources long replaced; one a run started a moment ago may be about to load is younger. */
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
const debug = process.argv.includes('--debug');
// The stack --debug prints then names src/ files and lines.
if (debug) process.setSourceMapsEnabled(true);
if (existsSync(bundled)) {
  // The bundle stands for the same source and packages as codeVersion() (src/cache/buildRecord.ts), which would read them all again.
  globalThis[Symbol.for('yaoxun.codeVersion')] = version;
  const file = path.join(bundled, 'cli.cjs');
  // Node maps a stack to the source for what it requires itself, not for a script compiled here.
  if (debug) createRequire(import.meta.url)(file);
  else runBundle(file, process.argv[2]);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
