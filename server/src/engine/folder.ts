/**
 * The workspace index: what the engine may know of the folder around a
 * document (.gitignore, .secretlintignore, .secretlintrc.*, ignore settings)
 * and the file walk the CLI and workspace scans use. It reads files; it never
 * writes, never runs workspace code unless the workspace is trusted, and
 * never touches the network.
 */
import { isUtf8 } from 'buffer';
import fs = require('fs');
import path = require('path');
import ignore, { type Ignore } from 'ignore';
import { FINGERPRINT_FILE, fingerprintFilePath, parseFingerprints } from './fixes/ignore';
import { FAMILIES } from './registry';
import { isInsideFolder, isWithin } from './folderPaths';
import { flatString } from './text';

export { isInsideFolder };
import type { WorkspaceView } from './types';

export interface WorkspaceIndexOptions {
  /** Trusted workspaces may load rule packages named by .secretlintrc. */
  trusted?: boolean;
  /** Extra ignore globs (gitignore syntax) from settings or the command line. */
  ignore?: string[];
  /** Largest file the walk yields, in bytes. */
  maxFileSize?: number;
  /** Told once per file that was not read because it resolves outside the folder (a symbolic link out of it). */
  onRefused?: (message: string) => void;
}

const ALWAYS_SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode-test', '__pycache__', '.venv', 'venv', '.terraform', '.next', '.cache']);
const BINARY_EXT = new Set(
  '.png .jpg .jpeg .gif .webp .ico .bmp .tiff .pdf .zip .gz .tgz .bz2 .xz .7z .rar .jar .war .class .so .dylib .dll .exe .bin .o .a .wasm .woff .woff2 .ttf .otf .eot .mp3 .mp4 .mov .avi .webm .ogg .wav .flac .sqlite .db .pyc .vsix .node .psd .ai .sketch .parquet .avro'.split(' '),
);

/** Why a file was not scanned. */
export type SkipKind = 'binary' | 'too-large' | 'unreadable' | 'own-output';

/** A file as read for scanning: its text, or why it was skipped. */
export interface ScanRead {
  text?: string;
  /** The reason, for people: 'binary', 'larger than 5 MB', 'cannot read: EACCES'. */
  skipped?: string;
  skip?: SkipKind;
  /** The file's modification time and size when it was read ("mtimeMs:size"), to tell later whether it changed. */
  stamp?: string;
}

/**
 * The whole file behind `fd`, `size` bytes as its fstat said (more if it grew since, fewer if it shrank), at most
 * `cap` bytes (a file growing while it is read is not read without end). A read that stops short of what was asked at
 * exactly the size fstat gave has reached the end: no second read to hear it (one system call of five per file, 20,000
 * of them in a workspace index).
 */
function readAll(fd: number, size: number, cap: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, 0) + 1, cap));
  let n = 0;
  for (;;) {
    if (n >= cap) break;
    if (n === buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, cap));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const asked = buf.length - n;
    const r = fs.readSync(fd, buf, n, asked, null);
    if (r === 0) break;
    n += r;
    if (r < asked && n === size) break;
  }
  return buf.subarray(0, n);
}

/** What statSync says about a file's version: "mtimeMs:size". */
export function fileStamp(st: { mtimeMs: number; size: number }): string {
  return flatString(`${st.mtimeMs}:${st.size}`);
}

/**
 * Signatures of binary formats (bytes at an offset; `null` matches any byte). Only consulted for a file that is
 * not clean text (it has a NUL byte or invalid UTF-8), so no header can hide a text file.
 */
const MAGIC: Array<{ at?: number; bytes: Array<number | null> }> = [
  ...[
    '89 50 4E 47 0D 0A 1A 0A', // PNG
    'FF D8 FF', // JPEG
    '47 49 46 38 37 61', // GIF87a
    '47 49 46 38 39 61', // GIF89a
    '25 50 44 46 2D', // %PDF-
    '50 4B 03 04', // zip (jar, docx, apk, vsix, whl)
    '50 4B 05 06', // empty zip
    '50 4B 07 08', // spanned zip
    '1F 8B', // gzip
    '42 5A 68 ?? 31 41 59 26 53 59', // bzip2
    'FD 37 7A 58 5A 00', // xz
    '37 7A BC AF 27 1C', // 7z
    '28 B5 2F FD', // zstd
    '04 22 4D 18', // lz4
    '52 61 72 21 1A 07', // rar
    '7F 45 4C 46', // ELF
    'FE ED FA CE', // Mach-O
    'FE ED FA CF',
    'CE FA ED FE',
    'CF FA ED FE',
    'CA FE BA BE', // Java class, Mach-O universal
    'AC ED 00 05', // Java serialization
    '00 61 73 6D', // WebAssembly
    '53 51 4C 69 74 65 20 66 6F 72 6D 61 74 20 33 00', // SQLite
    'D0 CF 11 E0 A1 B1 1A E1', // OLE2 (doc, xls, msi)
    '00 00 01 00', // ICO
    '49 49 2A 00', // TIFF
    '4D 4D 00 2A',
    '00 01 00 00 00', // TrueType
    '77 4F 46 46', // WOFF
    '77 4F 46 32', // WOFF2
    '4F 67 67 53 00', // Ogg
    '66 4C 61 43', // FLAC
    '49 44 33 ?? 00', // MP3 with ID3
    '21 3C 61 72 63 68 3E 0A', // ar (deb, static libraries)
  ].map((hex) => ({ bytes: hex.split(' ').map((b) => (b === '??' ? null : parseInt(b, 16))) })),
  { at: 4, bytes: [0x66, 0x74, 0x79, 0x70] }, // ftyp: MP4, MOV, HEIC
  { at: 257, bytes: [0x75, 0x73, 0x74, 0x61, 0x72] }, // ustar: tar
];

/** Files where more than this share of characters are NUL, other control characters or invalid UTF-8 are binary. */
const BINARY_SHARE = 0.3;

function hasMagic(buf: Buffer): boolean {
  for (const m of MAGIC) {
    const at = m.at ?? 0;
    if (buf.length < at + m.bytes.length) continue;
    if (m.bytes.every((b, i) => b === null || buf[at + i] === b)) return true;
  }
  // PE (exe, dll): "MZ" and the "PE\0\0" header it points at.
  if (buf.length >= 0x40 && buf[0] === 0x4d && buf[1] === 0x5a) {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 4 <= buf.length && buf.readUInt32BE(pe) === 0x50450000) return true;
  }
  return false;
}

/** Share of the characters that text does not hold: NUL and other control characters (not tab, line breaks, form feed, escape), DEL, U+FFFD (invalid UTF-8). */
function oddShare(text: string): number {
  if (!text.length) return 0;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b : c === 0x7f || c === 0xfffd) odd++;
  }
  return odd / text.length;
}

/**
 * Text or binary, as content tells (like ripgrep and Perl's -B, not git's "any NUL byte"): valid UTF-8 without a
 * NUL byte is text; a UTF-16 byte-order mark is text in that encoding; otherwise a known binary signature, or a
 * significant share of NUL/control bytes or invalid UTF-8, is binary. A text file with a few stray control bytes
 * is text, kept as read (the bytes stay, so columns do not shift); a byte-order mark is not a column.
 */
export function decodeForScan(buf: Buffer): { text: string } | { binary: true } {
  if (buf.indexOf(0) < 0 && isUtf8(buf)) {
    const text = buf.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    text = buf.toString('utf16le', 2, buf.length - (buf.length % 2));
  } else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    text = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2))).swap16().toString('utf16le');
  } else {
    if (hasMagic(buf)) return { binary: true };
    text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  return oddShare(text) > BINARY_SHARE ? { binary: true } : { text };
}

/** The scanner's cache file (CLI --cache): never scanned itself. */
const SCAN_CACHE_FILE = '.microapp-guard-cache';

// ---- reading inside the folder only ----------------------------------------------

/** What `readInsideFolder` found: the text, or that the file resolves outside the folder (and was not read). */
export interface InsideRead {
  text?: string;
  /** Set when the file exists but resolves outside the folder: for people, naming the file, never its content. */
  refused?: string;
}

/** The note for a file not read because it resolves outside the folder. */
function outsideNote(root: string, absPath: string): string {
  const rel = path.relative(path.resolve(root), path.resolve(absPath)).split(path.sep).join('/') || path.basename(absPath);
  return `${rel} resolves outside the workspace folder (a symbolic link out of it): not read`;
}

/** Whether the path exists, as a file, a folder or a link (a dangling link counts). */
function existsAsLink(absPath: string): boolean {
  try {
    fs.lstatSync(absPath);
    return true;
  } catch {
    return false;
  }
}

/** Reads a file of the folder as text, unless it resolves outside the folder (then `refused` says so); {} when missing. */
export function readInsideFolder(root: string, absPath: string): InsideRead {
  if (!existsAsLink(absPath)) return {};
  if (!isInsideFolder(root, absPath)) return { refused: outsideNote(root, absPath) };
  try {
    return { text: fs.readFileSync(absPath, 'utf8') };
  } catch {
    return {};
  }
}

// ---- the tool's own outputs --------------------------------------------------------

/** The first line of the YAML files the tool writes besides the manifest (Backstage catalog-info.yaml). */
const OWN_OUTPUT_MARKER = '# Generated by Micro-App Guard';
const TOOL_NAME = 'microapp-guard';

function toolNames(tools: unknown): string[] {
  const list = Array.isArray(tools) ? tools : tools && typeof tools === 'object' ? [...(Array.isArray((tools as { components?: unknown }).components) ? ((tools as { components: unknown[] }).components) : []), ...(Array.isArray((tools as { services?: unknown }).services) ? (tools as { services: unknown[] }).services : [])] : [];
  return list.map((t) => (t && typeof t === 'object' ? String((t as { name?: unknown }).name ?? '') : ''));
}

/**
 * Which of the tool's own outputs a text is, by its content (any file name): a SARIF log whose run's driver is
 * microapp-guard, the JSON report of `scan --format json`, a CycloneDX SBOM the tool made, the scanner's cache, a
 * Backstage catalog-info.yaml it wrote. These are never read as the app's content (their help links and hosts are
 * not the app's integrations). The registration manifest is not one of them: it is checked as the manifest.
 */
function ownOutputKind(text: string): string | undefined {
  let i = 0;
  while (i < text.length && i < 256 && (text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0xfeff)) i++;
  const c = text[i];
  if (c === '#') return text.startsWith(OWN_OUTPUT_MARKER, i) && /^kind:\s*Component\s*$/m.test(text) ? 'Backstage catalog-info.yaml' : undefined;
  if (c !== '{' || (!text.includes(TOOL_NAME) && !text.includes('"depsDigest"'))) return undefined;
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const runs = j.runs;
  if (Array.isArray(runs) && runs.some((r) => (r as { tool?: { driver?: { name?: unknown } } } | null)?.tool?.driver?.name === TOOL_NAME)) return 'SARIF log';
  if ((j.tool as { name?: unknown } | undefined)?.name === TOOL_NAME && Array.isArray(j.findings)) return 'JSON report';
  if (j.bomFormat === 'CycloneDX' && toolNames((j.metadata as { tools?: unknown } | undefined)?.tools).includes(TOOL_NAME)) return 'CycloneDX SBOM';
  const entries = j.entries as Record<string, unknown> | undefined;
  if (typeof j.version === 'string' && typeof j.root === 'string' && entries && typeof entries === 'object') {
    const list = Object.values(entries);
    if (list.length && list.every((e) => !!e && typeof e === 'object' && typeof (e as { mac?: unknown }).mac === 'string' && typeof (e as { depsDigest?: unknown }).depsDigest === 'string')) return 'scan cache';
  }
  return undefined;
}

/** A path part that path.resolve would change: a `.` or `..` segment, an empty one, a trailing separator (either separator). */
const NOT_NORMALISED = /[\\/](?:\.\.?(?=[\\/]|$)|[\\/]|$)/;

export class WorkspaceIndex implements WorkspaceView {
  readonly root: string;
  /** The enclosing git work tree (may be above root, as in a monorepo package); root when none. */
  gitRoot: string;
  readonly trusted: boolean;
  private readonly gitignores = new Map<string, Ignore | null>();
  private scanIgnore: Ignore;
  private readonly maxFileSize: number;
  private settingsIgnore: string[];
  private readonly configs = new Map<string, unknown>();
  private fingerprintSet?: ReadonlySet<string>;
  private configEpoch = 0;

  /** The root with a trailing separator (what every path below it starts with). */
  private readonly rootPrefix: string;

  constructor(root: string, opts: WorkspaceIndexOptions = {}) {
    this.root = path.resolve(root);
    this.rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    this.gitRoot = findGitRoot(this.root) ?? this.root;
    // A folder the user points at explicitly is scanned even when the repository ignores it.
    if (this.gitRoot !== this.root && this.isGitIgnored(path.join(this.root, '_'))) {
      this.gitRoot = this.root;
      this.gitignores.clear();
    }
    this.trusted = opts.trusted ?? false;
    this.maxFileSize = opts.maxFileSize ?? 5 * 1024 * 1024;
    this.settingsIgnore = opts.ignore ?? [];
    this.onRefused = opts.onRefused;
    this.scanIgnore = this.buildScanIgnore();
  }

  private readonly onRefused?: (message: string) => void;
  private readonly refused = new Set<string>();

  /**
   * Whether a file may be read as this folder's content: with symbolic links resolved, it is inside the folder (or,
   * for git's own files above a package folder, inside the enclosing work tree).
   */
  insideFolder(absPath: string): boolean {
    const abs = path.resolve(absPath);
    if (isWithin(this.root, abs)) return isInsideFolder(this.root, abs);
    return this.gitRoot !== this.root && isWithin(this.gitRoot, abs) && isInsideFolder(this.gitRoot, abs);
  }

  /** The files not read because they resolve outside the folder, one note each (for the CLI report). */
  refusedReads(): string[] {
    return [...this.refused];
  }

  /** Call when .gitignore, .secretlintignore or a family's config file changes. */
  reload(): void {
    this.gitignores.clear();
    this.scanIgnore = this.buildScanIgnore();
    this.configs.clear();
    this.fingerprintSet = undefined;
    this.configEpoch++;
  }

  configVersion(): number {
    return this.configEpoch;
  }

  /** Applies the ignore globs of the settings; cheap when they did not change. */
  setIgnore(globs: string[]): void {
    if (JSON.stringify(globs) === JSON.stringify(this.settingsIgnore)) return;
    this.settingsIgnore = [...globs];
    this.scanIgnore = this.buildScanIgnore();
    this.configEpoch++;
  }

  /** No .secretlintignore and no ignore setting: nothing to ask the matcher (it costs microseconds a path). */
  private scanIgnoreEmpty = true;

  private buildScanIgnore(): Ignore {
    const ig = ignore();
    const text = this.readDisk(path.join(this.root, '.secretlintignore'));
    if (text) ig.add(text);
    ig.add(this.settingsIgnore);
    this.scanIgnoreEmpty = !text?.trim() && !this.settingsIgnore.length;
    return ig;
  }

  private rel(absPath: string): string | undefined {
    // A normalised absolute path below the root (every walked file, every open document): its tail, without
    // path.resolve and path.relative (~2 us a call, asked on every analysis).
    const pre = this.rootPrefix;
    if (absPath.length > pre.length && absPath.startsWith(pre) && !NOT_NORMALISED.test(absPath.slice(pre.length - 1))) {
      const tail = absPath.slice(pre.length);
      return path.sep === '/' ? tail : tail.split(path.sep).join('/');
    }
    const r = path.relative(this.root, path.resolve(absPath));
    // Outside: `..` or a path through it (a file named `..x` at the root is inside).
    if (!r || r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r)) return undefined;
    return r.split(path.sep).join('/');
  }

  contains(absPath: string): boolean {
    return this.rel(absPath) !== undefined;
  }

  /** A workspace file as fixes see it (an adapter may overlay open, unsaved buffers). */
  readFile(absPath: string): string | undefined {
    return this.readDisk(absPath);
  }

  /**
   * A file as it is on disk: the folder's own configuration (.gitignore, ignore files, family config,
   * fingerprints) is always read from disk, so an unsaved buffer never leaks into the shared caches.
   */
  protected readDisk(absPath: string): string | undefined {
    // A file that resolves outside the folder is not read (a link to a FIFO or a device is not even opened), and said once.
    if (!this.insideFolder(absPath)) {
      const note = existsAsLink(absPath) ? outsideNote(isWithin(this.root, path.resolve(absPath)) ? this.root : this.gitRoot, absPath) : undefined;
      if (note && !this.refused.has(note)) {
        this.refused.add(note);
        this.onRefused?.(note);
      }
      return undefined;
    }
    try {
      return fs.readFileSync(absPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  private gitignoreAt(dir: string): Ignore | null {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir)!;
    let ig: Ignore | null = null;
    const text = this.readDisk(path.join(dir, '.gitignore'));
    const extra = dir === this.gitRoot ? this.readDisk(path.join(dir, '.git', 'info', 'exclude')) : undefined;
    if (text || extra) {
      ig = ignore();
      if (text) ig.add(text);
      if (extra) ig.add(extra);
    }
    this.gitignores.set(dir, ig);
    return ig;
  }

  /** As git sees it: every .gitignore from the work tree's root down to the file, and .git/info/exclude. */
  isGitIgnored(absPath: string): boolean {
    const r = path.relative(this.gitRoot, path.resolve(absPath));
    if (!r || r.startsWith('..') || path.isAbsolute(r)) return false;
    const parts = r.split(path.sep);
    // Folder by folder from the work tree's root, as the walk goes: an excluded folder excludes all below it.
    const chain: GitignoreLevel[] = [];
    for (let i = 0; i < parts.length; i++) {
      const dir = path.join(this.gitRoot, ...parts.slice(0, i));
      const ig = this.gitignoreAt(dir);
      if (ig) chain.push({ base: dir, ig });
      const abs = path.join(this.gitRoot, ...parts.slice(0, i + 1));
      if (ignoredBy(chain, abs, i < parts.length - 1)) return true;
    }
    return false;
  }

  isScanIgnored(absPath: string): boolean {
    // Asked on every analysis: answered once per path while the ignore rules are the same. Kept for the files
    // analysed again and again (the ones being edited), not for each of 20,000 files indexed once (0.9 MiB of table).
    const hit = this.scanIgnoredMemo.get(absPath);
    if (hit !== undefined && this.scanIgnoredEpoch === this.configEpoch) return hit;
    if (this.scanIgnoredEpoch !== this.configEpoch || this.scanIgnoredMemo.size >= 256) {
      this.scanIgnoredMemo.clear();
      this.scanIgnoredEpoch = this.configEpoch;
    }
    const rel = this.rel(absPath);
    const r = rel !== undefined && (rel.split('/').some((p) => ALWAYS_SKIP_DIRS.has(p)) || (!this.scanIgnoreEmpty && this.scanIgnore.ignores(rel)));
    this.scanIgnoredMemo.set(absPath, r);
    return r;
  }
  private readonly scanIgnoredMemo = new Map<string, boolean>();
  private scanIgnoredEpoch = -1;

  /** A family's folder configuration (loaded once, again after reload()). */
  config(family: string): unknown {
    if (!this.configs.has(family)) {
      const fam = FAMILIES.find((f) => f.name === family);
      this.configs.set(family, fam?.folderConfig?.load(this.root, (p) => this.readDisk(p)));
    }
    return this.configs.get(family);
  }

  /** Runs the families' async folder preparation (rule packages of a trusted workspace, ...). */
  async prepare(): Promise<{ options: Record<string, unknown>; notes: string[]; restricted: Array<{ by: string; packages: string[] }> }> {
    const options: Record<string, unknown> = {};
    const notes: string[] = [];
    const restricted: Array<{ by: string; packages: string[] }> = [];
    for (const fam of FAMILIES) {
      if (!fam.prepareFolder) continue;
      const r = await fam.prepareFolder({ root: this.root, trusted: this.trusted, config: this.config(fam.name) });
      options[fam.name] = r.options;
      notes.push(...r.notes);
      restricted.push(...(r.restricted ?? []));
    }
    return { options, notes, restricted };
  }

  /** Fingerprints of findings accepted on purpose (.microapp-guard-ignore), read once per reload. */
  fingerprints(): ReadonlySet<string> {
    return (this.fingerprintSet ??= parseFingerprints(this.readDisk(fingerprintFilePath(this.root))));
  }

  /** Names of the files whose change reloads folder configuration (.gitignore, ignore files, family config files). */
  static configFileNames(): string[] {
    return ['.gitignore', '.secretlintignore', FINGERPRINT_FILE, ...FAMILIES.flatMap((f) => f.folderConfig?.files ?? [])];
  }

  /** Files to scan below `dir` (default: the root), in a stable order. */
  *walk(dir: string = this.root): Generator<string> {
    dir = path.resolve(dir);
    const relDir = dir === this.root ? '' : this.rel(dir);
    if (relDir && relDir.split('/').some((p) => ALWAYS_SKIP_DIRS.has(p))) return;
    // The .gitignore files that apply inside `dir`: from the work tree's root down to `dir`'s parent.
    const chain: GitignoreLevel[] = [];
    const fromGit = path.relative(this.gitRoot, dir);
    if (!fromGit.startsWith('..') && !path.isAbsolute(fromGit)) {
      const parts = fromGit ? fromGit.split(path.sep) : [];
      for (let i = 0; i < parts.length; i++) {
        const base = path.join(this.gitRoot, ...parts.slice(0, i));
        const ig = this.gitignoreAt(base);
        if (ig) chain.push({ base, ig });
      }
    }
    yield* this.walkDir(dir, chain, relDir);
  }

  /**
   * One directory of the walk. The ignore state is carried down (the .gitignore files above, the path relative to
   * the root) instead of being rebuilt from the root for every entry; a directory's own .gitignore is read only
   * when its listing holds one. An ignored directory is not entered, as git does.
   */
  private *walkDir(dir: string, chain: GitignoreLevel[], relDir: string | undefined): Generator<string> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let here = chain;
    const inGit = dir === this.gitRoot || dir.startsWith(this.gitRoot + path.sep);
    if (inGit) {
      const hasOwn = entries.some((e) => e.name === '.gitignore') || dir === this.gitRoot;
      if (!hasOwn && !this.gitignores.has(dir)) this.gitignores.set(dir, null);
      const ig = this.gitignoreAt(dir);
      if (ig) here = [...chain, { base: dir, ig }];
    }
    // `dir` is absolute and normalised, and an entry's name has no separator: a concatenation is the join. (path.join
    // normalises again, a piece at a time: the walk of 20,000 files 103 -> 78 ms so, measured side by side.)
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const e of entries) {
      // Joined, not concatenated: a flat string. A concatenation is a two-part string that V8 flattens when the path
      // is first used as a key and keeps as a 32-byte wrapper over the flat copy wherever it is held (1.6 MiB over the
      // 20,000 paths the language server's maps hold).
      const abs = [prefix, e.name].join('');
      const rel = relDir === undefined ? undefined : relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (ALWAYS_SKIP_DIRS.has(e.name)) continue;
        if ((inGit && ignoredBy(here, abs, true)) || (rel !== undefined && !this.scanIgnoreEmpty && this.scanIgnore.ignores(rel + '/'))) continue;
        yield* this.walkDir(abs, here, rel);
      } else if (e.isFile()) {
        if ((inGit && ignoredBy(here, abs, false)) || (rel !== undefined && !this.scanIgnoreEmpty && this.scanIgnore.ignores(rel))) continue;
        if (BINARY_EXT.has(path.extname(e.name).toLowerCase())) continue;
        if (e.name === SCAN_CACHE_FILE) continue;
        yield abs;
      }
    }
  }

  /** Reads a file for scanning; no text (with a reason) for binaries, oversized and unreadable files. */
  readForScan(absPath: string): ScanRead {
    // One open, one fstat, reads, one close (readFileSync after a stat would ask the file system for the size twice).
    let fd: number;
    try {
      fd = fs.openSync(absPath, 'r');
    } catch (e) {
      return { skipped: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, skip: 'unreadable' };
    }
    let st: fs.Stats;
    let buf: Buffer;
    try {
      st = fs.fstatSync(fd);
      if (st.size > this.maxFileSize) return { skipped: `larger than ${Math.round(this.maxFileSize / 1024 / 1024)} MB`, skip: 'too-large' };
      buf = readAll(fd, st.size, this.maxFileSize + 1);
      if (buf.length > this.maxFileSize) return { skipped: `larger than ${Math.round(this.maxFileSize / 1024 / 1024)} MB`, skip: 'too-large' };
    } catch (e) {
      return { skipped: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, skip: 'unreadable' };
    } finally {
      fs.closeSync(fd);
    }
    const read = decodeForScan(buf);
    if (!('text' in read)) return { skipped: 'binary', skip: 'binary' };
    // The tool's own reports are not the app's content (a SARIF log's help links are not integrations).
    const own = ownOutputKind(read.text);
    if (own) return { skipped: `microapp-guard's own output (${own})`, skip: 'own-output' };
    return { text: read.text, stamp: fileStamp(st) };
  }
}

interface GitignoreLevel {
  base: string;
  ig: Ignore;
}

/**
 * As git decides: the deepest .gitignore with a pattern that matches the path has the last word (a `!pattern` in a
 * folder's own .gitignore re-includes what a parent's excluded). A path inside an excluded folder is never asked:
 * the walk does not enter it, and isGitIgnored asks every folder on the way first.
 */
function ignoredBy(chain: GitignoreLevel[], abs: string, isDir: boolean): boolean {
  for (let i = chain.length - 1; i >= 0; i--) {
    const { base, ig } = chain[i];
    const r = abs.slice(base.length + 1).split(path.sep).join('/');
    if (!r) continue;
    const t = ig.test(isDir ? r + '/' : r);
    if (t.ignored) return true;
    if (t.unignored) return false;
  }
  return false;
}

function findGitRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
