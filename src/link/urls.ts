// The site's URL scheme, in one place: every page's address is decided here from what it shows.
// Addresses are site-absolute paths ('/counties/jinzhong/yuciqu/'); the render stage writes each
// one relative to the page that links to it, so the same site works at any path.
import type { City, County } from '../places/divisions.ts';
import type { Theme } from './themes.ts';

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** issues/2022/09: an issue's file in the content folder (with .md) and its address (between slashes). */
export const issuePath = (year: number, number: number) => `issues/${year}/${twoDigits(number)}`;

export const urls = {
  home: '/',
  issue: (year: number, number: number) => `/${issuePath(year, number)}/`,
  /** A standalone's address is its file name: content/articles/<slug>.md */
  standalone: (slug: string) => `/articles/${slug}/`,
  years: '/years/',
  year: (year: number) => `/years/${year}/`,
  counties: '/counties/',
  city: (city: City) => `/counties/${city.slug}/`,
  county: (county: County) => `/counties/${county.city.slug}/${county.slug}/`,
  themes: '/themes/',
  theme: (theme: Theme) => `/themes/${theme.slug}/`,
  search: '/search/',
  notFound: '/404.html',
  feed: '/feed.xml',
  sitemap: '/sitemap.xml',
};
