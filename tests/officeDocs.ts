// Bulletins as offices type them, made at test time: a flat ODT laid out by direct formatting only
// (red 48 pt masthead, 期号, unit and date on one right-tabbed line over a red rule, centred bold
// titles, 一、 headings in 黑体 — no heading styles —, 仿宋 body with first-line indents, 报/送/发
// between rules with a Shift+Enter continuation, 责编, — 1 — page numbers), then written by
// LibreOffice itself as .docx, .doc, .rtf, .odt and .pdf in one office process.
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

export interface Typed {
  /** File stem, e.g. 2022-11 */
  name: string;
  /** What the header says, as typed */
  label: string;
  date: string;
  /** What the import must find */
  expected: { 期号: string; 日期: string; 责编: string; 报: string[]; 送: string[]; 发: string[]; headings: string[]; editorNote: string };
  /** Every paragraph of text the document holds, one a line */
  text: string;
  /** The paragraphs between the masthead and the footer, one a line */
  body: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** **bold** runs as bold spans. */
const runs = (s: string) => s.split(/(\*\*[^*]+\*\*)/).filter(Boolean).map((part) => (part.startsWith('**') ? `<text:span text:style-name="B">${escape(part.slice(2, -2))}</text:span>` : escape(part))).join('');

const STYLES = `
<office:font-face-decls>
 <style:font-face style:name="仿宋" svg:font-family="FangSong"/>
 <style:font-face style:name="黑体" svg:font-family="SimHei"/>
 <style:font-face style:name="楷体" svg:font-family="KaiTi"/>
 <style:font-face style:name="小标宋" svg:font-family="'Noto Serif CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties fo:line-height="28pt"/><style:text-properties style:font-name-asian="仿宋" fo:font-size="16pt" style:font-size-asian="16pt" fo:language="zh" fo:country="CN"/></style:default-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Mast" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="100%" fo:margin-bottom="0.4cm"/><style:text-properties fo:color="#e00000" style:font-name-asian="小标宋" fo:font-size="48pt" style:font-size-asian="48pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Centre" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="UnitDate" style:family="paragraph"><style:paragraph-properties fo:border-bottom="1.5pt solid #e00000" fo:padding-bottom="0.1cm" fo:margin-bottom="0.5cm"><style:tab-stops><style:tab-stop style:position="15.6cm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.4cm"/><style:text-properties style:font-name-asian="小标宋" fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"/><style:text-properties style:font-name-asian="黑体"/></style:style>
 <style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"/><style:text-properties style:font-name-asian="楷体" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
 <style:style style:name="ListFirst" style:family="paragraph"><style:paragraph-properties fo:border-top="1pt solid #000000" fo:margin-left="1.6cm" fo:text-indent="-1.6cm" fo:margin-top="1cm"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="List" style:family="paragraph"><style:paragraph-properties fo:border-top="0.5pt solid #000000" fo:margin-left="1.6cm" fo:text-indent="-1.6cm"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="Editors" style:family="paragraph"><style:paragraph-properties fo:border-top="1pt solid #000000" fo:text-align="end"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="Foot" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm" fo:margin-bottom="2cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/><style:footer-style><style:header-footer-properties fo:min-height="1cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"><style:footer><text:p text:style-name="Foot">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer></style:master-page>
</office:master-styles>`;

/**
 * A bulletin from a canonical issue file (the samples as imported), typed the way an office does:
 * `label` and `date` as the header shows them (「[2022] 第 10 期」, 「2022 年 10 月 24 日」 typed the Word way).
 */
export function typedBulletin(markdown: string, name: string, header?: { label: string; date: string; 期号: string; 日期: string }): { fodt: string; typed: Typed } {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown)!;
  const meta = parseYaml(front) as Record<string, string | string[]>;
  const [y, m, d] = String(meta.日期).split('-').map(Number);
  const label = header?.label ?? String(meta.期号);
  const date = header?.date ?? `${y}年${m}月${d}日`;
  const lists = { 报: meta.报 as string[], 送: meta.送 as string[], 发: meta.发 as string[] };
  const paragraphs: string[] = [];
  const text: string[] = [];
  const add = (style: string, content: string) => {
    paragraphs.push(`<text:p text:style-name="${style}">${content}</text:p>`);
    text.push(content.replace(/<text:tab\/>|<text:line-break\/>/g, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  };
  add('Mast', '晋团要讯');
  if (meta.专刊) add('Centre', escape(String(meta.专刊)));
  add('Centre', escape(label));
  add('UnitDate', `共青团山西省委<text:tab/>${escape(date)}`);
  const bodyFrom = text.length;
  const headings: string[] = [];
  for (const block of body.trim().split(/\n\n+/)) {
    const heading = /^(#{1,3}) (.*)$/.exec(block);
    if (heading) headings.push(heading[2]);
    if (heading) add(['Title', 'H1', 'H2'][heading[1].length - 1], escape(heading[2]));
    else add('Body', runs(block));
  }
  const bodyText = text.slice(bodyFrom).join('\n');
  // The 报 list wraps by Shift+Enter, as typed to line its second half up under the first.
  const half = Math.ceil(lists.报.length / 2);
  add('ListFirst', `报：${escape(lists.报.slice(0, half).join('，'))}<text:line-break/>${escape(lists.报.slice(half).join('，'))}`);
  add('List', `送：${escape(lists.送.join('，'))}`);
  add('List', `发：${escape(lists.发.join('，'))}`);
  add('Editors', `责编：${escape([meta.责编].flat().join('、'))}`);
  const fodt = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">${STYLES}
<office:body><office:text>
${paragraphs.join('\n')}
</office:text></office:body></office:document>
`;
  const editorNote = body.trim().split(/\n\n+/)[0];
  return {
    fodt,
    typed: {
      name,
      label,
      date,
      expected: { 期号: header?.期号 ?? String(meta.期号), 日期: header?.日期 ?? String(meta.日期), 责编: String(meta.责编), ...lists, headings, editorNote },
      text: text.join('\n'),
      body: bodyText,
    },
  };
}

/** LibreOffice's export filter for each form a test wants. .wps is Kingsoft WPS Writer's name for a Word 97 binary (LibreOffice cannot write WPS's own format). */
export const FILTERS: Record<string, string> = { docx: 'MS Word 2007 XML', doc: 'MS Word 97', rtf: 'Rich Text Format', odt: 'writer8', pdf: 'writer_pdf_Export' };

// One office process for every file and form: soffice --convert-to takes one format per run, so
// the office is driven through UNO (Debian's python3-uno) instead of started once per format.
const CONVERT_PY = String.raw`
import sys, time, subprocess, uno, json
from com.sun.star.beans import PropertyValue
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
profile, pipe, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', '--nologo', '-env:UserInstallation=' + profile, '--accept=pipe,name=' + pipe + ';urp;'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
for _ in range(600):
    try:
        ctx = resolver.resolve('uno:pipe,name=' + pipe + ';urp;StarOffice.ComponentContext'); break
    except Exception:
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
try:
    for source, targets in jobs:
        doc = desktop.loadComponentFromURL(source, '_blank', 0, (prop('Hidden', True),))
        for url, flt in targets:
            doc.storeToURL(url, (prop('FilterName', flt),))
        doc.close(True)
finally:
    try: desktop.terminate()
    except Exception: pass
    office.wait(60)
`;

/** Writes each `stem`.fodt of `dir` in each of its forms beside it (2022-11.doc …), all in one LibreOffice process. */
export function officeForms(dir: string, jobs: { stem: string; forms: string[] }[]): void {
  const script = path.join(dir, 'convert.py');
  writeFileSync(script, CONVERT_PY);
  const url = (file: string) => pathToFileURL(file).href;
  const stores = jobs.map(({ stem, forms }) => [url(path.join(dir, `${stem}.fodt`)), forms.filter((f) => f !== 'wps').map((f) => [url(path.join(dir, `${stem}.${f}`)), FILTERS[f]])]);
  const r = spawnSync('/usr/bin/python3', [script, url(path.join(dir, 'lo-profile')), `yaoxun-test-${process.pid}`, JSON.stringify(stores)], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`LibreOffice conversion failed: ${r.stderr || r.error}`);
  for (const { stem, forms } of jobs) if (forms.includes('wps')) copyFileSync(path.join(dir, `${stem}.doc`), path.join(dir, `${stem}.wps`));
}

/** Width, height and colour components of a JPEG, from its start-of-frame marker. */
function jpegSize(jpeg: Buffer): { width: number; height: number; colours: number } {
  for (let i = 2; i < jpeg.length; ) {
    const marker = jpeg[i + 1];
    const length = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7), colours: jpeg[i + 9] };
    i += 2 + length;
  }
  throw new Error('not a JPEG');
}

/** A PDF of page images and nothing else, as a scanner writes one: each JPEG on an A4 page. */
export function imagePdf(jpegs: Buffer[]): Buffer {
  const objects: (string | Buffer)[][] = [];
  const pages = jpegs.map((jpeg, i) => {
    const { width, height, colours } = jpegSize(jpeg);
    const image = 3 + i * 3;
    const content = `q 595 0 0 842 0 0 cm /Im0 Do Q`;
    objects[image] = [`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${colours === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, '\nendstream'];
    objects[image + 1] = [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`];
    objects[image + 2] = [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${image + 1} 0 R >>`];
    return image + 2;
  });
  objects[1] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  objects[2] = [`<< /Type /Pages /Kids [${pages.map((p) => `${p} 0 R`).join(' ')}] /Count ${pages.length} >>`];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = length;
    for (const piece of [`${n} 0 obj\n`, ...objects[n], '\nendobj\n']) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
      parts.push(bytes);
      length += bytes.length;
    }
  }
  const xref = [`xref\n0 ${objects.length}\n0000000000 65535 f \n`, ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
