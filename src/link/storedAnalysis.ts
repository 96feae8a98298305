// A document's analysis (materials.ts) as a build's cache of them keeps it (cache/analysisCache.ts):
// its counties and cities by code, its themes by name and its problems as stored messages, all JSON,
// and each entry's words as counted. Read back, it is what analysing the document again would give.
// Word numbers hold for one process (vocabulary.ts): the cache writes the words they stand for
// beside them, and reads them back as this process numbers those words.
import type { VFile } from 'vfile';
import { restoreMessages, storeMessages, type StoredMessage } from '../cache/storedMessages.ts';
import { problemsInto, type Problem } from '../messages.ts';
import { cityCoded, countyCoded } from '../places/divisions.ts';
import { linksOf, type Analysis, type EntryDetail, type KeptAnalyses, type Material } from './materials.ts';
import type { Theme } from './themes.ts';
import type { WordCounts } from './vocabulary.ts';

interface Found {
  counties: string[];
  cities: string[];
  themes: string[];
}

interface StoredEntry extends Found {
  anchor?: string;
  url: string;
  title: string;
}

export interface StoredAnalysis extends Found {
  url: string;
  title: string;
  date?: string;
  year?: number;
  description: string;
  editorNote: boolean;
  entries: StoredEntry[];
  problems: StoredMessage[];
}

/** An analysis as stored: JSON, and its entries' words in order (numbered as this process numbers words), kept apart from JSON. */
export interface Stored {
  analysis: StoredAnalysis;
  words: WordCounts[];
}

/** Stored analyses by file, each for the file's bytes as they are now and for the themes of this link. */
export interface AnalysisStore {
  get(file: VFile): Stored | undefined;
  set(file: VFile, stored: Stored): void;
}

const found = ({ counties, cities, themes }: Pick<EntryDetail, 'counties' | 'cities' | 'themes'>): Found => ({
  counties: counties.map((c) => c.code),
  cities: cities.map((c) => c.code),
  themes: themes.map((t) => t.name),
});

function stored({ material, problems }: Analysis): Stored {
  const { url, title, date, year, description, editorNote, entries } = material;
  const analysis = {
    url,
    title,
    date,
    year,
    description,
    editorNote,
    ...found(material),
    entries: entries.map((e) => ({ anchor: e.anchor, url: e.url, title: e.title, ...found(e) })),
    problems: storeMessages(problems.map((p) => p.message)),
  };
  return { analysis, words: entries.map((e) => e.words) };
}

/** The analyses in `store`, read back with `themes` (the themes they were made with) and written to it when made. */
export function keptIn(store: AnalysisStore, themes: Theme[]): KeptAnalyses {
  const themeNamed = new Map(themes.map((t) => [t.name, t]));
  const restored = (s: Found) => ({
    counties: s.counties.map((code) => countyCoded(code)!),
    cities: s.cities.map((code) => cityCoded(code)!),
    themes: s.themes.map((name) => themeNamed.get(name)!),
  });
  return {
    get({ file, doc }) {
      const kept = store.get(file);
      if (!kept) return undefined;
      const s = kept.analysis;
      const material: Material = {
        kind: doc.type,
        url: s.url,
        title: s.title,
        date: s.date,
        year: s.year,
        source: file.path,
        doc,
        description: s.description,
        editorNote: s.editorNote,
        ...restored(s),
        entries: [],
        links: { counties: [], themes: [] },
      };
      material.links = linksOf(material);
      material.entries = s.entries.map((e, k) => ({ material, anchor: e.anchor, url: e.url, title: e.title, ...restored(e), words: kept.words[k] }));
      const problems: Problem[] = [];
      restoreMessages(file, s.problems, problemsInto(problems));
      return { material, problems };
    },
    set({ file }, analysis) {
      store.set(file, stored(analysis));
    },
  };
}

