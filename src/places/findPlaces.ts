// Finding Shanxi's counties in bulletin text. The evidence is graded: a reporting
// unit (团阳城县委) or a full name is strong; a bare short form (阳城) alone is not counted; names
// that hide inside words (响应县委 ⊃ 应县, 振兴县域 ⊃ 兴县) only count with a city before them or a
// 县委/区委 after them, or in a list beside the full name of another county of their city
// (原平市、繁峙县和代县).
// Parse, import and link all resolve places here: a reporting unit's county (unitCounty), a 县区
// entry (writtenCounty) and the form to write it in (countyWrittenName), with the reason shown to
// the editor when a name is not taken as written; the callers only choose the rule id.
import { distance } from 'fastest-levenshtein';
import { UNIT, UNIT_TITLE } from '../grammar.ts';
import { cities, cityByName, counties, countiesByName, type City, type County } from './divisions.ts';

export interface UnitPlace {
  /** The unit as written, 团盂县县委 */
  unit: string;
  county?: County;
  city?: City;
  /** The county-like name that resolved to nothing, e.g. 孟县 */
  unknown?: string;
}

const PROVINCE_PREFIX = /^(山西省|山西)/;

/** Removes a leading province and city (晋中市太谷 → 太谷) and says which city it was. */
function stripPrefixes(name: string): { rest: string; city?: City } {
  const rest = name.replace(PROVINCE_PREFIX, '');
  for (const city of cities) {
    for (const prefix of [city.name, city.short]) {
      if (rest.startsWith(prefix) && rest.length > prefix.length) return { rest: rest.slice(prefix.length), city };
    }
  }
  return { rest };
}

/** 城区（晋城市）, the way the site labels a county whose name another city shares, → 晋城市城区. */
const LABELLED = /^(.+)[（(](.+)[）)]$/;

/** The counties `written` may mean: a full name, optionally with its city before it (晋城市城区) or after it in brackets (城区（晋城市）). */
function countiesMeant(written: string): County[] {
  const trimmed = written.trim();
  const labelled = LABELLED.exec(trimmed);
  const { rest, city } = stripPrefixes(labelled ? labelled[2] + labelled[1] : trimmed);
  return (countiesByName.get(rest) ?? []).filter((c) => !city || c.city === city);
}

/** A county named in full, optionally with its city (晋城市城区, 城区（晋城市）); ambiguous names need the city. */
export function countyNamed(written: string): County | undefined {
  const matches = countiesMeant(written);
  return matches.length === 1 ? matches[0] : undefined;
}

/** How to write `county` so that countyNamed finds it again: 盂县, or 晋城市城区 where another city has a 城区 too. */
export function countyWrittenName(county: County): string {
  return countiesByName.get(county.name)!.length > 1 ? county.city.name + county.name : county.name;
}

/** Counties of the same length and kind one character away: candidates for a mistyped name. */
function nearCounties(written: string): County[] {
  return counties.filter((c) => c.name.length === written.length && c.name.at(-1) === written.at(-1) && distance(c.name, written) === 1);
}

/** （相近的有 盂县、…）, or nothing when no county is one character away. */
function nearNote(written: string): string {
  const near = nearCounties(written);
  return near.length ? `（相近的有 ${near.slice(0, 5).map(countyWrittenName).join('、')}）` : '';
}

/** Why a written name was not taken as it stands, in the words the editor reads. */
export interface Doubt<Kind extends string> {
  kind: Kind;
  reason: string;
}

export interface WrittenCounty {
  county?: County;
  /** ambiguous: a name several cities share, written without its city; unknown: no Shanxi county */
  doubt?: Doubt<'ambiguous' | 'unknown'>;
}

/** A county as an editor writes it in the front-matter 县区, or why it is none. */
export function writtenCounty(written: string): WrittenCounty {
  const matches = countiesMeant(written);
  if (matches.length === 1) return { county: matches[0] };
  if (matches.length > 1) {
    const forms = matches.map((c) => `「${countyWrittenName(c)}」`);
    return { doubt: { kind: 'ambiguous', reason: `县区「${written}」有 ${matches.length} 个同名的县级行政区：请写上所属的市，写成${forms.slice(0, -1).join('、')}或${forms.at(-1)}。` } };
  }
  return { doubt: { kind: 'unknown', reason: `县区「${written}」不是山西的县级行政区：请写县级行政区的全称${nearNote(written)}。` } };
}

function resolveUnit(unit: string, middle: string, kind: string): UnitPlace {
  const { rest, city } = stripPrefixes(middle);
  if (!city && cityByName.get(rest + kind)) return { unit, city: cityByName.get(rest + kind) };
  const county = countyNamed((city?.name ?? '') + rest + kind) ?? (/[县区市]$/.test(rest) ? countyNamed((city?.name ?? '') + rest) : undefined);
  if (county) return { unit, county, city: county.city };
  return { unit, city, unknown: /[县区市]$/.test(rest) ? rest : rest + kind };
}

/** The reporting unit an article title starts with (团盂县县委：…, 共青团晋中市太谷区委…). */
export function titleUnit(title: string): UnitPlace | undefined {
  const m = UNIT_TITLE.exec(title.trim());
  return m ? resolveUnit(m[0], m[1], m[2]) : undefined;
}

export interface UnitCounty {
  /** The unit as written, 团盂县县委 */
  unit: string;
  /** The county it stands for: as written, or the one a mistyped name meant (孟县 → 盂县) */
  county?: County;
  /** mistyped: no Shanxi county, read as the county one character away that the text names; unknown: no county at all */
  doubt?: Doubt<'mistyped' | 'unknown'>;
}

/**
 * The county of an article's reporting unit, the one way parser and importer read it. A name that is
 * no Shanxi county is taken as a county one character away only when the text names that county with
 * confidence elsewhere (`named`): 团孟县县委 in an issue about 盂县 is 盂县, said as a warning.
 */
export function unitCounty(title: string, named: ReadonlySet<County>): UnitCounty | undefined {
  const place = titleUnit(title);
  if (!place?.unknown) return place && { unit: place.unit, county: place.county };
  const { unit, unknown } = place;
  const meant = nearCounties(unknown).find((c) => named.has(c));
  if (meant) return { unit, county: meant, doubt: { kind: 'mistyped', reason: `「${unknown}」不是山西的县级行政区，是否应为「${meant.name}」（${meant.city.name}）？` } };
  return { unit, doubt: { kind: 'unknown', reason: `「${unknown}」不是山西的县级行政区：请核对单位名称${nearNote(unknown)}。` } };
}

/** A city whose name the text holds (晋城 in 山西晋城：…), the first in the order of the divisions. */
export function cityMentioned(text: string): City | undefined {
  return cities.find((c) => text.includes(c.short));
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation over every strong written form, longest first so 新绛县 wins over 绛县. */
function textPattern() {
  const byForm = new Map<string, County>();
  const guarded: string[] = [];
  for (const [name, list] of countiesByName) {
    for (const county of list) {
      for (const city of [county.city.name, county.city.short]) {
        byForm.set(city + name, county);
        if (county.short && name === county.name) byForm.set(city + county.short, county);
      }
      if (list.length === 1 && name.length >= 3) byForm.set(name, county);
      else if (list.length === 1) guarded.push(name);
    }
  }
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length).map(escape);
  // Two-character names are ordinary words or parts of them unless a 县委/区委 follows.
  const unitFollows = guarded.map((name) => `${escape(name)}(?=团?${name.at(-1)}委)`);
  const strong = [...forms, ...unitFollows].join('|');
  // ...or unless they stand in a list beside full names (原平市、繁峙县和代县); 城区 is one of them.
  const twoCharacter = [...countiesByName.keys()].filter((name) => name.length === 2).map(escape);
  const item = `(?:${strong}|${twoCharacter.join('|')})`;
  return {
    pattern: new RegExp(strong, 'g'),
    byForm,
    /** Cheap to run: most texts have no two-character name beside a joiner, and skip the list scan. */
    shortInList: new RegExp(`${LIST_JOINER}(?:${twoCharacter.join('|')})|(?:${twoCharacter.join('|')})${LIST_JOINER}`),
    list: new RegExp(`${item}(?:${LIST_JOINER}${item})+`, 'g'),
    item: new RegExp(`${LIST_JOINER}?(?:(${strong})|(${twoCharacter.join('|')}))`, 'y'),
  };
}

/** What joins the names of a list: 、，, and 和 及 与 以及. */
const LIST_JOINER = '(?:[、，,]|以及|和|及|与)';

const { pattern, byForm, shortInList, list, item } = textPattern();

const strongCounty = (written: string) => byForm.get(written) ?? countiesByName.get(written)?.[0];

/**
 * Two-character names in a list that also names, in full, a county of the same city: 代县 in
 * 「原平市、繁峙县和代县」 (both 忻州市). A list of another city's counties is no evidence.
 */
function countiesInLists(text: string): County[] {
  const found: County[] = [];
  if (!shortInList.test(text)) return found;
  for (const m of text.matchAll(list)) {
    const strong: County[] = [];
    const short: string[] = [];
    item.lastIndex = 0;
    for (let next = item.exec(m[0]); next; next = item.exec(m[0])) {
      if (next[1]) strong.push(strongCounty(next[1])!);
      else short.push(next[2]);
    }
    for (const name of short) {
      const county = countiesByName.get(name)?.find((c) => strong.some((s) => s.city === c.city));
      if (county) found.push(county);
    }
  }
  return found;
}

/** Every county the text names with strong evidence, in order of first mention. */
export function countiesInText(text: string): County[] {
  const found = new Set<County>();
  for (const m of text.matchAll(UNIT)) {
    const place = resolveUnit(m[0], m[1], m[2]);
    if (place.county) found.add(place.county);
  }
  for (const m of text.matchAll(pattern)) {
    const county = strongCounty(m[0]);
    if (county) found.add(county);
  }
  for (const county of countiesInLists(text)) found.add(county);
  return [...found];
}

/** Cities a text names as a reporting unit (团晋城市委), i.e. material about the city as a whole. */
export function citiesAsUnits(text: string): City[] {
  const found = new Set<City>();
  for (const m of text.matchAll(UNIT)) {
    const place = resolveUnit(m[0], m[1], m[2]);
    if (place.city && !place.county && !place.unknown) found.add(place.city);
  }
  return [...found];
}
