// County detection on the traps DESIGN.md lists, against the GB/T 2260 data.
import { describe, expect, it } from 'vitest';
import { cities, counties } from '../src/places/divisions.ts';
import { citiesAsUnits, countiesInText, countyNamed, titleUnit } from '../src/places/findPlaces.ts';

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
  it('needs the city for 城区, which both 阳泉市 and 晋城市 have', () => {
    expect(countyNamed('城区')).toBeUndefined();
    expect(countyNamed('晋城市城区')?.city.name).toBe('晋城市');
    expect(countyNamed('阳泉城区')?.city.name).toBe('阳泉市');
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
