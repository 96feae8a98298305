// Import of the back-catalogue, measured: three Word-typed bulletins (as tests/importOffice.test.ts
// makes them) in each office form, one scanned; per form the sentences kept, 期号/日期 right and
// seconds per file; then a folder of N .doc files (default 100) in one LibreOffice run.
//   npx tsx scripts/bench-import.ts [--docs 100] [--skip-scan]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { parse as parseYaml } from 'yaml';
import { canonicalText } from '../src/import/sentences.ts';
import { imagePdf, officeForms, type Typed, typedBulletin } from '../tests/officeDocs.ts';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '100' }, 'skip-scan': { type: 'boolean', default: false } } });
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'yaoxun-bench-import-'));
const source = (n: string) => readFileSync(path.join(root, 'content', 'issues', '2022', `${n}.md`), 'utf8');

function importRun(inputs: string[], out: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'yaoxun.js'), 'import', ...inputs, '--out', out], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return (performance.now() - started) / 1000;
}

function judge(out: string, t: Typed) {
  const [, year, number] = /〔(\d{4})〕第(\d+)期/.exec(t.expected.期号)!;
  let text = '';
  try {
    text = readFileSync(path.join(out, 'issues', year, `${number.padStart(2, '0')}.md`), 'utf8');
  } catch {
    return { right: false, kept: 0, total: 1, similarity: 0 };
  }
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
  const meta = parseYaml(front) as Record<string, unknown>;
  const sentences = t.body.split(/(?<=[。！？；])|\n/).map(canonicalText).filter(Boolean);
  const kept = canonicalText(body);
  const a = canonicalText(body);
  const b = canonicalText(t.body);
  return { right: meta.期号 === t.expected.期号 && meta.日期 === t.expected.日期, kept: sentences.filter((s) => kept.includes(s)).length, total: sentences.length, similarity: 1 - distance(a, b) / Math.max(a.length, b.length) };
}

const forms = ['docx', 'doc', 'wps', 'rtf', 'odt', 'pdf'];
const bulletins = [
  { file: '11', label: '〔2022〕第11期', date: '2022年12月13日', 日期: '2022-12-13' },
  { file: '09', label: '〔2022〕第9期', date: '2022年9月26日', 日期: '2022-09-26' },
  { file: '11', label: '[2022] 第 10 期', date: '2022 年 10 月 24 日', 日期: '2022-10-24' },
];
const typed = bulletins.map((b, i) => {
  const made = typedBulletin(source(b.file), `b${i + 1}`, { label: b.label, date: b.date, 期号: b.label.includes('[') ? '〔2022〕第10期' : b.label, 日期: b.日期 });
  writeFileSync(path.join(work, `b${i + 1}.fodt`), made.fodt);
  return made.typed;
});
officeForms(work, typed.map((t) => ({ stem: t.name, forms: forms })));

console.log('| 格式 | 句子保留 | 期号/日期正确 | 每个文件用时 |');
console.log('| --- | --- | --- | --- |');
for (const form of forms) {
  const inputs = path.join(work, `in-${form}`);
  mkdirSync(inputs);
  for (const t of typed) copyFileSync(path.join(work, `${t.name}.${form}`), path.join(inputs, `${t.name}.${form}`));
  const seconds = importRun([inputs], path.join(work, `out-${form}`));
  const results = typed.map((t) => judge(path.join(work, `out-${form}`), t));
  const kept = results.reduce((n, r) => n + r.kept, 0);
  const total = results.reduce((n, r) => n + r.total, 0);
  console.log(`| .${form} | ${kept}/${total} | ${results.filter((r) => r.right).length}/${results.length} | ${(seconds / typed.length).toFixed(1)} s |`);
}

if (!values['skip-scan']) {
  // Each bulletin printed to PDF by LibreOffice, rendered at 300 dpi as a scanner would, and read back.
  for (const [i, t] of typed.entries()) {
    const pages = path.join(work, `pages-b${i + 1}`);
    mkdirSync(pages);
    spawnSync('pdftoppm', ['-r', '300', '-jpeg', path.join(work, `b${i + 1}.pdf`), path.join(pages, 'p')]);
    const jpegs = readdirSync(pages).sort().map((f) => readFileSync(path.join(pages, f)));
    writeFileSync(path.join(work, `scan-b${i + 1}.pdf`), imagePdf(jpegs));
    const seconds = importRun([path.join(work, `scan-b${i + 1}.pdf`)], path.join(work, `out-scan-b${i + 1}`));
    const r = judge(path.join(work, `out-scan-b${i + 1}`), t);
    console.log(`| 扫描件 ${bulletins[i].label}（${jpegs.length} 页，300 dpi） | ${r.kept}/${r.total}（逐字相同）；字符相似度 ${r.similarity.toFixed(3)} | ${r.right ? 1 : 0}/1 | ${seconds.toFixed(1)} s（每页 ${(seconds / jpegs.length).toFixed(1)} s） |`);
  }
}

// A folder of .doc files, each its own 期号, in one LibreOffice run.
const count = Number(values.docs);
const docs = path.join(work, 'docs');
mkdirSync(docs);
const many = Array.from({ length: count }, (_, i) => {
  const year = 2000 + Math.floor(i / 20);
  const made = typedBulletin(source(i % 2 ? '09' : '11'), `d${i}`, { label: `〔${year}〕第${(i % 20) + 1}期`, date: `${year}年3月${(i % 28) + 1}日`, 期号: '', 日期: '' });
  writeFileSync(path.join(work, `d${i}.fodt`), made.fodt);
  return { stem: `d${i}`, forms: ['doc'] };
});
officeForms(work, many);
for (const { stem } of many) copyFileSync(path.join(work, `${stem}.doc`), path.join(docs, `${stem}.doc`));
const seconds = importRun([docs], path.join(work, 'out-docs'));
const written = readdirSync(path.join(work, 'out-docs', 'issues'), { recursive: true }).filter((f) => String(f).endsWith('.md')).length;
console.log(`\n${count} 个 .doc 文件一次导入（一个 LibreOffice 进程）：共 ${seconds.toFixed(1)} s，每个文件 ${(seconds / count).toFixed(2)} s，写入 ${written} 期；负载 ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
rmSync(work, { recursive: true, force: true });
