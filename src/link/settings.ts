// What editors set for the whole site, read once for a link: the themes and the site's own facts.
import type { ContentFiles } from '../load/loadContent.ts';
import { readPublication, type Publication } from './publication.ts';
import { readThemes, type Theme } from './themes.ts';

/** What editors set for the whole site: the themes in themes.yaml and the facts in site.yaml. */
export interface Settings {
  themes: Theme[];
  publication: Publication;
}

/** Reads themes.yaml and site.yaml; their problems become messages on those files. */
export function readSettings(content: ContentFiles): Settings {
  return { themes: readThemes(content.themesYaml), publication: readPublication(content.siteYaml) };
}
