// The site's URL scheme, in one place: every page's address is decided here from what it shows.
// Addresses are site-absolute paths ('/counties/jinzhong/yuciqu/'); the render stage writes each
// one relative to the page that links to it, so the same site works at any path.
import { SOURCE_FOLDERS } from '../load/loadContent.ts';
import type { City, County } from '../places/divisions.ts';
import type { Theme } from './themes.ts';

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** issues/2022/09: an issue's file in the content folder (with .md) and its address (between slashes). */
export const issuePath = (year: number, number: number) => `${SOURCE_FOLDERS.issue}/${year}/${twoDigits(number)}`;

/** Where `yaoxun new` and import write a source, inside the content folder: issues/2022/09.md, articles/taigu-chuangxin-juli.md */
export const issueFile = (year: number, number: number) => `${issuePath(year, number)}.md`;
export const standaloneFile = (slug: string) => `${SOURCE_FOLDERS.standalone}/${slug}.md`;

/** The pages the site has one of: templates get these (as `urls`), and every other address from the site model. */
export const pageUrls = {
  home: '/',
  years: '/years/',
  counties: '/counties/',
  themes: '/themes/',
  search: '/search/',
  notFound: '/404.html',
  feed: '/feed.xml',
  sitemap: '/sitemap.xml',
};

export const urls = {
  ...pageUrls,
  issue: (year: number, number: number) => `/${issuePath(year, number)}/`,
  /** One article of an issue: its anchor on the issue's page */
  article: (issue: string, anchor: string) => `${issue}#${anchor}`,
  /** A standalone's address is its file name: content/articles/<slug>.md */
  standalone: (slug: string) => `/articles/${slug}/`,
  year: (year: number) => `/years/${year}/`,
  city: (city: City) => `/counties/${city.slug}/`,
  county: (county: County) => `/counties/${county.city.slug}/${county.slug}/`,
  theme: (theme: Theme) => `/themes/${theme.slug}/`,
};
