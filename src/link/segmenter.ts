// The one jieba of a build: 相关经验 (related.ts) counts its words, and the search records are cut
// into words with it (search/words.ts). Its dictionary takes 0.2–0.25 s of one core to load. A build
// after one edit cuts only that few texts, and loading the dictionary was the largest single
// cost of it; so such a build has the dictionary loaded in a worker thread (`loadSegmenterAhead`)
// while this thread loads code and reads its caches, and the first cuts are made there. Each cut
// waits for the worker's answer (about 0.1 ms more than cutting here), so after AWAY_CUTS cuts this
// thread loads its own dictionary and lets the worker go. A cold build cuts thousands of texts and
// loads it here from the start: on this machine's two cores a worker loading it slowed the parsing
// that runs meanwhile, and cutting the search records in the worker while this thread rendered the
// next ones (tried) was no faster than cutting them here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Jieba } from '@node-rs/jieba';
import type { Theme } from './themes.ts';
import { WORD } from './vocabulary.ts';

/** Cuts a text into words; the words, joined, are the text. */
export interface Segmenter {
  cut(text: string): string[];
}

/** Cuts made in the worker before this thread loads its own dictionary: a few issues' texts and records. */
export const AWAY_CUTS = 64;
/** How long one cut may take in the worker before the build gives up on it (a cut takes milliseconds). */
const AWAY_TIMEOUT_MS = 120_000;

const require = createRequire(import.meta.url);
const jiebaModule = require.resolve('@node-rs/jieba');
const dictionary = require.resolve('@node-rs/jieba/dict.txt');

/** jieba with its own dictionary plus the themes' trigger words: a frequency above any of the dictionary's own keeps each one whole. */
function loadJieba(extraWords: string): Jieba {
  const { Jieba } = require(jiebaModule) as typeof import('@node-rs/jieba');
  const jieba = Jieba.withDict(readFileSync(dictionary));
  if (extraWords) jieba.loadDict(Buffer.from(extraWords));
  return jieba;
}

/** The worker: loads the dictionary at once, then answers each text with its words and raises the flag the asking thread waits on. */
const WORKER = `
const { workerData: { jiebaModule, dictionary, extraWords, port, flag } } = require('node:worker_threads');
let jieba, failure;
try {
  jieba = require(jiebaModule).Jieba.withDict(require('node:fs').readFileSync(dictionary));
  if (extraWords) jieba.loadDict(Buffer.from(extraWords));
} catch (e) {
  failure = String(e && e.message || e);
}
port.on('message', (text) => {
  let answer;
  try {
    answer = failure === undefined ? jieba.cut(text, false) : { failure };
  } catch (e) {
    answer = { failure: String(e && e.message || e) };
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

class Jiebas implements Segmenter {
  private home?: Jieba;
  private away?: { worker: Worker; port: MessagePort; flag: Int32Array };
  private awayCuts = 0;

  constructor(private readonly extraWords: string) {}

  /** Starts loading the dictionary in a worker thread, for the first cuts. */
  ahead() {
    if (this.home || this.away) return;
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER, { eval: true, workerData: { jiebaModule, dictionary, extraWords: this.extraWords, port: port2, flag }, transferList: [port2] });
    // Neither keeps the process alive: a build that never cuts ends without waiting for the dictionary.
    worker.unref();
    port1.unref();
    this.away = { worker, port: port1, flag };
  }

  cut(text: string): string[] {
    if (!this.home && (!this.away || this.awayCuts++ >= AWAY_CUTS)) {
      this.home = loadJieba(this.extraWords);
      void this.away?.worker.terminate();
      this.away = undefined;
    }
    if (this.home) return this.home.cut(text, false);
    const { port, flag } = this.away!;
    Atomics.store(flag, 0, 0);
    port.postMessage(text);
    if (Atomics.wait(flag, 0, 0, AWAY_TIMEOUT_MS) === 'timed-out') throw new Error('分词线程没有响应（jieba 词典未能载入）：请重新运行；若仍如此，请重新安装依赖（npm install）。');
    const answer = receiveMessageOnPort(port)!.message as string[] | { failure: string };
    if (!Array.isArray(answer)) throw new Error(`分词（jieba）出错：${answer.failure}。请重新安装依赖（npm install）后再试。`);
    return answer;
  }
}

const segmenters = new Map<string, Jiebas>();
/** The segmenter of a list of themes already asked for: 相关经验 asks once per entry, with the same list. */
const byList = new WeakMap<Theme[], Jiebas>();

/** The segmenter for these themes' trigger words (editors' vocabulary), made once per set of themes; its dictionary loads at its first cut. */
export const segmenterFor = (themes: Theme[]): Segmenter => jiebasFor(themes);

/** Starts loading the dictionary of `themes`' segmenter in a worker thread now, for a build that will make few cuts. */
export const loadSegmenterAhead = (themes: Theme[]) => jiebasFor(themes).ahead();

function jiebasFor(themes: Theme[]): Jiebas {
  const known = byList.get(themes);
  if (known) return known;
  const extraWords = [...new Set(themes.flatMap((t) => [t.name, ...t.keywords]))]
    .filter((w) => WORD.test(w))
    .sort()
    .map((w) => `${w} 1000000 n`)
    .join('\n');
  let segmenter = segmenters.get(extraWords);
  if (!segmenter) segmenters.set(extraWords, (segmenter = new Jiebas(extraWords)));
  byList.set(themes, segmenter);
  return segmenter;
}
