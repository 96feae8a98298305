// The one rule for "this page must be rendered", for a build and the dev server alike: a page is
// rendered when its key differs from the key it was last rendered with, or it is not there. A key
// holds everything the page is made from: the environment (templates, styles, yaoxun, settings, …),
// its URL and template, the bytes of every source file whose text it shows, and what it shows of
// others beyond them (相关经验 lists, an index page's lines and counts).
import { sha1 } from '../files.ts';
import type { PageSpec } from './pages.ts';

/** A content file's hash by its path as loaded */
export type HashOf = (source: string) => string | undefined;

/** The source files `paths` with the hash of each, as one string for a key. */
export const materialKey = (paths: Iterable<string>, hashOf: HashOf) => [...paths].sort().map((p) => `${p}\0${hashOf(p)}`).join('\n');

export function pageKey(spec: PageSpec, environment: string, hashOf: HashOf): string {
  return sha1(environment, spec.url, spec.template, materialKey(spec.sources, hashOf), spec.shows ?? '');
}

export interface RenderPlan {
  render: PageSpec[];
  /** URLs of the pages not rendered: what they show is as it was */
  kept: string[];
  /** Each page's key now, by URL, for the next plan */
  keys: Record<string, string>;
}

/** Which of `specs` to render, given each page's key when it was last rendered and whether it is still there. */
export function pagesToRender(specs: Iterable<PageSpec>, environment: string, hashOf: HashOf, last: (url: string) => string | undefined, present: (url: string) => boolean): RenderPlan {
  const plan: RenderPlan = { render: [], kept: [], keys: {} };
  for (const spec of specs) {
    const key = pageKey(spec, environment, hashOf);
    plan.keys[spec.url] = key;
    if (last(spec.url) === key && present(spec.url)) plan.kept.push(spec.url);
    else plan.render.push(spec);
  }
  return plan;
}
