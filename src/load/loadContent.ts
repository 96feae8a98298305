// Load: the content folder as source files (path, text, hash). Nothing here knows the bulletin.
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { error } from '../messages.ts';
import { contentHash, filesIn } from '../files.ts';

export type SourceKind = 'issue' | 'standalone';

declare module 'vfile' {
  interface DataMap {
    kind: SourceKind;
    hash: string;
    /**
     * The file's size, times of change and inode when it was read, where a later build may take them
     * to stand for its bytes (see Known): set only for a file read whole and well, last changed long
     * enough before (SETTLED_MS) that any later write must change them.
     */
    signature: string;
  }
}

/**
 * What an earlier build read of a file: its hash, given its signature then. Where the file's
 * signature is the same now, its bytes are too (their hash is taken as it is, the file is read only
 * if its text is asked for): a write changes its time of change (ctime, which nothing can set back).
 */
export type Known = (path: string, signature: string) => string | undefined;

/**
 * The disk counts times in ticks (a few milliseconds): a file written less than this before it was
 * read could be written again within the same tick, at the same size, and keep its signature.
 */
export const SETTLED_MS = 2000;

export interface ContentFiles {
  root: string;
  issues: VFile[];
  standalones: VFile[];
  themesYaml?: VFile;
  /** site.yaml: the site's own facts (刊名, 主办单位, 网址) */
  siteYaml?: VFile;
}

/** Larger than any bulletin by two orders of magnitude: a file this big is a mistake, not an issue. */
export const MAX_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/** Reads one file as text; bytes that are not UTF-8 or a size no issue has become a message, not a crash. */
export function readSource(filePath: string, kind?: SourceKind, bytes: Uint8Array = readFileSync(filePath)): VFile {
  const file = new VFile({ path: filePath, value: '' });
  if (kind) file.data.kind = kind;
  file.data.hash = contentHash(bytes);
  if (bytes.length > MAX_BYTES) {
    error(file, `文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_BYTES / 1024 / 1024} MB 的上限：一期简报不会这么大，请检查是否误存了其他内容。`, undefined, 'file-too-large');
    return file;
  }
  if (!isUtf8(bytes)) {
    error(file, '文件不是 UTF-8 编码的文本：请在编辑器中以 UTF-8 编码另存（GBK/GB2312 或 Word 文档需先转换）。', undefined, 'not-utf8');
    return file;
  }
  // The text is decoded when first read: `check FILE` never reads most files' text (the build's
  // outlines stand in for it), and decoding 1,000 issues was a fifth of its time with the garbage.
  textWhenRead(file, () => bytes);
  return file;
}

/** Gives `file` the text of `bytes()`, got and decoded when its value is first read, then let go. */
function textWhenRead(file: VFile, bytes: () => Uint8Array) {
  let undecoded: (() => Uint8Array) | undefined = bytes;
  let text = '';
  Object.defineProperty(file, 'value', {
    enumerable: true,
    configurable: true,
    get() {
      if (undecoded) {
        // A BOM is what Windows editors add; it is not content.
        text = utf8.decode(undecoded()).replace(/^\uFEFF/, '');
        undecoded = undefined;
      }
      return text;
    },
    set(value: string) {
      undecoded = undefined;
      text = value;
    },
  });
}

/** A file whose hash `known` gives for its signature now: its text is read only when asked for. */
function knownSource(filePath: string, kind: SourceKind | undefined, hash: string): VFile {
  const file = new VFile({ path: filePath, value: '' });
  if (kind) file.data.kind = kind;
  file.data.hash = hash;
  textWhenRead(file, () => {
    const bytes = readFileSync(filePath);
    // Written since its signature was taken: its text is not the one its hash stands for.
    if (contentHash(bytes) !== hash) throw new Error(`${filePath} 在生成过程中被修改了：请等它保存完，再运行一次 yaoxun build。`);
    return bytes;
  });
  return file;
}

/** Reads `filePath`, or takes its hash from `known` where its signature is the one known; then signs it where it has settled. */
function loadSource(filePath: string, kind: SourceKind | undefined, known: Known | undefined): VFile {
  if (!known) return readSource(filePath, kind);
  const stat = statSync(filePath, { bigint: true });
  const signature = `${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.ino}`;
  const hash = known(filePath, signature);
  const file = hash ? knownSource(filePath, kind, hash) : readSource(filePath, kind);
  // Taken before the read: a write after it changes the signature, and then the next build reads the file.
  // Settled by its last change (ctime: a write, or its mtime set back, as a copy that keeps times does).
  const settled = Date.now() - Number(stat.ctimeNs / 1_000_000n) > SETTLED_MS;
  if (settled && file.messages.length === 0) file.data.signature = signature;
  return file;
}

const isMarkdown = (name: string) => name.endsWith('.md');

/** The folder of a content folder each kind of source is kept in. */
export const SOURCE_FOLDERS: Record<SourceKind, string> = { issue: 'issues', standalone: 'articles' };

/** The issue and standalone files of a content folder, without reading them. */
export function sourcePathsIn(root: string) {
  return { issues: filesIn(path.join(root, SOURCE_FOLDERS.issue), isMarkdown), standalones: filesIn(path.join(root, SOURCE_FOLDERS.standalone), isMarkdown) };
}

/** What `file` is in the content folder `root`: an issue or a standalone by the folder it is under, or nothing. */
export function sourceKindOf(root: string, file: string): SourceKind | undefined {
  if (!isMarkdown(file)) return undefined;
  const top = path.relative(path.resolve(root), path.resolve(file)).split(path.sep)[0];
  return top === SOURCE_FOLDERS.issue ? 'issue' : top === SOURCE_FOLDERS.standalone ? 'standalone' : undefined;
}

/** The files of a content folder that hold what editors set for the whole site */
export const SETTING_FILES = { themesYaml: 'themes.yaml', siteYaml: 'site.yaml' } as const;
export type SettingFile = keyof typeof SETTING_FILES;

/** The content folder's files, each read, or (given what an earlier build read, `known`) taken as it was where it cannot have changed. */
export function loadContent(root: string, known?: Known): ContentFiles {
  const themesPath = path.join(root, SETTING_FILES.themesYaml);
  const sitePath = path.join(root, SETTING_FILES.siteYaml);
  const { issues, standalones } = sourcePathsIn(root);
  return {
    root,
    issues: issues.map((p) => loadSource(p, 'issue', known)),
    standalones: standalones.map((p) => loadSource(p, 'standalone', known)),
    themesYaml: existsSync(themesPath) ? loadSource(themesPath, undefined, known) : undefined,
    siteYaml: existsSync(sitePath) ? loadSource(sitePath, undefined, known) : undefined,
  };
}

/** Every source file of the content folder, site.yaml and themes.yaml first. */
export const sourceFiles = (content: ContentFiles) => [...[content.siteYaml, content.themesYaml].filter((f): f is VFile => f !== undefined), ...content.issues, ...content.standalones];
