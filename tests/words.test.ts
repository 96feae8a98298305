// The records' text cut into words for Pagefind (src/search/words.ts) and read back without the
// spaces by the search page (unspaced in searchLogic.js).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmenterFor } from '../src/link/segmenter.ts';
import { unspaced } from '../src/search/searchLogic.js';
import { spacedWords } from '../src/search/words.ts';

const jieba = segmenterFor([{ name: '青年之家', slug: 'qnzj', keywords: ['团代表联络站'] }]);

describe('words for the index', () => {
  it('are cut by jieba, then each as the browser cuts a query, so no indexed word is longer than a query’s', () => {
    // jieba holds 定襄县 as one word, the browser (ICU) as three.
    expect(spacedWords(jieba, '团定襄县委')).toBe('团 定 襄 县 委');
    expect(spacedWords(jieba, '团代表联络站扎实推进“青年之家”建设')).toBe('团 代表 联络 站 扎实 推进 “ 青年 之家 ” 建设');
  });

  it('are spaced only beside CJK characters: Latin words, numbers and character references stay whole', () => {
    expect(spacedWords(jieba, '12355热线和APP 平台&amp;ok&#39;s')).toBe('12355 热线 和 APP 平台 &amp;ok&#39;s');
  });

  it('leave tags and attributes alone, and part words at a tag', () => {
    const html = '<i data-pagefind-meta="title:〔2022〕第9期 青年之家"></i>\n<p>青年之家<b>建设</b></p>';
    expect(spacedWords(jieba, html)).toBe('<i data-pagefind-meta="title:〔2022〕第9期 青年之家"></i>\n<p> 青年 之家<b> 建设</b></p>');
  });

  it('read back as written, tags and all, for any text without spaces beside its CJK characters', () => {
    const piece = fc.constantFrom('青年', '之家', '团', '县委', '12355', 'APP', '，', '。', '“', '”', '、', '𠀀', 'a b', '2024', '年', '<b>', '</b>', '<i data-pagefind-meta="title:青年 之家"></i>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const spaced = spacedWords(jieba, text);
        expect(unspaced(spaced)).toBe(unspaced(text));
        expect(spaced.match(/<[^>]*>/g)).toEqual(text.match(/<[^>]*>/g));
      }),
    );
  });

  it('in an excerpt, marks stay where Pagefind put them and the spaces between marked words go', () => {
    expect(unspaced('建立 <mark>青年</mark> <mark>之</mark> <mark>家</mark> 平台 ， APP 下载')).toBe('建立<mark>青年</mark><mark>之</mark><mark>家</mark>平台，APP下载');
  });
});
