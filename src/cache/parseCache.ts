// Parsed files kept on disk by content: a build parses only the files it has not seen in this form
// with this version of yaoxun, and reads the rest back with the messages their parse left. Entries
// are named by what they were made from and written aside then renamed, so builds running at once
// (of other output folders) may share them: the worst they do is write the same entry twice.
// Every edit and every new version of yaoxun leaves entries no build will read again; a build that
// parsed something removes the entries nobody has read for a month.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { isInside, sha1, Writes } from '../files.ts';
import { markUsed, marksDue, removeUnused } from './unused.ts';
import { isError } from '../messages.ts';
import type { Document, ImageLookup, IssueLabel, ParseResult, Standalone } from '../types.ts';
import { restoreMessages, storeMessages, type StoredMessage } from './storedMessages.ts';

/** A parse's result, whole, and the messages it left on the file */
interface StoredParse {
  result: ParseResult;
  messages: StoredMessage[];
}

type Parse = (file: VFile, contentRoot: string) => ParseResult;

/**
 * What the link needs of a parse to place a document among the others without its tree (its kind,
 * 期号 and where its keys are written), and how many errors the parse left on it: `yaoxun check
 * FILE` reads these for the other files of the content folder instead of their whole entries.
 */
export interface Outline {
  type: Document['type'];
  issue?: IssueLabel;
  keyPlaces: ParseResult['keyPlaces'];
  errors: number;
}

/**
 * What a build needs of a file's parse until it renders the file's page or search records: the
 * outline, the messages, the images, and the tree's kind and front-matter. The link reads an
 * unchanged document's analysis back (analysisCache.ts) and lists it by these, so the tree itself
 * is read only when something shows its text: at 5,000 issues the trees were 0.8 s to read back,
 * and more to collect as garbage, in a build after one edit.
 */
interface Light {
  outline: Outline;
  imageLookups: ImageLookup[];
  messages: StoredMessage[];
  media: ParseResult['media'];
  meta?: Document['meta'];
}

/**
 * The light parses of one content folder's files, by path, each with the hash and kind of the bytes
 * it was made from; and when every entry the index leads to was last marked as used (markUsed).
 */
interface OutlineIndex {
  marked?: number;
  files: Record<string, { hash: string; kind: string } & Light>;
}

/** A tree whose kind and front-matter are at hand and whose nodes are read from `entry` when first asked for. */
function treeReadLater(type: Document['type'], meta: Document['meta'], entry: string): Document {
  let tree: Document | undefined;
  const whole = () => {
    if (tree) return tree;
    try {
      tree = (JSON.parse(readFileSync(entry, 'utf8')) as StoredParse).result.doc!;
    } catch {
      // Entries are renamed into place whole, and `read` saw this one: only a hand in the cache folder
      // gets here. Without it the next build parses the file again.
      rmSync(entry, { force: true });
      throw new Error(`解析缓存 ${entry} 读不出来，已删除：请再运行一次 yaoxun build。`);
    }
    return tree;
  };
  return {
    type,
    meta,
    get children() {
      return whole().children;
    },
    get notes() {
      return (whole() as Standalone).notes;
    },
    get position() {
      return whole().position;
    },
  } as Document;
}

/** Whether the disk still holds what an image check found: every image found is still there, inside the content folder, and none was missing. */
const imagesAsChecked = (lookups: ImageLookup[]) => lookups.every((l) => l.found && existsSync(l.paths[0]) && isInside(l.root, l.paths[0]));

export class ParseCache {
  /** Entries parsed this time by file name, as JSON taken at once: linking may add to the tree afterwards. */
  private fresh = new Map<string, string>();
  /** What the cache holds for each file: a whole entry, or a light part whose tree is read when first asked for */
  private found = new Map<VFile, StoredParse>();
  /** The entries this build reads or writes, by file name */
  private used = new Set<string>();
  /** The parser, for the files the cache does not hold */
  private parser?: Parse;
  /** Each file's light part as this build found it, for the content folder's outline index */
  private outlined = new Map<VFile, Light>();
  private contentRoot?: string;
  /** When the entries the outline index leads to were last marked as used, and the names of those this build read */
  private marked?: number;
  private listed = new Set<string>();

  constructor(private readonly dir: string, private readonly version: string) {}

  /**
   * An entry's file name. The same bytes in another folder, or of another content folder, name
   * other images (they are read from the file's folder and must be inside the content folder).
   */
  private name(file: VFile, contentRoot: string) {
    return `${sha1(this.version, String(file.data.kind), path.resolve(file.path), path.resolve(contentRoot), String(file.data.hash))}.json`;
  }

  /**
   * Reads what the cache holds for `files` of the content folder `contentRoot` (of a file the last
   * build saw as it is now, only its light part: its tree when first asked for); says whether any
   * file must be parsed, so the caller loads the parser (remark and its extensions) only then (see `using`).
   */
  read(files: VFile[], contentRoot: string): boolean {
    this.contentRoot = contentRoot;
    const index = this.index(contentRoot);
    this.marked = index.marked;
    let missing = false;
    for (const file of files) {
      // A file that could not even be read (not UTF-8, too big) is not parsed at all.
      if (file.messages.length) {
        missing = true;
        continue;
      }
      try {
        const name = this.name(file, contentRoot);
        const entry = path.join(this.dir, name);
        const known = this.known(index, file);
        if (known?.meta && existsSync(entry)) {
          const { outline, imageLookups, media, messages, meta } = known;
          this.found.set(file, { result: { doc: treeReadLater(outline.type, meta, entry), keyPlaces: outline.keyPlaces, media, imageLookups }, messages });
          this.used.add(name);
          this.listed.add(name);
          continue;
        }
        const stored = JSON.parse(readFileSync(entry, 'utf8')) as StoredParse;
        // A parse also looked at the disk: an entry holds only while the images are as its check found them.
        if (imagesAsChecked(stored.result.imageLookups)) {
          this.found.set(file, stored);
          this.used.add(name);
        } else missing = true;
      } catch {
        // Not cached yet, or an entry a crash cut short: parse it.
        missing = true;
      }
    }
    return missing;
  }

  /** Parses the files the cache does not hold with `parser`. */
  using(parser: Parse): this {
    this.parser = parser;
    return this;
  }

  /** What the parser gave for the same bytes before, or what it gives now; `read` first. */
  readonly parse = (file: VFile, contentRoot: string): ParseResult => {
    const entry = this.found.get(file);
    const unread = !entry && file.messages.length > 0;
    const result = entry ? entry.result : this.parser!(file, contentRoot);
    const messages = entry ? entry.messages : storeMessages(file.messages);
    if (entry) restoreMessages(file, messages);
    else if (!unread) this.fresh.set(this.name(file, contentRoot), JSON.stringify({ result, messages } satisfies StoredParse));
    if (!unread && result.doc) this.outlined.set(file, this.lightOf(file, result, messages));
    return result;
  };

  /** A file's light part, right after its parse or its messages were put back: its messages are then the parse's alone. */
  private lightOf(file: VFile, { doc, keyPlaces, imageLookups, media }: ParseResult, messages: StoredMessage[]): Light {
    const outline: Outline = { type: doc!.type, keyPlaces, errors: file.messages.filter(isError).length };
    if (doc!.type === 'issue') outline.issue = { year: doc!.meta.issue.year, number: doc!.meta.issue.number, label: doc!.meta.issue.label };
    return { outline, imageLookups, messages, media, meta: doc!.meta };
  }

  /** The outline index of a content folder: one file for this version of yaoxun and this folder. */
  private indexName(contentRoot: string) {
    return `outlines-${sha1(this.version, path.resolve(contentRoot))}.json`;
  }

  /** The light parses the last build of the content folder `contentRoot` left, or none. */
  private index(contentRoot: string): OutlineIndex {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, this.indexName(contentRoot)), 'utf8')) as OutlineIndex;
    } catch {
      return { files: {} };
    }
  }

  /** `file`'s light parse in `index` while it still holds: same bytes, same kind, images as its check found them. */
  private known(index: OutlineIndex, file: VFile): Light | undefined {
    const where = path.resolve(file.path);
    const known = Object.hasOwn(index.files, where) ? index.files[where] : undefined;
    return known && !file.messages.length && known.hash === String(file.data.hash) && known.kind === String(file.data.kind) && imagesAsChecked(known.imageLookups) ? known : undefined;
  }

  /**
   * The outlines of `files` that the last build of their content folder left and that still hold;
   * files without one are not in the map. Reads only: `yaoxun check` never writes into the cache.
   */
  outlines(files: VFile[], contentRoot: string): Map<VFile, Outline> {
    const index = this.index(contentRoot);
    const found = new Map<VFile, Outline>();
    for (const file of files) {
      const known = this.known(index, file);
      if (known) found.set(file, known.outline);
    }
    return found;
  }

  /**
   * Writes what was parsed this time, marks what was read as used, and, when something was parsed,
   * removes what is unused. The entries read through the outline index are marked only when their
   * last marking is due again (marksDue): at 5,000 issues, looking at each entry's time took 50 ms of every build.
   */
  async save(): Promise<void> {
    const now = Date.now();
    const index = this.contentRoot === undefined ? undefined : path.join(this.dir, this.indexName(this.contentRoot));
    if (index) this.used.add(path.basename(index));
    const due = marksDue(this.marked, now);
    for (const name of this.used) if (due || !this.listed.has(name)) markUsed(path.join(this.dir, name), now);
    mkdirSync(this.dir, { recursive: true });
    const writes = new Writes();
    if (index && (this.fresh.size > 0 || due || !existsSync(index))) {
      const outlines: OutlineIndex = { marked: due ? now : this.marked, files: {} };
      for (const [file, o] of this.outlined) outlines.files[path.resolve(file.path)] = { hash: String(file.data.hash), kind: String(file.data.kind), ...o };
      await writes.put(index, JSON.stringify(outlines), 'aside');
    }
    for (const [name, entry] of this.fresh) {
      await writes.put(path.join(this.dir, name), entry, 'aside');
      this.used.add(name);
    }
    await writes.done();
    if (this.fresh.size === 0) return;
    this.fresh.clear();
    removeUnused(this.dir, (name) => this.used.has(name), now);
  }
}
