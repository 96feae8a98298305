// A newspaper clipping as copied from a web page: a link line, 日期查询:2023年05月08日 (or a date
// inside the link), a headline, perhaps a kicker (共青团××县委, over or under it), a byline (本报记者 …), and
// paragraphs one a line or indented.
import { UNIT } from '../grammar.ts';
import { parseDate } from '../parse/frontMatter.ts';
import { importStandalone } from './importStandalone.ts';
import type { Imported } from './imported.ts';
import type { Block } from './repairBody.ts';

const LINK = /^(https?:\/\/\S+)$/;
const DATE_QUERY = /^日期查询\s*[:：]\s*(.+)$/;
const BYLINE = /^(本报记者|本报通讯员|本报评论员|记者|通讯员|作者)[\s：:]/;
const INDENTED = /^([ \u3000]{2,}|\t)/;

/** Newspapers by the host of their pages, for 来源 when the clipping does not name itself. */
const HOSTS: [RegExp, string][] = [
  [/(^|\.)zqb\.cyol\.com$/, '中国青年报'],
  [/(^|\.)cyol\.com$/, '中青在线'],
  [/(^|\.)youth\.cn$/, '中国青年网'],
  [/(^|\.)(sxrb\.com|sxdaily\.com\.cn)$/, '山西日报'],
  [/(^|\.)sxgov\.cn$/, '山西新闻网'],
  [/(^|\.)people\.com\.cn$/, '人民网'],
  [/(^|\.)(xinhuanet\.com|news\.cn)$/, '新华网'],
];

/** A line that is a unit's name and nothing else: 共青团偏关县委, 团晋城市委. */
const UNIT_LINE = new RegExp(`^${UNIT.source}$`);
const isUnitLine = (line: string | undefined) => line !== undefined && UNIT_LINE.test(line.trim());

export function isClipping(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4);
  return lines.some((l) => DATE_QUERY.test(l)) || (lines.length > 0 && LINK.test(lines[0]));
}

/** 20230508 or 2023-05/08 inside a link. */
function dateInLink(link: string): string | undefined {
  for (const m of link.matchAll(/(?<!\d)(20\d{2})[-/]?(\d{2})[-/]?(\d{2})(?!\d)/g)) {
    const date = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
    if (date) return date;
  }
  return undefined;
}

function hostSource(link: string | undefined): string | undefined {
  if (!link) return undefined;
  const host = new URL(link).hostname;
  return HOSTS.find(([pattern]) => pattern.test(host))?.[1];
}

/** Paragraphs: an indented line starts one when the clipping indents; otherwise every line is one. */
function paragraphs(lines: string[]): Block[] {
  const indents = lines.some((l) => INDENTED.test(l));
  const out: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    if (indents && !INDENTED.test(line) && out.length) out[out.length - 1] += line.trim();
    else out.push(line.trim());
  }
  return out.map((text) => ({ kind: 'paragraph', text }));
}

export function importClipping(text: string): Imported {
  const dropped: string[] = [];
  let link: string | undefined;
  let date: string | undefined;
  const rest: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const linkLine = LINK.exec(trimmed);
    const query = DATE_QUERY.exec(trimmed);
    if (linkLine && !link) link = linkLine[1];
    else if (query && parseDate(query[1])) {
      date ??= parseDate(query[1]);
      dropped.push(trimmed);
    } else rest.push(line);
  }
  date ??= link && dateInLink(link);
  const lines = rest.filter((l) => l.trim());
  const short = (l: string | undefined) => l !== undefined && l.trim().length <= 40 && !/[。！？]/.test(l);
  // A kicker naming a unit (共青团偏关县委) may stand over the headline: the headline is the line under it.
  const over = isUnitLine(lines[0]) && short(lines[1]) && !BYLINE.test(lines[1].trim()) ? lines.shift()!.trim() : undefined;
  const headline = lines.shift()?.trim();
  // Otherwise a kicker line stands just under the headline; the byline comes next.
  let kicker = over;
  if (!kicker && short(lines[0]) && !BYLINE.test(lines[0].trim())) kicker = lines.shift()!.trim();
  const author = lines[0] && BYLINE.test(lines[0].trim()) && short(lines[0]) ? lines.shift()!.trim() : undefined;
  const imported = importStandalone(paragraphs(lines), { title: headline, subtitle: kicker, date, author, link, origin: hostSource(link) });
  return { ...imported, dropped: [...dropped, ...imported.dropped] };
}
