// County detection on the known traps (names hidden inside words, bare short forms, retired names),
// against the GB/T 2260 data.
import { describe, expect, it } from 'vitest';
import { cities, counties } from '../src/places/divisions.ts';
import { DIVISION_SLUGS } from '../src/places/divisionSlugs.ts';
import { slugify } from '../src/places/slug.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { citiesAsUnits, countiesInText, countyNamed, countyWrittenName, titleUnit, writtenCounty } from '../src/places/findPlaces.ts';
import { ISSUE_FRONT_MATTER, tempDir, yaoxun } from './helpers.ts';

const names = (text: string) => countiesInText(text).map((c) => c.name);


describe('Shanxi divisions', () => {
  it('has 11 cities and 117 county-level units: 26 districts, 11 cities, 80 counties', () => {
    expect(cities).toHaveLength(11);
    expect(counties).toHaveLength(117);
    expect(counties.filter((c) => c.name.endsWith('区'))).toHaveLength(26);
    expect(counties.filter((c) => c.name.endsWith('市'))).toHaveLength(11);
    expect(counties.filter((c) => c.name.endsWith('县'))).toHaveLength(80);
  });
  it('knows 太谷区 (a county until 2019) and reads the old name as the new one', () => {
    expect(countyNamed('太谷区')?.city.name).toBe('晋中市');
    expect(countyNamed('太谷县')?.name).toBe('太谷区');
  });
  it('gives every city and county-level unit the slug of its standard reading (洪洞 hongtong, 繁峙 fanshi), unique within its city', () => {
    const actual = Object.fromEntries([...cities.map((c) => [c.name, c.slug]), ...counties.map((c) => [c.label, c.slug])]);
    expect(Object.keys(actual)).toHaveLength(11 + 117);
    expect(actual).toEqual(DIVISION_SLUGS);
    // The table is written out so that no run waits for pinyin-pro to spell it; the importer and
    // article names still use pinyin-pro, and with its four custom readings it must agree.
    for (const c of cities) expect(slugify(c.short), c.name).toBe(c.slug);
    for (const c of counties) expect(slugify(c.name), c.label).toBe(c.slug);
    for (const city of cities) {
      const slugs = counties.filter((c) => c.city === city).map((c) => c.slug);
      expect(new Set(slugs).size, city.name).toBe(slugs.length);
    }
    expect(new Set(cities.map((c) => c.slug)).size).toBe(11);
  });
  it('needs the city for 城区, which both 阳泉市 and 晋城市 have', () => {
    expect(countyNamed('城区')).toBeUndefined();
    expect(countyNamed('晋城市城区')?.city.name).toBe('晋城市');
    expect(countyNamed('阳泉城区')?.city.name).toBe('阳泉市');
    expect(countyNamed('城区（晋城市）')?.city.name).toBe('晋城市');
  });
  it('writes every county so that it is read back as itself: 盂县 bare, 城区 with its city', () => {
    for (const county of counties) expect(countyNamed(countyWrittenName(county)), county.label).toBe(county);
    expect(counties.filter((c) => countyWrittenName(c) !== c.name).map(countyWrittenName)).toEqual(['阳泉市城区', '晋城市城区']);
  });
  it('says which forms to write for a bare 城区 in the front-matter', () => {
    expect(writtenCounty('城区').doubt).toEqual({ kind: 'ambiguous', reason: '县区「城区」有 2 个同名的县级行政区：请写上所属的市，写成「阳泉市城区」或「晋城市城区」。' });
    expect(writtenCounty('孟县').doubt?.reason).toContain('相近的有 盂县');
  });
});

describe('counties in text', () => {
  it('finds reporting units and full names', () => {
    expect(names('团阳城县委紧紧聚焦青年需求')).toEqual(['阳城县']);
    expect(names('共青团晋中市太谷区委围绕中心工作')).toEqual(['太谷区']);
    expect(names('团盂县县委紧紧围绕')).toEqual(['盂县']);
    expect(names('晋城高平市确立了机制；沁水县通过引导')).toEqual(['高平市', '沁水县']);
  });
  it('prefers the longer name: 岢岚县 is not 岚县, 新绛县 is not 绛县', () => {
    expect(names('岢岚县团县委')).toEqual(['岢岚县']);
    expect(names('新绛县推进改革')).toEqual(['新绛县']);
  });
  it('does not see counties inside ordinary words', () => {
    for (const text of ['画出最大同心圆', '联动太原理工大学开展测绘', '积极响应县委号召', '领导莅临县团委指导', '振兴县域经济', '市城区的社区', '矿区的青年', '阳城青年有了获得感']) {
      expect(names(text), text).toEqual([]);
    }
  });
  it('takes 城区 only with its city', () => {
    expect(names('晋城城区的区位优势突出').map(String)).toEqual(['城区']);
    expect(countiesInText('晋城城区的区位优势突出')[0].city.name).toBe('晋城市');
  });
  it('tells a city unit (团晋城市委) from a county-level city unit (团永济市委)', () => {
    expect(names('团晋城市委班子')).toEqual([]);
    expect(citiesAsUnits('团山西省晋城市委').map((c) => c.name)).toEqual(['晋城市']);
    expect(names('团永济市委')).toEqual(['永济市']);
  });
  it('reads the unit that starts an article title, and flags one that is not a county', () => {
    expect(titleUnit('团榆次区委用好用活“三”字诀')?.county?.name).toBe('榆次区');
    const typo = titleUnit('团孟县县委：“三围绕”扎实推进');
    expect(typo?.county).toBeUndefined();
    expect(typo?.unknown).toBe('孟县');
  });
});

describe('two-character counties in a list', () => {
  it('takes 代县 listed with full names of counties of its own city (忻州市)', () => {
    expect(names('原平市、繁峙县和代县的团组织')).toEqual(['原平市', '繁峙县', '代县']);
    expect(names('代县、五台县及定襄县')).toEqual(['五台县', '定襄县', '代县']);
    expect(countiesInText('阳泉市矿区、平定县与城区')[0].city.name).toBe('阳泉市');
    expect(countiesInText('平定县与城区').map((c) => c.label)).toEqual(['平定县', '城区（阳泉市）']);
  });
  it('does not take a two-character name listed only with counties of another city', () => {
    expect(names('原平市、繁峙县和盂县')).toEqual(['原平市', '繁峙县']);
    expect(names('阳城县和代县')).toEqual(['阳城县']);
    expect(names('代县和应县')).toEqual([]);
  });
});

describe('places through check and inspect', () => {
  /** A content folder holding one issue with `县区` and the given body, and what inspect says of it. */
  function inspectIssue(counties: string, body: string) {
    const content = path.join(tempDir('places'), 'content');
    const file = path.join(content, 'issues', '2023', '01.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, ISSUE_FRONT_MATTER.replace('报:', `县区: [${counties}]\n报:`) + body);
    const r = yaoxun(['inspect', file, '--content', content]);
    return JSON.parse(r.stdout).linked as { articles: { counties: { name: string; city: string }[] }[]; messages: { line: number; rule: string; message: string }[] };
  }
  const chengqu = '\n# 团阳泉市城区委：青年之家进社区\n\n团区委建成青年之家 12 个。\n\n# 团阳泉市成区委：青年突击队助力复工\n\n组建青年突击队 30 支。\n';

  it('files an article whose mistyped unit means a county another city shares (成区 → 阳泉市城区) under that county', () => {
    const linked = inspectIssue('阳泉市城区', chengqu);
    expect(linked.articles.map((a) => a.counties)).toEqual([[expect.objectContaining({ name: '城区', city: '阳泉市' })], [expect.objectContaining({ name: '城区', city: '阳泉市' })]]);
    expect(linked.messages).toEqual([expect.objectContaining({ line: 15, rule: 'unit-county-mistyped', message: '「成区」不是山西的县级行政区，是否应为「城区」（阳泉市）？' })]);
  });
  it('accepts 城区（晋城市） in 县区 and asks for the city where 城区 is written bare', () => {
    expect(inspectIssue('城区（晋城市）', chengqu).messages.map((m) => m.rule)).toEqual(['unit-county-mistyped']);
    expect(inspectIssue('城区', chengqu).messages).toContainEqual({
      severity: 'warning',
      line: 5,
      column: 1,
      rule: 'front-matter-county-ambiguous',
      message: '县区「城区」有 2 个同名的县级行政区：请写上所属的市，写成「阳泉市城区」或「晋城市城区」。',
    });
  });
});
