// 相关经验 benchmark (not a test): what the related lists add to a cold link of a synthetic archive —
// segmenting every entry's text (jieba, its dictionary loaded once) and relating all entries —, the
// heap their word counts keep, and relating again after an edit with the memory of the relate
// before. Wall time and this process's CPU time (user + system) are both given: on a machine shared
// with other work the CPU time is the steadier figure.
// usage: npx tsx scripts/bench-related.ts [--sizes 1000,5000] [--runs 3]
import { createHash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/load/loadContent.ts';
import { linkContent } from '../src/link/linkContent.ts';
import { forgetSentences, relate, wordCounts } from '../src/link/related.ts';
import { parseDocument } from '../src/parse/parseDocument.ts';
import { readThemes } from '../src/link/themes.ts';
import { toString } from 'mdast-util-to-string';
import { writeCorpus } from './corpus.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000' }, runs: { type: 'string', default: '3' } } });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const size of values.sizes.split(',').map(Number)) {
  const corpus = path.join(tmpdir(), `yaoxun-bench-related-${size}`);
  writeCorpus(corpus, size);
  const content = loadContent(corpus);
  const { site } = linkContent(content, { parse: parseDocument });
  const entries = site.materials.flatMap((m) => m.entries);
  // A fingerprint of the lists the link made (addresses and reasons, in order): a speed-up must not change it.
  const lists = createHash('sha256');
  for (const [entry, relations] of site.related) {
    lists.update(`${entry.url}\n`);
    for (const { entry: other, why } of relations)
      lists.update(`  ${other.url} ${why.counties.map((c) => c.name).join(',')} ${why.city?.name ?? ''} ${why.themes.map((t) => t.name).join(',')} ${why.words.join(',')}\n`);
  }
  console.error(`${size} issues: lists sha256 ${lists.digest('hex')}`);
  const texts = site.materials.flatMap((m) =>
    m.doc.type === 'issue' ? m.doc.children.flatMap((n) => (n.type === 'article' ? [[n.title, toString(n.children)]] : [])) : [[m.title, toString(m.doc)]],
  );
  const themes = readThemes(content.themesYaml);
  // The dictionary is loaded by the link above; its load is timed on its own.
  const segment: number[] = [];
  const relating: number[] = [];
  const segmentCpu: number[] = [];
  const relatingCpu: number[] = [];
  const again: number[] = [];
  const againCpu: number[] = [];
  let kept = 0;
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  for (let run = 0; run < Number(values.runs); run++) {
    // As in a cold build, no sentence has been segmented yet (the link above segmented them all).
    forgetSentences();
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    let t = performance.now();
    let c = cpu();
    const counted = texts.map(([title, body]) => wordCounts(title, body, themes));
    segment.push(performance.now() - t);
    segmentCpu.push(cpu() - c);
    t = performance.now();
    c = cpu();
    const { related, memory } = relate(entries);
    relating.push(performance.now() - t);
    relatingCpu.push(cpu() - c);
    // After an edit to the newest article, as a build after it relates: a sentence's words gone, with the memory of the relate before.
    const [newest, ...rest] = entries;
    const edited = [{ ...newest, words: { ids: newest.words.ids.slice(8), counts: newest.words.counts.slice(8) } }, ...rest];
    t = performance.now();
    c = cpu();
    const { redone } = relate(edited, memory);
    again.push(performance.now() - t);
    againCpu.push(cpu() - c);
    if (run === 0) console.error(`${size} issues: after the edit ${redone} of ${entries.length} lists worked out in full`);
    global.gc?.();
    kept = Math.max(kept, process.memoryUsage().heapUsed - heap);
    if (counted.length !== entries.length) throw new Error('an entry was not counted');
    if (related.size !== entries.length) throw new Error('not every entry was related');
  }
  const chars = texts.reduce((sum, [a, b]) => sum + a.length + b.length, 0);
  const ms = (wall: number[], cpuTime: number[]) => `${median(wall).toFixed(0)} ms (CPU ${median(cpuTime).toFixed(0)} ms)`;
  const both = segment.map((s, k) => s + relating[k]);
  const bothCpu = segmentCpu.map((s, k) => s + relatingCpu[k]);
  console.log(
    `| ${size.toLocaleString('en')} | ${entries.length.toLocaleString('en')} | ${(chars / 1e6).toFixed(1)} M | ${ms(segment, segmentCpu)} | ${ms(relating, relatingCpu)} | ${ms(both, bothCpu)} | ${ms(again, againCpu)} | ${(kept / 2 ** 20).toFixed(0)} MB | load ${loadavg()[0].toFixed(1)} |`,
  );
}
