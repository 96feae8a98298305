// Synthetic archive for benchmarks: N issues in the canonical format, deterministic by seed, with
// sentences drawn from the bundled samples, real Shanxi counties and the themes editors own.
// usage: npx tsx scripts/corpus.ts --issues 1000 --out /tmp/corpus [--seed 1]
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { counties } from '../src/places/divisions.ts';

const ISSUES_PER_YEAR = 40;
const NUMERALS = '一二三四五六七八九十';
const here = path.dirname(new URL(import.meta.url).pathname);
const content = path.join(here, '..', 'content');

/** mulberry32: a small seeded generator, so the same seed gives the same corpus. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentences of the bundled material, without Markdown and without the front-matter. */
function samplePool(): string[] {
  const files = [...readdirSync(path.join(content, 'issues'), { recursive: true }), ...readdirSync(path.join(content, 'articles')).map((f) => `../articles/${f}`)]
    .map(String)
    .filter((f) => f.endsWith('.md'));
  const text = files.map((f) => readFileSync(path.join(content, 'issues', f), 'utf8').split(/^---$/m).slice(2).join('')).join('\n');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .join('')
    .replace(/\*\*/g, '')
    .split(/(?<=[。！？])/)
    .map((s) => s.replace(/^[一二三四五六七八九十]是/, '').trim())
    .filter((s) => s.length >= 12 && s.length <= 160);
}

const themeNames = () => [...readFileSync(path.join(content, 'themes.yaml'), 'utf8').matchAll(/^- name: (.+)$/gm)].map((m) => m[1]);

export function writeCorpus(out: string, issues: number, seed = 1) {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const sentences = samplePool();
  const themes = themeNames();
  const real = counties.filter((c) => c.name !== '城区');
  const prose = (n: number) => Array.from({ length: n }, () => pick(sentences)).join('');
  rmSync(out, { recursive: true, force: true });
  const firstYear = 2025 - Math.ceil(issues / ISSUES_PER_YEAR) + 1;
  for (let i = 0; i < issues; i++) {
    const year = firstYear + Math.floor(i / ISSUES_PER_YEAR);
    const number = (i % ISSUES_PER_YEAR) + 1;
    const month = Math.min(12, 1 + Math.floor(((number - 1) * 12) / ISSUES_PER_YEAR));
    const day = 1 + Math.floor(next() * 28);
    const chosen = Array.from({ length: next() < 0.3 ? 2 : 1 }, () => pick(real));
    const body: string[] = [`编者按：${prose(3)}现编发其经验做法，供全省学习借鉴。`];
    for (const county of chosen) {
      body.push(`# 团${county.name}委：${pick(themes)}工作扎实推进`, prose(2));
      const sections = 2 + Math.floor(next() * 2);
      for (let s = 0; s < sections; s++) {
        body.push(`## ${NUMERALS[s]}、${pick(sentences).replace(/[。！？]$/, '').slice(0, 24)}`);
        const points = 2 + Math.floor(next() * 3);
        body.push(Array.from({ length: points }, (_, p) => `${NUMERALS[p]}是${prose(2)}`).join(''));
        body.push(prose(3));
      }
    }
    const front = [
      '---',
      `期号: 〔${year}〕第${number}期`,
      `日期: ${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      `责编: ${pick(['郭婕', '蔡孟好', '王丽', '李强'])}`,
      `主题: [${pick(themes)}]`,
      `县区: [${[...new Set(chosen.map((c) => c.name))].join(', ')}]`,
      '报: [省委办公厅, 省人大办公厅, 省政府办公厅, 省政协办公厅, 团中央办公厅]',
      '送: [省直有关单位, 各市党委政府, 团省委班子成员]',
      '发: [市级团委, 团省委机关各部门、直属事业单位]',
      '---',
    ];
    const dir = path.join(out, 'issues', String(year));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${String(number).padStart(2, '0')}.md`), [...front, '', body.join('\n\n'), ''].join('\n'));
  }
  cpSync(path.join(content, 'themes.yaml'), path.join(out, 'themes.yaml'));
  // With an address, as a published archive has: the build then writes the sitemap too.
  writeFileSync(path.join(out, 'site.yaml'), readFileSync(path.join(content, 'site.yaml'), 'utf8').replace(/^网址:.*$/m, '网址: http://intranet.example/archive/'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { issues: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  if (!values.out) throw new Error('--out DIR is required');
  writeCorpus(values.out, Number(values.issues), Number(values.seed));
  console.log(`wrote ${values.issues} issues to ${values.out}`);
}
