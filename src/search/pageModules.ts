// The search page's script (public/assets/search.js) decides with the very functions the build
// indexes with (searchLogic.js: full-width folding, the phrase index's keys and shards), so the two
// can never read a phrase differently. The build publishes that module where the page imports it.
import { fileURLToPath } from 'node:url';

export const SEARCH_PAGE_MODULES = [{ url: '/assets/search-logic.js', source: fileURLToPath(new URL('./searchLogic.js', import.meta.url)) }];
